"""Take the user's answer to the question the bot asked (municipality, or a yes/no detail)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.context import conversation_language, latest_intent, latest_text, say
from bot.actions.guidance import (
    answer_topic,
    continue_with_municipality,
    resolve_typed_municipality,
)
from knowledge import queries


class ActionContinue(Action):
    """Answer the pending topic once the user has told the bot what it asked for."""

    def name(self) -> str:
        return "action_continue"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent = latest_intent(tracker)
        if intent in ("affirm", "deny"):
            return self._yes_no_answer(dispatcher, tracker, yes=intent == "affirm")
        # The gazetteer found a municipality and the slot mapping has stored it (the last one,
        # if the message named several: "I moved from Turku to Tampere").
        if next(tracker.get_latest_entity_values("municipality"), None):
            return continue_with_municipality(dispatcher, tracker, tracker.get_slot("municipality"))
        # The model thinks this is a place name but the gazetteer knows no such municipality.
        return resolve_typed_municipality(dispatcher, tracker, latest_text(tracker)) or []

    @staticmethod
    def _yes_no_answer(
        dispatcher: CollectingDispatcher, tracker: Tracker, *, yes: bool
    ) -> list[EventType]:
        pending = tracker.get_slot("pending_topic")
        detail = tracker.get_slot("awaiting")
        if detail not in queries.DETAILS or not pending:
            # A yes or no to nothing: say what Opas can help with instead of guessing.
            say(dispatcher, "utter_capabilities", conversation_language(tracker))
            return []
        # The slot named after the detail (jobseeker, minor, protection) remembers the answer.
        events: list[EventType] = [SlotSet(detail, yes)]
        return events + answer_topic(dispatcher, tracker, pending, **{detail: yes})
