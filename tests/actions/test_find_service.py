"""action_find_service: where to go for a service, asking for what the answer depends on."""

from __future__ import annotations

from bot.actions.find_service import ActionFindService
from tests.actions.conftest import TODAY, make_tracker, render, run_action, slot_events, texts


async def test_jobseeker_without_a_municipality_is_asked_where_they_live():
    tracker = make_tracker("where do I register as a jobseeker", "find_job")
    messages, events = await run_action(ActionFindService(), tracker)
    assert texts(messages) == [render("utter_ask_municipality")]
    assert slot_events(events) == {
        "pending_topic": "employment_services",
        "awaiting": "municipality",
    }


async def test_jobseeker_in_tampere_is_sent_to_the_tampere_employment_area():
    slots = {"municipality": "Tampere", "language": "fi"}
    tracker = make_tracker("työnhakijaksi Tampereella", "find_job", slots=slots)
    messages, events = await run_action(ActionFindService(), tracker)
    first = messages[0]["text"]
    assert "Tampereen seudun työllisyysalue" in first
    assert "https://" in first
    assert (
        render("utter_source", "fi", source_url="X", checked_on="Y").split("X")[0]
        in (messages[-1]["text"])
    )
    assert slot_events(events) == {"pending_topic": None, "awaiting": None}


async def test_employment_services_mention_that_the_te_offices_closed():
    slots = {"municipality": "Oulu"}
    messages, _ = await run_action(
        ActionFindService(), make_tracker("job", "find_job", slots=slots)
    )
    notice_prefix = render("utter_change_notice", notice="X").split("X")[0]
    assert any(text.startswith(notice_prefix) and "TE" in text for text in texts(messages))


async def test_integration_plan_asks_whether_the_user_is_a_registered_jobseeker():
    tracker = make_tracker(
        "integration plan", "ask_integration_plan", slots={"municipality": "Oulu"}
    )
    messages, events = await run_action(ActionFindService(), tracker)
    assert texts(messages) == [render("utter_ask_jobseeker")]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny"]
    assert slot_events(events) == {"pending_topic": "integration_plan", "awaiting": "jobseeker"}


async def test_integration_plan_for_a_registered_jobseeker_comes_from_the_employment_area():
    slots = {"municipality": "Espoo", "jobseeker": True}
    messages, _ = await run_action(
        ActionFindService(), make_tracker("integration plan", "ask_integration_plan", slots=slots)
    )
    first = messages[0]["text"]
    assert "Espoo" in first and "employment area" in first.lower()


async def test_integration_plan_for_someone_not_registered_comes_from_the_municipality():
    slots = {"municipality": "Espoo", "jobseeker": False, "language": "sv"}
    messages, _ = await run_action(
        ActionFindService(), make_tracker("integrationsplan", "ask_integration_plan", slots=slots)
    )
    first = messages[0]["text"]
    assert "Esbo" in first
    assert "sysselsättningsområde" not in first.lower()


async def test_ngo_activities_in_helsinki_list_at_most_five_local_entries_with_check_dates():
    slots = {"municipality": "Helsinki"}
    messages, _ = await run_action(
        ActionFindService(), make_tracker("ngo activities", "find_ngo_activities", slots=slots)
    )
    intro = render("utter_directory_intro", municipality="Helsinki")
    said = texts(messages)
    assert intro in said
    entries = said[said.index(intro) + 1 : -1]
    checked = render("utter_directory_entry", name="N", description="D", url="", checked_on="C")
    checked_prefix = checked.splitlines()[-1].split("C")[0]
    assert 1 <= len(entries) <= 5
    assert all(checked_prefix in entry for entry in entries)


async def test_employment_services_on_aland_are_not_sent_to_a_mainland_office():
    slots = {"municipality": "Maarianhamina"}
    tracker = make_tracker("job", "find_job", slots=slots)
    messages, _ = await run_action(ActionFindService(), tracker)
    assert texts(messages) == [render("utter_no_local_answer", municipality="Maarianhamina")]


async def test_residence_permits_are_handled_by_the_finnish_immigration_service():
    tracker = make_tracker("oleskelulupa", "ask_residence_permit", slots={"language": "fi"})
    messages, _ = await run_action(ActionFindService(), tracker)
    assert "Maahanmuuttovirasto" in messages[0]["text"]
    assert "https://migri.fi" in messages[0]["text"]


async def test_language_courses_first_ask_whether_the_user_is_under_18():
    tracker = make_tracker("finnish course", "find_language_course", slots={"municipality": "Oulu"})
    messages, events = await run_action(ActionFindService(), tracker)
    assert texts(messages) == [render("utter_ask_minor")]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny"]
    assert slot_events(events) == {"pending_topic": "language_courses", "awaiting": "minor"}


async def test_an_unaccompanied_minor_is_asked_about_international_protection():
    tracker = make_tracker(
        "i came alone", "ask_unaccompanied_minors", slots={"municipality": "Oulu"}
    )
    messages, events = await run_action(ActionFindService(), tracker)
    assert texts(messages) == [render("utter_ask_protection")]
    assert slot_events(events)["awaiting"] == "protection"


async def test_a_library_question_names_the_municipality_and_lists_local_libraries():
    slots = {"municipality": "Espoo", "language": "sv"}
    messages, _ = await run_action(
        ActionFindService(), make_tracker("bibliotek", "find_library", slots=slots)
    )
    assert "Esbo" in messages[0]["text"]
    intro = render("utter_directory_intro", "sv", municipality="Esbo")
    assert intro in texts(messages)


async def test_a_topic_the_base_no_longer_answers_gets_an_honest_reply(monkeypatch):
    from knowledge import queries

    def nothing(*args, **kwargs):
        raise queries.NothingInForce("libraries", TODAY)

    monkeypatch.setattr(queries, "where_to_go", nothing)
    tracker = make_tracker("library", "find_library", slots={"municipality": "Espoo"})
    messages, events = await run_action(ActionFindService(), tracker)
    assert texts(messages) == [render("utter_cannot_help")]
    assert slot_events(events) == {"pending_topic": None, "awaiting": None}
