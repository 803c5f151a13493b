"""Every language Opas speaks, end to end over REST: asked in it, answered in it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from knowledge import queries
from locales import SUPPORTED_LANGUAGES

pytestmark = pytest.mark.e2e

# How people ask about a residence permit, one held-out way per language (eval/nlu/).
RESIDENCE_PERMIT_QUESTIONS = {
    "fi": "miten haen oleskelulupaa",
    "sv": "hur ansöker jag om uppehållstillstånd",
    "en": "how do I apply for a residence permit",
    "ru": "как подать заявление на вид на жительство",
    "uk": "як подовжити дозвіл на проживання",
    "et": "kuidas elamisloale aega pikendada",
    "ar": "كيف اطلع اقامة",
    "fa": "چطوری اجازه اقامت بگیرم",
    "so": "sidee ku helaa sharci deganaansho",
    "tr": "oturum izni başvurusu nasıl yapılır",
    "fr": "comment prolonger mon titre de séjour",
    "es": "¿cómo pido el permiso de residencia?",
    "zh": "怎么延长居留",
}


def test_every_spoken_language_has_a_question_here() -> None:
    assert set(SUPPORTED_LANGUAGES) <= set(RESIDENCE_PERMIT_QUESTIONS)


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_a_residence_permit_question_is_answered_in_the_language_it_was_asked_in(
    conversation, catalog, knowledge_engine, lang
):
    say = conversation(lang)
    reply = say(RESIDENCE_PERMIT_QUESTIONS[lang])
    with Session(knowledge_engine) as session:
        answer = queries.where_to_go(
            session, "residence_permits", municipality=None, on=date.today(), lang=lang
        )
    first = answer.referrals[0]
    expected = catalog.render(
        "utter_where_to_go",
        lang,
        actor=first.actor_name,
        reason=first.reason,
        url=first.url,
        area="",
    )["text"]
    assert reply and reply[0]["text"] == expected


def test_a_language_opas_does_not_speak_gets_the_spoken_languages_as_buttons(conversation, catalog):
    say = conversation("fi")
    reply = say("Szia, hol tudok munkát keresni ebben a városban?")  # Hungarian
    assert reply[0]["text"] == catalog.render("utter_unsupported_language", "en")["text"]
    payloads = [button["payload"] for button in reply[0]["buttons"]]
    assert payloads == [f'/switch_language{{"language": "{code}"}}' for code in SUPPORTED_LANGUAGES]
    # A button switches: the next reply is in the chosen language.
    assert (
        say(payloads[SUPPORTED_LANGUAGES.index("fa")])[0]["text"]
        == catalog.render("utter_language_switched", "fa")["text"]
    )


def test_a_mixed_message_is_answered_in_the_conversations_language(conversation, catalog):
    say = conversation("ru")
    say("Здравствуйте")
    # Finnish office words and a place name: nothing says the user changed language.
    reply = say("kela toimisto Vantaa")
    assert reply and all(
        message["text"] != catalog.render("utter_language_switched", "fi")["text"]
        for message in reply
    )
    assert say("спасибо")[0]["text"] == catalog.render("utter_welcome", "ru")["text"]


def test_asking_for_a_course_in_a_language_does_not_switch_to_it(conversation, catalog):
    say = conversation("zh")
    reply = say("想报个芬兰语课")  # "I want to sign up for a Finnish course"
    assert reply[0]["text"] == catalog.render("utter_ask_minor", "zh")["text"]
