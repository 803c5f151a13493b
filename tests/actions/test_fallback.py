"""action_fallback: honest when it does not understand; takes an awaited place name."""

from __future__ import annotations

import pytest

from bot.actions.fallback import ActionFallback
from locales import SUPPORTED_LANGUAGES
from tests.actions.conftest import make_tracker, render, run_action, slot_events, texts


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
async def test_an_empty_message_is_answered_in_the_conversation_language(text):
    tracker = make_tracker(text, "nlu_fallback", slots={"language": "sv"})
    messages, _ = await run_action(ActionFallback(), tracker)
    assert texts(messages) == [render("utter_empty_message", "sv")]


async def test_an_unclear_question_gets_i_cannot_help_with_what_opas_can_do():
    tracker = make_tracker("can you book me a table for two tonight", "nlu_fallback")
    messages, _ = await run_action(ActionFallback(), tracker)
    assert texts(messages) == [render("utter_cannot_help")]


async def test_a_short_unclear_reply_to_which_municipality_is_taken_as_a_place_name():
    tracker = make_tracker(
        "vaasaan", "nlu_fallback",
        slots={"awaiting": "municipality", "pending_topic": "sports_leisure"},
    )  # fmt: skip
    messages, events = await run_action(ActionFallback(), tracker)
    assert slot_events(events)["municipality"] == "Vaasa"
    assert "Vaasa" in messages[0]["text"] or "Vasa" in messages[0]["text"]


@pytest.mark.parametrize(
    "text", ["'; DROP TABLE areas; --", "<script>alert(1)</script>", "x" * 10_000]
)
async def test_hostile_text_as_a_place_name_is_an_unknown_municipality(text):
    tracker = make_tracker(
        text,
        "nlu_fallback",
        slots={"awaiting": "municipality", "pending_topic": "ngo_activities"},
    )
    messages, events = await run_action(ActionFallback(), tracker)
    opening = render("utter_unknown_municipality_no_suggestions", place="X").split("X")[0]
    assert messages[0]["text"].startswith(opening)
    assert "municipality" not in slot_events(events)


async def test_a_language_opas_cannot_read_gets_the_spoken_languages_as_buttons_in_english():
    tracker = make_tracker("Szeretnék munkát találni Helsinkiben", "nlu_fallback")
    tracker.latest_message["language_detection"] = {"language": None, "unsupported": "hu"}
    messages, events = await run_action(ActionFallback(), tracker)
    assert texts(messages) == [render("utter_unsupported_language", "en")]
    payloads = [button["payload"] for button in messages[0]["buttons"]]
    assert '/switch_language{"language": "fi"}' in payloads
    assert len(payloads) == len(SUPPORTED_LANGUAGES)
    titles = [button["title"] for button in messages[0]["buttons"]]
    assert "suomi" in titles and "svenska" in titles
    assert events == []
