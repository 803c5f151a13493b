"""Bad input gets a sensible reply in the user's language; nothing crashes, nothing leaks."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import texts
from tests.e2e.test_rest_conversations import expected_referral_text

pytestmark = pytest.mark.e2e


def test_empty_message_gets_a_reply_in_the_conversation_language(conversation, catalog):
    say = conversation("fi")
    say("Hei")
    assert texts(say("   ")) == catalog.render("utter_empty_message", "fi")["text"]


def test_a_ten_thousand_character_message_gets_a_reply(conversation, catalog):
    say = conversation("en")
    reply = texts(say("I need help with my situation here. " * 280))
    assert reply


@pytest.mark.parametrize(
    "message",
    ["😀😀😀", "<script>alert('x')</script>", "Hei 你好 مرحبا Привет", "\x00\x01\x02 binary"],
)
def test_odd_messages_get_a_reply_and_never_echo_markup(conversation, message):
    say = conversation("en")
    reply = texts(say(message))
    assert reply
    assert "<script>" not in reply


def test_sql_as_a_place_name_is_an_unknown_municipality(conversation, catalog):
    say = conversation("en")
    say("where do I register as a jobseeker?")
    reply = texts(say("'; DROP TABLE areas; --"))
    assert "DROP TABLE" in reply  # echoed back as plain text in "I don't know ..."
    unknown = catalog.render("utter_unknown_municipality_no_suggestions", "en", place="X")["text"]
    assert reply.startswith(unknown.split("X")[0])


def test_a_misspelt_municipality_gets_the_closest_real_names_as_buttons(
    conversation, catalog, knowledge_engine
):
    say = conversation("en")
    say("where do I register as a jobseeker?")
    reply = say("Wantaaa")
    assert "Vantaa" in texts(reply)
    [vantaa] = [b for b in reply[-1]["buttons"] if b["title"] == "Vantaa"]
    # The button answers the question the bot asked, for Vantaa.
    expected = expected_referral_text(
        knowledge_engine, catalog, "employment_services", "en", municipality="Vantaa",
        jobseeker=None,
    )  # fmt: skip
    assert expected in texts(say(vantaa["payload"]))


def test_with_the_action_server_down_the_user_gets_an_apology_in_their_language(
    stack, conversation, catalog
):
    say = conversation("sv")
    say("Hej")
    stack.stop_process("actions")
    try:
        reply = texts(say("Var kan jag anmäla mig som arbetssökande i Helsingfors?"))
        assert reply == catalog.render("utter_unavailable", "sv")["text"]
    finally:
        stack.restart_process("actions")
    assert texts(say("Hej igen")) == catalog.render("utter_greet", "sv")["text"]


def test_the_action_server_logged_no_traceback_for_any_of_this(stack):
    # Runs after the tests above in this module: none of their input may crash an action.
    log = (stack.log_dir / "actions.log").read_text(errors="replace")
    assert "Traceback" not in log
