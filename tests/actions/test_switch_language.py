"""action_switch_language: the confirmation comes in the new language."""

from __future__ import annotations

from bot.actions.switch_language import ActionSwitchLanguage
from tests.actions.conftest import make_tracker, render, run_action, texts


async def test_the_switch_is_confirmed_in_the_language_now_set():
    tracker = make_tracker("på svenska tack", "switch_language", slots={"language": "sv"})
    messages, events = await run_action(ActionSwitchLanguage(), tracker)
    assert texts(messages) == [render("utter_language_switched", "sv")]
    assert events == []
