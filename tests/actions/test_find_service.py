"""action_find_service: where to go for a service, asking for what the answer depends on."""

from __future__ import annotations

from bot.actions.find_service import ActionFindService
from tests.actions.conftest import make_tracker, run_action, slot_events


async def test_jobseeker_without_a_municipality_is_asked_where_they_live():
    tracker = make_tracker("where do I register as a jobseeker", "find_job")
    messages, events = await run_action(ActionFindService(), tracker)
    assert [m["response"] for m in messages] == ["utter_ask_municipality"]
    assert slot_events(events) == {
        "pending_topic": "employment_services",
        "awaiting": "municipality",
    }


async def test_jobseeker_in_tampere_is_sent_to_the_tampere_employment_area():
    tracker = make_tracker(
        "työnhakijaksi Tampereella", "find_job", slots={"municipality": "Tampere", "language": "fi"}
    )
    messages, events = await run_action(ActionFindService(), tracker)
    referral = messages[0]
    assert referral["response"] == "utter_where_to_go"
    assert referral["language"] == "fi"
    assert "Tampere" in referral["actor"]
    assert "työllisyysalue" in referral["actor"].lower()
    assert referral["url"].startswith("https://")
    assert referral["reason"]
    assert messages[-1]["response"] == "utter_source"
    assert messages[-1]["source_url"].startswith("http")
    assert slot_events(events) == {"pending_topic": None, "awaiting": None}


async def test_integration_plan_asks_whether_the_user_is_a_registered_jobseeker():
    tracker = make_tracker(
        "integration plan", "ask_integration_plan", slots={"municipality": "Oulu"}
    )
    messages, events = await run_action(ActionFindService(), tracker)
    assert [m["response"] for m in messages] == ["utter_ask_jobseeker"]
    assert slot_events(events) == {"pending_topic": "integration_plan", "awaiting": "jobseeker"}


async def test_integration_plan_for_a_registered_jobseeker_comes_from_the_employment_area():
    slots = {"municipality": "Espoo", "jobseeker": True}
    messages, _ = await run_action(
        ActionFindService(), make_tracker("integration plan", "ask_integration_plan", slots=slots)
    )
    assert "Espoo" in messages[0]["actor"]
    assert "employment" in messages[0]["actor"].lower()


async def test_integration_plan_for_someone_not_registered_comes_from_the_municipality():
    slots = {"municipality": "Espoo", "jobseeker": False, "language": "sv"}
    messages, _ = await run_action(
        ActionFindService(), make_tracker("integrationsplan", "ask_integration_plan", slots=slots)
    )
    assert "Esbo" in messages[0]["actor"]
    assert "sysselsättning" not in messages[0]["actor"].lower()


async def test_ngo_activities_in_helsinki_list_local_entries_with_their_check_date():
    slots = {"municipality": "Helsinki"}
    messages, _ = await run_action(
        ActionFindService(), make_tracker("ngo activities", "find_ngo_activities", slots=slots)
    )
    responses = [m["response"] for m in messages]
    assert responses[0] == "utter_where_to_go"
    assert "utter_directory_intro" in responses
    entries = [m for m in messages if m["response"] == "utter_directory_entry"]
    assert 1 <= len(entries) <= 5
    assert all(e["checked_on"].count(".") == 2 for e in entries)


async def test_employment_services_on_aland_are_not_sent_to_a_mainland_office():
    slots = {"municipality": "Maarianhamina"}
    tracker = make_tracker("job", "find_job", slots=slots)
    messages, _ = await run_action(ActionFindService(), tracker)
    assert [m["response"] for m in messages] == ["utter_no_local_answer"]
