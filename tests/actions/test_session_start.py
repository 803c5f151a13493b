"""action_session_start: the language and municipality the channel passed start the conversation."""

from __future__ import annotations

from bot.actions.session_start import ActionSessionStart
from tests.actions.conftest import make_tracker, run_action, slot_events


async def test_the_language_the_website_passed_starts_the_conversation():
    tracker = make_tracker(
        "", "session_start", slots={"session_started_metadata": {"language": "sv"}}
    )
    _, events = await run_action(ActionSessionStart(), tracker)
    assert events[0]["event"] == "session_started"
    assert slot_events(events)["language"] == "sv"
    assert events[-1] == {**events[-1], "event": "action", "name": "action_listen"}


async def test_an_unsupported_language_in_the_metadata_is_ignored():
    tracker = make_tracker(
        "", "session_start",
        slots={"language": None, "session_started_metadata": {"language": "<b>xx</b>"}},
    )  # fmt: skip
    _, events = await run_action(ActionSessionStart(), tracker)
    assert "language" not in slot_events(events)


async def test_the_municipality_is_carried_over_but_a_pending_question_is_not():
    tracker = make_tracker(
        "", "session_start",
        slots={"municipality": "Pori", "pending_topic": "ngo_activities",
               "awaiting": "municipality"},
    )  # fmt: skip
    _, events = await run_action(ActionSessionStart(), tracker)
    slots = slot_events(events)
    assert slots["municipality"] == "Pori"
    assert "pending_topic" not in slots and "awaiting" not in slots


async def test_a_language_tag_with_a_region_starts_the_conversation_in_that_language():
    tracker = make_tracker(
        "", "session_start", slots={"session_started_metadata": {"language": "sv-FI"}}
    )
    _, events = await run_action(ActionSessionStart(), tracker)
    assert slot_events(events)["language"] == "sv"


async def test_the_municipality_the_website_serves_becomes_the_persons_municipality():
    tracker = make_tracker(
        "", "session_start",
        slots={"municipality": None,
               "session_started_metadata": {"language": "sv", "municipality": "Vanda"}},
    )  # fmt: skip
    _, events = await run_action(ActionSessionStart(), tracker)
    assert {"event": "slot", "name": "municipality", "value": "Vantaa"} in [
        {key: event.get(key) for key in ("event", "name", "value")} for event in events
    ]


async def test_a_municipality_the_person_already_gave_wins_over_the_websites():
    tracker = make_tracker(
        "", "session_start",
        slots={"municipality": "Oulu", "session_started_metadata": {"municipality": "Vantaa"}},
    )  # fmt: skip
    _, events = await run_action(ActionSessionStart(), tracker)
    municipalities = [e["value"] for e in events if e.get("name") == "municipality"]
    assert municipalities == ["Oulu"]


async def test_an_unknown_or_hostile_municipality_from_a_website_is_ignored():
    for sent in ("Atlantis", "'; DROP TABLE municipalities; --", "", 42, ["Vantaa"], "x" * 10_000):
        tracker = make_tracker(
            "", "session_start",
            slots={"municipality": None, "session_started_metadata": {"municipality": sent}},
        )  # fmt: skip
        _, events = await run_action(ActionSessionStart(), tracker)
        assert not [e for e in events if e.get("name") == "municipality"], sent
