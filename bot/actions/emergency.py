"""Danger or violence: the emergency number first, then a person offered."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.context import conversation_language, say
from knowledge.emergency import emergency_number


class ActionEmergency(Action):
    def name(self) -> str:
        return "action_emergency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        say(dispatcher, "utter_emergency", conversation_language(tracker),
            number=emergency_number().number)  # fmt: skip
        return []
