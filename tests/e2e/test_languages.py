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
