"""Action tests: a tracker in, a CollectingDispatcher and events out, on the real knowledge data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import Engine

from bot.actions import context
from knowledge.db import create_engine_for, create_schema
from knowledge.loader import load

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="session")
def knowledge_engine() -> Engine:
    engine = create_engine_for("sqlite://")
    create_schema(engine)
    load(engine)
    return engine


@pytest.fixture(autouse=True)
def actions_use_the_test_database(
    knowledge_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    monkeypatch.setattr(context, "database_engine", lambda: knowledge_engine)
    monkeypatch.setattr(context, "today", lambda: TODAY)
    yield


def make_tracker(
    text: str,
    intent: str,
    *,
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    sender_id: str = "test-user",
) -> Tracker:
    """A tracker whose latest message is `text`, classified as `intent`."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.95},
        "entities": entities or [],
    }
    return Tracker(
        sender_id=sender_id,
        slots={"language": "en", **(slots or {})},
        latest_message=latest,
        events=[{"event": "user", "text": text, "input_channel": "rest", "parse_data": latest}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def run_action(action: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    """Run an action; return what it told the user and the events it returned."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return dispatcher.messages, events


def slot_events(events: list[Any]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def render(key: str, lang: str = "en", **arguments: Any) -> str:
    """The text the user reads for a locale key."""
    return str(context.catalog().render(key, lang, **arguments)["text"])


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in messages]
