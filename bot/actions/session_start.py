"""Start a conversation in the language the website (or another channel) asked for."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from locales import SUPPORTED_LANGUAGES

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
        metadata = tracker.get_slot("session_started_metadata") or {}
        requested = metadata.get("language") if isinstance(metadata, dict) else None
        if isinstance(requested, str):
            # A website may say "sv-FI" or "fi_FI": the language is the part before the region.
            language = re.split(r"[-_]", requested.strip().lower(), maxsplit=1)[0]
            if language in SUPPORTED_LANGUAGES:
                events.append(SlotSet("language", language))
        events.append(ActionExecuted("action_listen"))
        return events
