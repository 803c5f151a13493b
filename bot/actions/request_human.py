"""Record the user's request for a person so an adviser can take the conversation over."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import context
from bot.actions.context import conversation_language, latest_text, say
from knowledge.handoffs import record_handoff_request


class ActionRequestHuman(Action):
    """Store a handoff request with what the bot knows, and tell the user it is recorded."""

    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        lang = conversation_language(tracker)
        with context.knowledge_session() as session:
            record_handoff_request(
                session,
                sender_id=tracker.sender_id,
                channel=tracker.get_latest_input_channel() or "unknown",
                language=lang,
                topic=tracker.get_slot("pending_topic"),
                municipality=tracker.get_slot("municipality"),
                last_message=latest_text(tracker),
            )
        say(dispatcher, "utter_handoff_requested", lang)
        return []
