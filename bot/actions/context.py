"""What every action needs: the database, today's date and the conversation's language."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from knowledge.clock import today_in_finland
from knowledge.db import create_engine_for, session_scope
from knowledge.settings import Settings
from locales import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, Catalog, load_catalog


@lru_cache(maxsize=1)
def database_engine() -> Engine:
    """The action server's engine, created on first use from the environment."""
    return create_engine_for(Settings.from_env().database_url)


@contextmanager
def knowledge_session() -> Iterator[Session]:
    """A session on the knowledge base for one action run."""
    with session_scope(database_engine()) as session:
        yield session


def today() -> date:
    """The date answers are given for (Finnish time); a function so tests can pin it."""
    return today_in_finland()


def conversation_language(tracker: Tracker) -> str:
    """The language to answer in: the conversation's, or the default for an unknown one."""
    language = tracker.get_slot("language")
    return language if language in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


def latest_text(tracker: Tracker) -> str:
    """The text of the user's latest message, never None."""
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> str | None:
    """The intent Rasa chose for the latest message (nlu_fallback included, as Rasa chose it)."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name")


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """Every sentence in every language, read once per process."""
    return load_catalog()


def say(dispatcher: CollectingDispatcher, key: str, lang: str, **arguments: object) -> None:
    """Send one message rendered here from locales/.

    Rendering in the action server rather than through Rasa's NLG endpoint saves Rasa a round
    trip per bubble, each carrying the whole serialised conversation (see bench/).
    """
    rendered = catalog().render(key, lang, **arguments)
    dispatcher.utter_message(text=rendered["text"], buttons=list(rendered.get("buttons", [])))
