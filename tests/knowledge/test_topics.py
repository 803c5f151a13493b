"""Every topic answers for every municipality, and asks only what the law makes it depend on."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge import queries
from knowledge.models import Municipality, Topic

TODAY = date(2026, 11, 27)
IN_2025 = date(2025, 6, 1)
# Someone who has told the bot everything it may ask.
EVERYTHING_SAID = {"jobseeker": False, "minor": False, "protection": False}


def where(session: Session, topic: str, municipality: str | None = "Vaasa", **said: object):
    return queries.where_to_go(
        session, topic, municipality=municipality, on=TODAY, lang="en", **said
    )


@pytest.mark.parametrize("on", [IN_2025, TODAY])
def test_every_topic_has_an_answer_for_every_mainland_municipality(
    session: Session, on: date
) -> None:
    topics = session.scalars(select(Topic.key)).all()
    mainland = session.scalars(select(Municipality).where(Municipality.in_aland.is_(False))).all()
    assert len(topics) == 16 and len(mainland) == 293
    for topic in topics:
        if topic == "society_orientation" and on < date(2025, 1, 1):
            continue  # a service of the 2025 Integration Act
        for municipality in mainland:
            for jobseeker in (True, False):
                answer = queries.where_to_go(
                    session,
                    topic,
                    municipality=municipality,
                    on=on,
                    lang="fi",
                    **{**EVERYTHING_SAID, "jobseeker": jobseeker},
                )
                assert answer.referrals, (topic, municipality.name_fi, jobseeker)
                for referral in answer.referrals:
                    assert referral.url.startswith("https://"), (topic, referral)
                    assert referral.source_url.startswith("http"), (topic, referral)


def test_a_child_asking_about_language_courses_is_sent_to_school_not_integration_training(
    session: Session,
) -> None:
    with pytest.raises(queries.DetailNeeded) as needed:
        where(session, "language_courses")
    assert needed.value.detail == "minor"
    answer = where(session, "language_courses", minor=True)
    assert [r.actor_key for r in answer.referrals] == ["vaasa"]
    assert "school" in answer.referrals[0].reason


def test_an_adult_is_asked_about_jobseeker_status_before_language_courses(
    session: Session,
) -> None:
    with pytest.raises(queries.DetailNeeded) as needed:
        where(session, "language_courses", minor=False)
    assert needed.value.detail == "jobseeker"
    answer = where(session, "language_courses", minor=False, jobseeker=True)
    assert answer.referrals[0].actor_key == "employment-area-ostrobothnia"


def test_unaccompanied_minors_are_sent_by_whether_they_have_been_granted_protection(
    session: Session,
) -> None:
    with pytest.raises(queries.DetailNeeded) as needed:
        where(session, "unaccompanied_minors")
    assert needed.value.detail == "protection"
    asylum_seeker = where(session, "unaccompanied_minors", protection=False)
    assert [r.actor_key for r in asylum_seeker.referrals] == ["migri"]
    granted = where(session, "unaccompanied_minors", protection=True)
    assert granted.referrals[0].actor_key == "county-ostrobothnia"


@pytest.mark.parametrize(
    ("topic", "actor"),
    [
        ("residence_permits", "migri"),
        ("registering_as_resident", "dvv"),
        ("social_security", "kela"),
        ("recognition_of_qualifications", "oph"),
        ("discrimination", "yvv"),
    ],
)
def test_national_topics_name_the_national_agency_first_without_asking_about_the_user(
    session: Session, topic: str, actor: str
) -> None:
    answer = where(session, topic)
    assert answer.referrals[0].actor_key == actor


def test_workplace_discrimination_went_to_the_avi_in_2025_and_the_supervisory_agency_now(
    session: Session,
) -> None:
    now = [r.actor_key for r in where(session, "discrimination", municipality=None).referrals]
    before = [
        r.actor_key
        for r in queries.where_to_go(
            session, "discrimination", municipality=None, on=IN_2025, lang="en"
        ).referrals
    ]
    assert "lupa_ja_valvontavirasto" in now and "avi" not in now
    assert "avi" in before and "lupa_ja_valvontavirasto" not in before


def test_a_library_answer_lists_local_libraries(session: Session) -> None:
    answer = where(session, "libraries", municipality="Espoo")
    assert answer.referrals[0].actor_key == "espoo"
    assert 1 <= len(answer.directory) <= queries.MAX_DIRECTORY_ENTRIES


def test_the_avi_of_a_municipality_in_2025_comes_from_its_region(session: Session) -> None:
    answer = queries.who_is_responsible(
        session, "group_homes_supervision", municipality="Kuopio", on=IN_2025, lang="fi"
    )
    assert "Itä-Suomen aluehallintovirasto" in [r.actor_name for r in answer.referrals]
    now = queries.who_is_responsible(
        session, "group_homes_supervision", municipality="Kuopio", on=TODAY, lang="fi"
    )
    assert "Lupa- ja valvontavirasto" in [r.actor_name for r in now.referrals]
