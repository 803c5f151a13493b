"""Multi-turn conversations over the REST channel, through all three real processes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.actions.guidance import format_date
from knowledge import queries
from knowledge.handoffs import Handoff
from tests.e2e.conftest import texts

pytestmark = pytest.mark.e2e


def expected_referral_text(engine, catalog, topic, lang, **known) -> str:
    """What the bot must say for a topic, computed from the knowledge base and the locale."""
    with Session(engine) as session:
        answer = queries.where_to_go(session, topic, on=date.today(), lang=lang, **known)
    referral = answer.referrals[0]
    return catalog.render(
        "utter_where_to_go",
        lang,
        actor=referral.actor_name,
        reason=referral.reason,
        url=referral.url,
        area=referral.area_name or "",
    )["text"]


def test_finnish_jobseeker_is_asked_for_the_municipality_and_sent_to_its_employment_area(
    conversation, catalog, knowledge_engine
):
    say = conversation("fi")
    assert texts(say("Hei!")) == catalog.render("utter_greet", "fi")["text"]
    asked = say("Missä voin ilmoittautua työnhakijaksi?")
    assert texts(asked) == catalog.render("utter_ask_municipality", "fi")["text"]
    answer = texts(say("Asun Tampereella"))
    assert (
        expected_referral_text(
            knowledge_engine,
            catalog,
            "employment_services",
            "fi",
            municipality="Tampere",
            jobseeker=None,
        )
        in answer
    )
    assert texts(say("kiitos paljon")) == catalog.render("utter_welcome", "fi")["text"]


def test_swedish_integration_plan_asks_whether_the_user_is_a_jobseeker_then_where_they_live(
    conversation, catalog, knowledge_engine
):
    say = conversation()  # no website language: Opas must detect Swedish
    asked = say("Hej, var kan jag få en integrationsplan?")
    assert texts(asked) == catalog.render("utter_ask_jobseeker", "sv")["text"]
    assert texts(say("ja")) == catalog.render("utter_ask_municipality", "sv")["text"]
    answer = texts(say("Åbo"))
    assert (
        expected_referral_text(
            knowledge_engine,
            catalog,
            "integration_plan",
            "sv",
            municipality="Turku",
            jobseeker=True,
        )
        in answer
    )


def test_english_user_who_is_not_a_jobseeker_gets_the_integration_plan_from_the_municipality(
    conversation, catalog, knowledge_engine
):
    say = conversation("en")
    say("I live in Espoo")
    say("how do I get an integration plan")
    answer = texts(say("no"))
    assert (
        expected_referral_text(
            knowledge_engine,
            catalog,
            "integration_plan",
            "en",
            municipality="Espoo",
            jobseeker=False,
        )
        in answer
    )


def test_english_responsibility_question_is_answered_from_the_responsibility_records(
    conversation, catalog, knowledge_engine
):
    say = conversation("en")
    answer = texts(say("Who pays the reimbursements under the Integration Act?"))
    with Session(knowledge_engine) as session:
        expected = queries.who_is_responsible(
            session, "integration_reimbursements", municipality=None, on=date.today(), lang="en"
        )
    assert expected.referrals[0].actor_name in answer
    assert expected.referrals[0].url in answer
    source = catalog.render(
        "utter_source",
        "en",
        source_url=expected.referrals[0].source_url,
        checked_on=format_date(expected.referrals[0].checked_on),
    )["text"]
    assert source in answer


def test_a_remembered_municipality_is_used_for_the_next_question(
    conversation, catalog, knowledge_engine
):
    say = conversation("en")
    noted = texts(say("I live in Vantaa"))
    assert noted == catalog.render("utter_municipality_noted", "en", municipality="Vantaa")["text"]
    answer = texts(say("I want to find sports clubs"))
    assert (
        expected_referral_text(
            knowledge_engine,
            catalog,
            "sports_leisure",
            "en",
            municipality="Vantaa",
            jobseeker=None,
        )
        in answer
    )


def test_short_messages_keep_the_conversation_language(conversation, catalog):
    say = conversation("fi")
    say("Hei")
    assert texts(say("ok")) != ""
    assert (
        texts(say("Helsinki"))
        == catalog.render("utter_municipality_noted", "fi", municipality="Helsinki")["text"]
    )


def test_a_clear_request_switches_the_language(conversation, catalog):
    say = conversation("fi")
    say("Hei")
    assert (
        texts(say("in English please")) == catalog.render("utter_language_switched", "en")["text"]
    )
    assert texts(say("hello")) == catalog.render("utter_greet", "en")["text"]


def test_asking_for_a_person_queues_the_conversation_and_pauses_the_bot(
    conversation, catalog, knowledge_engine
):
    say = conversation("sv")
    say("Hej")
    reply = say("jag vill prata med en människa")
    assert texts(reply).startswith(catalog.render("utter_handoff_queued", "sv", position="",
                                                  minutes="")["text"].split("\n")[0])  # fmt: skip
    assert reply[-1]["buttons"][0]["payload"] == "/cancel_handoff"
    with Session(knowledge_engine) as session:
        handoff = session.scalars(select(Handoff).where(Handoff.sender_id == say.sender)).one()
    assert (handoff.language, handoff.status, handoff.channel) == ("sv", "waiting", "rest")
    # While it waits for an adviser the bot is silent and the message goes to the adviser.
    assert say("Hej?") == []
    # Back to the bot with the button.
    back = texts(say("/cancel_handoff"))
    assert back == catalog.render("utter_handoff_cancelled", "sv")["text"]
    assert texts(say("Hej")) == catalog.render("utter_greet", "sv")["text"]


def test_out_of_scope_gets_an_honest_answer_with_what_opas_can_do(conversation, catalog):
    say = conversation("en")
    assert (
        texts(say("what's the weather like tomorrow in rome?"))
        == catalog.render("utter_cannot_help", "en")["text"]
    )
