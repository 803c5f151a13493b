"""Reply honestly when the bot did not understand, or take the text as an awaited place name."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.context import catalog, conversation_language, latest_text, say
from bot.actions.guidance import resolve_typed_municipality
from bot.actions.request_human import FAILED_INTENTS, intent_of, user_turns
from locales import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES

# An answer to "which municipality?" is a name, not a paragraph: longer text is a new question.
MAX_WORDS_IN_A_PLACE_NAME = 4


class ActionFallback(Action):
    """Say what Opas cannot do and what it can, unless the text answers the bot's question."""

    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        lang = conversation_language(tracker)
        text = latest_text(tracker).strip()
        if not text:
            say(dispatcher, "utter_empty_message", lang)
            return []
        detected = tracker.latest_message.get("language_detection") or {}
        if detected.get("unsupported"):
            offer_languages(dispatcher)
            return []
        awaiting_place = tracker.get_slot("awaiting") == "municipality"
        if awaiting_place and len(re.findall(r"\w+", text)) <= MAX_WORDS_IN_A_PLACE_NAME:
            return resolve_typed_municipality(dispatcher, tracker, text) or []
        # The second failure in a row: a person may help where the bot cannot.
        say(dispatcher, "utter_offer_person" if failed_before(tracker) else "utter_cannot_help",
            lang)  # fmt: skip
        return []


def failed_before(tracker: Tracker) -> bool:
    """Whether the user's previous message was not understood either."""
    turns = user_turns(tracker)
    return len(turns) >= 2 and intent_of(turns[-2]) in FAILED_INTENTS


def offer_languages(dispatcher: CollectingDispatcher) -> None:
    """In English, since Opas cannot read the user's language: the languages it speaks, as
    buttons named in each language itself, each switching the conversation to it."""
    texts = catalog()
    dispatcher.utter_message(
        text=texts.render("utter_unsupported_language", DEFAULT_LANGUAGE)["text"],
        buttons=[
            {
                "title": texts.render("language_name", code)["text"],
                "payload": f'/switch_language{{"language": "{code}"}}',
            }
            for code in SUPPORTED_LANGUAGES
        ],
    )
