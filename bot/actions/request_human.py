"""Hand the conversation to a human adviser: queue it, tell the user what happens, pause."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import handoff_client
from bot.actions.context import conversation_language, say
from bot.actions.find_service import TOPIC_BY_INTENT

logger = logging.getLogger(__name__)

FAILED_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
# An emergency this recent is the reason for the handoff, whatever the user pressed since.
EMERGENCY_LOOKBACK = 3


def user_turns(tracker: Tracker) -> list[dict[str, Any]]:
    return [event for event in tracker.events if event.get("event") == "user"]


def intent_of(event: dict[str, Any]) -> str | None:
    """The intent Rasa gave a user event."""
    return ((event.get("parse_data") or {}).get("intent") or {}).get("name")


def handoff_reason(tracker: Tracker) -> str:
    """ "emergency", "not_understood" (after two failures in a row) or "asked"."""
    turns = user_turns(tracker)
    if any(intent_of(e) == "report_emergency" for e in turns[-EMERGENCY_LOOKBACK:]):
        return "emergency"
    before = [intent_of(e) for e in turns[-3:-1]]
    if len(before) == 2 and all(intent in FAILED_INTENTS for intent in before):
        return "not_understood"
    return "asked"


def latest_topic(tracker: Tracker) -> str | None:
    """The topic being answered or asked about last, if any."""
    pending = tracker.get_slot("pending_topic")
    if pending:
        return str(pending)
    for event in reversed(user_turns(tracker)):
        topic = TOPIC_BY_INTENT.get(intent_of(event) or "")
        if topic:
            return topic
    return None


def transcript(tracker: Tracker) -> list[list[str]]:
    """What the user and the bot said, oldest first; button payloads are not the user's words."""
    lines = []
    for event in tracker.events:
        text = event.get("text")
        if event.get("event") not in ("user", "bot") or not isinstance(text, str):
            continue
        if event["event"] == "user" and text.startswith("/"):
            continue
        lines.append([event["event"], text])
    return lines


class ActionRequestHuman(Action):
    """Queue the conversation for the responsible organisation's advisers and pause the bot."""

    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        lang = conversation_language(tracker)
        municipality = tracker.get_slot("municipality")
        topic = latest_topic(tracker)
        payload = {
            "sender_id": tracker.sender_id,
            "channel": tracker.get_latest_input_channel() or "rest",
            "language": lang,
            "reason": handoff_reason(tracker),
            "topic": topic,
            "municipality": municipality,
            "collected": {
                "municipality": municipality,
                "topic": topic,
                "jobseeker": tracker.get_slot("jobseeker"),
                "minor": tracker.get_slot("minor"),
                "protection": tracker.get_slot("protection"),
            },
            "transcript": transcript(tracker),
        }
        try:
            state = await handoff_client.request_handoff(payload)
        except handoff_client.HandoffUnavailable as error:
            logger.warning("No handoff for this conversation: %s", error)
            say(dispatcher, "utter_handoff_unavailable", lang)
            return []
        say(
            dispatcher,
            handoff_client.QUEUE_MESSAGES[state["state"]],
            lang,
            position=state.get("position") or "",
            minutes=state.get("wait_minutes") or "",
            date=state.get("opens_date") or "",
            time=state.get("opens_time") or "",
        )
        # From here on the user's messages go to the adviser; the bot stays silent.
        return [ConversationPaused()]
