"""Start a conversation in the language, and for the municipality, the channel passed.

A website that embeds the chat says which language and municipality it serves (the widget's
`data-language` and `data-municipality`); Telegram passes the user's app language. Both arrive
as the metadata of the session's first message.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import context
from knowledge import queries
from locales import SUPPORTED_LANGUAGES

logger = logging.getLogger(__name__)

# Slots that belong to one conversation, not to the person: a new session starts without them.
SESSION_ONLY_SLOTS = {"pending_topic", "awaiting", "session_started_metadata"}


class ActionSessionStart(Action):
    """Carry the person's slots over and take the starting language from the channel's metadata."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        for slot, value in tracker.current_slot_values().items():
            if value is not None and slot not in SESSION_ONLY_SLOTS:
                events.append(SlotSet(slot, value))
        metadata = tracker.get_slot("session_started_metadata")
        metadata = metadata if isinstance(metadata, dict) else {}
        language = starting_language(metadata.get("language"))
        if language:
            events.append(SlotSet("language", language))
        # What the person told us earlier in the conversation wins over the website's setting.
        if tracker.get_slot("municipality") is None:
            municipality = known_municipality(metadata.get("municipality"))
            if municipality:
                events.append(SlotSet("municipality", municipality))
        events.append(ActionExecuted("action_listen"))
        return events


def starting_language(requested: Any) -> str | None:
    """A supported language code from "sv", "sv-FI" or "fi_FI" (the part before the region)."""
    if not isinstance(requested, str):
        return None
    language = re.split(r"[-_]", requested.strip().lower(), maxsplit=1)[0]
    return language if language in SUPPORTED_LANGUAGES else None


def known_municipality(requested: Any) -> str | None:
    """The official Finnish name of the municipality a website named, or None if none matches.

    A wrong name in a site's embed code must not send people to the wrong office: an unknown
    one is ignored and the bot asks the person, as it would without it.
    """
    if not isinstance(requested, str) or not requested.strip():
        return None
    try:
        with context.knowledge_session() as session:
            return queries.resolve_municipality(session, requested[:100]).name_fi
    except queries.UnknownMunicipality:
        return None
    except Exception:
        # The session must start even if the knowledge base cannot be read right now: the
        # person is asked where they live, as without the website's setting.
        logger.exception("Could not look up the municipality a website passed")
        return None
