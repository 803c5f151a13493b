"""Confirm a change of language in the language the user asked for."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.context import conversation_language, say


class ActionSwitchLanguage(Action):
    """Say, in the new language, that the conversation goes on in it."""

    def name(self) -> str:
        return "action_switch_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        # The NLU's language entity has already filled the slot through its mapping.
        say(dispatcher, "utter_language_switched", conversation_language(tracker))
        return []
