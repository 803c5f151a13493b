"""action_continue: the user's answer to the bot's question resumes the pending topic."""

from __future__ import annotations

from bot.actions.continue_conversation import ActionContinue
from tests.actions.conftest import make_tracker, render, run_action, slot_events, texts

HELSINKI = [{"entity": "municipality", "value": "Helsinki", "start": 0, "end": 11}]


async def test_a_municipality_answers_the_pending_topic():
    tracker = make_tracker(
        "Helsingissä",
        "inform_municipality",
        entities=HELSINKI,
        slots={"municipality": "Helsinki", "pending_topic": "employment_services",
               "awaiting": "municipality", "language": "fi"},
    )  # fmt: skip
    messages, events = await run_action(ActionContinue(), tracker)
    assert "Helsingin" in messages[0]["text"]  # Helsingin kaupunki / työllisyyspalvelut
    assert slot_events(events)["pending_topic"] is None


async def test_a_municipality_with_nothing_pending_is_remembered_and_confirmed():
    tracker = make_tracker(
        "I live in Helsinki", "inform_municipality", entities=HELSINKI,
        slots={"municipality": "Helsinki"},  # Rasa's slot mapping stores it before the action
    )  # fmt: skip
    messages, _ = await run_action(ActionContinue(), tracker)
    assert texts(messages) == [render("utter_municipality_noted", municipality="Helsinki")]


async def test_a_lower_case_name_the_gazetteer_missed_is_resolved_from_the_knowledge_base():
    tracker = make_tracker(
        "turku", "inform_municipality",
        slots={"pending_topic": "sports_leisure", "awaiting": "municipality"},
    )  # fmt: skip
    messages, events = await run_action(ActionContinue(), tracker)
    assert slot_events(events)["municipality"] == "Turku"
    assert "Turku" in messages[0]["text"]


async def test_an_unknown_place_gets_the_closest_real_names():
    tracker = make_tracker(
        "Tamprere", "inform_municipality", slots={"pending_topic": "employment_services"}
    )
    messages, events = await run_action(ActionContinue(), tracker)
    # One letter off: either resolved as a typo, or offered as the closest name.
    assert "Tampere" in messages[0]["text"]


async def test_the_closest_real_names_are_buttons_that_give_the_municipality():
    # "Wantaaa" is two letters off: no typo match, but Vantaa is the closest name.
    tracker = make_tracker(
        "Wantaaa", "inform_municipality",
        slots={"language": "sv", "pending_topic": "employment_services"},
    )  # fmt: skip
    messages, _ = await run_action(ActionContinue(), tracker)
    buttons = messages[0]["buttons"]
    assert {"title": "Vanda", "payload": '/inform_municipality{"municipality":"Vantaa"}'} in buttons
    assert all(len(b["payload"].encode()) <= 64 for b in buttons)  # Telegram's button data


async def test_a_place_that_does_not_exist_is_not_stored():
    tracker = make_tracker(
        "Gotham City", "inform_municipality", slots={"pending_topic": "ngo_activities"}
    )
    messages, events = await run_action(ActionContinue(), tracker)
    # With or without suggestions, the reply opens with "I can't find ... “Gotham City”".
    opening = render("utter_unknown_municipality_no_suggestions", place="Gotham City")
    assert messages[0]["text"].startswith(opening.split("”")[0])
    assert "municipality" not in slot_events(events)


async def test_yes_to_the_jobseeker_question_answers_with_the_employment_area():
    slots = {
        "municipality": "Tampere",
        "pending_topic": "integration_plan",
        "awaiting": "jobseeker",
    }
    messages, events = await run_action(
        ActionContinue(), make_tracker("yes", "affirm", slots=slots)
    )
    assert slot_events(events)["jobseeker"] is True
    assert "Tampere" in messages[0]["text"]


async def test_no_to_the_jobseeker_question_without_a_municipality_asks_for_it():
    slots = {"pending_topic": "integration_plan", "awaiting": "jobseeker"}
    messages, events = await run_action(ActionContinue(), make_tracker("no", "deny", slots=slots))
    assert slot_events(events) == {
        "jobseeker": False,
        "pending_topic": "integration_plan",
        "awaiting": "municipality",
    }
    assert texts(messages) == [render("utter_ask_municipality")]


async def test_a_yes_to_nothing_tells_what_opas_can_do():
    messages, events = await run_action(ActionContinue(), make_tracker("ok", "affirm"))
    assert texts(messages) == [render("utter_capabilities")]
    assert events == []


async def test_a_swedish_speaker_hears_the_swedish_name_of_their_municipality():
    vaasa = [{"entity": "municipality", "value": "Vaasa", "start": 7, "end": 11}]
    tracker = make_tracker(
        "bor i Vasa",
        "inform_municipality",
        entities=vaasa,
        slots={"language": "sv", "municipality": "Vaasa"},
    )
    messages, _ = await run_action(ActionContinue(), tracker)
    assert texts(messages) == [render("utter_municipality_noted", "sv", municipality="Vasa")]


async def test_two_places_in_one_message_use_the_one_the_conversation_stored():
    places = [
        {"entity": "municipality", "value": "Turku", "start": 15, "end": 20},
        {"entity": "municipality", "value": "Tampere", "start": 24, "end": 31},
    ]
    tracker = make_tracker(
        "I moved from Turku to Tampere", "inform_municipality", entities=places,
        slots={"municipality": "Tampere"},
    )  # fmt: skip
    messages, _ = await run_action(ActionContinue(), tracker)
    assert texts(messages) == [render("utter_municipality_noted", municipality="Tampere")]


async def test_yes_to_the_under_18_question_sends_a_child_to_school_for_finnish():
    slots = {"pending_topic": "language_courses", "awaiting": "minor", "municipality": "Oulu"}
    messages, events = await run_action(
        ActionContinue(), make_tracker("yes", "affirm", slots=slots)
    )
    assert slot_events(events)["minor"] is True
    assert "school" in messages[0]["text"]
    assert slot_events(events)["awaiting"] is None


async def test_no_to_the_under_18_question_goes_on_to_ask_about_jobseeker_status():
    slots = {"pending_topic": "language_courses", "awaiting": "minor", "municipality": "Oulu"}
    messages, events = await run_action(ActionContinue(), make_tracker("no", "deny", slots=slots))
    assert slot_events(events)["minor"] is False
    assert texts(messages) == [render("utter_ask_jobseeker")]
    assert slot_events(events)["awaiting"] == "jobseeker"


async def test_an_asylum_seeking_minor_is_sent_to_the_finnish_immigration_service():
    slots = {
        "pending_topic": "unaccompanied_minors",
        "awaiting": "protection",
        "municipality": "Oulu",
    }
    messages, events = await run_action(ActionContinue(), make_tracker("no", "deny", slots=slots))
    assert slot_events(events)["protection"] is False
    assert "Finnish Immigration Service" in messages[0]["text"]
