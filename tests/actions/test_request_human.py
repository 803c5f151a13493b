"""action_request_human: the conversation is queued for an adviser and the bot pauses;
action_emergency: the emergency number first; action_fallback offers a person after two misses."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from bot.actions import handoff_client
from bot.actions.emergency import ActionEmergency
from bot.actions.fallback import ActionFallback
from bot.actions.request_human import ActionRequestHuman
from knowledge.emergency import emergency_number
from tests.actions.conftest import make_tracker, render, run_action, texts


def user(text: str, intent: str) -> dict[str, Any]:
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    return {"event": "user", "text": text, "input_channel": "socketio", "parse_data": parse}


def conversation(*turns: tuple[str, str], slots: dict[str, Any] | None = None) -> Tracker:
    """A tracker whose events are the user turns (text, intent) with a bot line after each."""
    events: list[dict[str, Any]] = []
    for text, intent in turns:
        events += [user(text, intent), {"event": "bot", "text": f"reply to {text}"}]
    events.pop()  # the bot has not answered the latest message yet
    latest = events[-1]["parse_data"]
    return Tracker(
        sender_id="handoff-test",
        slots={"language": "fi", **(slots or {})},
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@pytest.fixture
def handoff_service(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Stands in for the web app: records each request and answers as `answer` says."""
    sent: list[dict[str, Any]] = []

    async def fake(payload: dict[str, Any]) -> dict[str, Any]:
        sent.append(payload)
        return {"id": "a" * 32, "state": "queued", "position": 2, "wait_minutes": 7,
                "opens_date": None, "opens_time": None}  # fmt: skip

    monkeypatch.setattr(handoff_client, "request_handoff", fake)
    return sent


async def test_the_user_hears_their_place_in_the_queue_and_the_bot_pauses(handoff_service):
    tracker = conversation(
        ("missä voin ilmoittautua työnhakijaksi", "find_job"),
        ("haluan puhua ihmisen kanssa, puhelin 040 1234567", "request_human"),
        slots={"municipality": "Lahti", "jobseeker": True},
    )
    messages, events = await run_action(ActionRequestHuman(), tracker)
    assert texts(messages) == [render("utter_handoff_queued", "fi", position=2, minutes=7)]
    assert messages[0]["buttons"][0]["payload"] == "/cancel_handoff"
    assert [e["event"] for e in events] == ["pause"]
    [payload] = handoff_service
    assert payload["sender_id"] == "handoff-test" and payload["channel"] == "socketio"
    assert (payload["language"], payload["reason"]) == ("fi", "asked")
    assert (payload["topic"], payload["municipality"]) == ("employment_services", "Lahti")
    assert payload["collected"]["jobseeker"] is True
    assert payload["transcript"][0] == ["user", "missä voin ilmoittautua työnhakijaksi"]
    assert payload["transcript"][1] == ["bot", "reply to missä voin ilmoittautua työnhakijaksi"]


async def test_after_two_misses_the_reason_is_not_understood(handoff_service):
    tracker = conversation(
        ("blah blah", "nlu_fallback"),
        ("qwerty", "nlu_fallback"),
        ("/request_human", "request_human"),
    )
    await run_action(ActionRequestHuman(), tracker)
    assert handoff_service[0]["reason"] == "not_understood"
    # A button payload is not what the user wrote.
    assert ["user", "/request_human"] not in handoff_service[0]["transcript"]


async def test_after_an_emergency_the_reason_is_emergency(handoff_service):
    tracker = conversation(
        ("mieheni lyö minua", "report_emergency"), ("/request_human", "request_human")
    )
    await run_action(ActionRequestHuman(), tracker)
    assert handoff_service[0]["reason"] == "emergency"


@pytest.mark.parametrize(
    ("answer", "key", "arguments"),
    [
        ({"state": "after_hours", "position": 1, "opens_date": "30.11.2026", "opens_time": "08:00"},
         "utter_handoff_after_hours", {"date": "30.11.2026", "time": "08:00"}),
        ({"state": "queue_full", "position": 31}, "utter_handoff_queue_full", {}),
    ],
)  # fmt: skip
async def test_outside_hours_or_with_a_full_queue_the_user_may_leave_a_message(
    monkeypatch, answer, key, arguments
):
    async def fake(payload: dict[str, Any]) -> dict[str, Any]:
        return answer

    monkeypatch.setattr(handoff_client, "request_handoff", fake)
    messages, events = await run_action(
        ActionRequestHuman(), conversation(("ihminen", "request_human"))
    )
    assert texts(messages) == [render(key, "fi", **arguments)]
    assert [e["event"] for e in events] == ["pause"]


async def test_without_the_handoff_service_the_user_is_told_and_the_bot_keeps_answering(
    monkeypatch,
):
    monkeypatch.delenv("HANDOFF_SERVICE_URL", raising=False)
    messages, events = await run_action(
        ActionRequestHuman(), conversation(("ihminen", "request_human"))
    )
    assert texts(messages) == [render("utter_handoff_unavailable", "fi")]
    assert events == []


async def test_an_emergency_gets_the_number_from_the_knowledge_base_and_a_person_offered():
    tracker = make_tracker("my husband hits me", "report_emergency")
    messages, _ = await run_action(ActionEmergency(), tracker)
    assert emergency_number().number == "112"
    assert texts(messages) == [render("utter_emergency", "en", number="112")]
    assert "112" in messages[0]["text"]
    assert messages[0]["buttons"][0]["payload"] == "/request_human"


async def test_the_second_miss_in_a_row_offers_a_person():
    first = conversation(("asdf", "nlu_fallback"))
    messages, _ = await run_action(ActionFallback(), first)
    assert texts(messages) == [render("utter_cannot_help", "fi")]
    second = conversation(("asdf", "nlu_fallback"), ("book me a table", "out_of_scope"))
    messages, _ = await run_action(ActionFallback(), second)
    assert texts(messages) == [render("utter_offer_person", "fi")]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/request_human", "/deny"]
