"""Registry-wide promises: every name in three languages, every fact with a source."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

import knowledge.handoffs  # noqa: F401  (part of the metadata)
from knowledge.db import create_engine_for, create_schema
from knowledge.models import (
    Actor,
    Area,
    AreaMembership,
    Base,
    DirectoryEntry,
    Duty,
    Municipality,
    Responsibility,
    Topic,
    in_force,
)
from knowledge.queries import areas_of

LANGS = ("fi", "sv", "en")


def test_every_actor_has_finnish_swedish_and_english_names_and_descriptions(
    session: Session,
) -> None:
    for actor in session.scalars(select(Actor)):
        for lang in LANGS:
            assert getattr(actor, f"name_{lang}").strip(), (actor.key, lang)
            assert getattr(actor, f"description_{lang}").strip(), (actor.key, lang)


def test_every_responsibility_has_a_source_and_a_reason_in_three_languages(
    session: Session,
) -> None:
    for resp in session.scalars(select(Responsibility).options(joinedload(Responsibility.source))):
        assert resp.source.url.startswith("http")
        assert resp.source.checked_on <= date(2026, 11, 27)
        for lang in LANGS:
            assert resp.reason(lang).strip().endswith("."), (resp.key, lang)


def test_every_link_shown_to_users_is_https(session: Session) -> None:
    links = [a.website for a in session.scalars(select(Actor))]
    links += [a.website for a in session.scalars(select(Area)) if a.website]
    links += [d.website for d in session.scalars(select(DirectoryEntry)) if d.website]
    assert links and all(link.startswith("https://") for link in links)


@pytest.mark.parametrize(
    "on", [date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 1), date(2026, 11, 27)]
)
def test_every_mainland_municipality_is_in_exactly_one_area_of_each_kind(
    session: Session, on: date
) -> None:
    mainland = session.scalars(select(Municipality).where(Municipality.in_aland.is_(False))).all()
    assert len(mainland) == 293
    kinds = {"employment_area", "wellbeing_county", "regional_centre"}
    if on.year == 2025:
        kinds.add("regional_state_agency")  # the AVIs, until the end of 2025
    for municipality in mainland:
        found = set(areas_of(session, municipality, on))
        assert found == kinds, (municipality.name_fi, on, found)


def test_aland_municipalities_belong_to_no_mainland_area(session: Session) -> None:
    aland = session.scalars(select(Municipality).where(Municipality.in_aland.is_(True))).all()
    assert len(aland) == 16
    ids = [m.id for m in aland]
    assert not session.scalars(
        select(AreaMembership).where(AreaMembership.municipality_id.in_(ids))
    ).all()


def test_there_are_45_employment_areas_and_ten_centres_in_2026(session: Session) -> None:
    areas = session.scalars(select(Area)).all()
    today = date(2026, 11, 27)
    assert (
        sum(
            a.kind == "employment_area" and in_force(a.valid_from, a.valid_to, today) for a in areas
        )
        == 45
    )
    assert (
        sum(
            a.kind == "regional_centre" and in_force(a.valid_from, a.valid_to, today) for a in areas
        )
        == 10
    )
    assert (
        sum(
            a.kind == "regional_centre" and in_force(a.valid_from, a.valid_to, date(2025, 6, 1))
            for a in areas
        )
        == 15
    )


def test_the_api_topics_and_duties_exist(session: Session) -> None:
    topics = set(session.scalars(select(Topic.key)))
    duties = set(session.scalars(select(Duty.key)))
    assert {
        "employment_services",
        "integration_plan",
        "language_courses",
        "ngo_activities",
        "sports_leisure",
        "initial_assessment",
        "multilingual_guidance",
        "society_orientation",
        "recognition_of_qualifications",
        "residence_permits",
        "registering_as_resident",
        "social_security",
        "discrimination",
        "unaccompanied_minors",
        "religious_communities",
        "libraries",
    } == topics
    assert {
        "integration_policy",
        "integration_monitoring",
        "integration_reimbursements",
        "refugee_placement",
        "group_homes_supervision",
    } <= duties


def test_the_migrations_create_exactly_the_models_schema() -> None:
    engine = create_engine_for("sqlite://")
    create_schema(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
