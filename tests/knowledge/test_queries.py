"""Where a user is sent, for which reason, on which date: pinned on the real data."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from knowledge import queries

TODAY = date(2026, 11, 27)
IN_2025 = date(2025, 6, 1)


def test_jobseeker_in_tampere_is_sent_to_the_tampere_employment_area(session: Session) -> None:
    answer = queries.where_to_go(
        session, "employment_services", municipality="Tampere", jobseeker=True, on=TODAY, lang="en"
    )
    first = answer.referrals[0]
    assert first.actor_key == "employment-area-tampere-region"
    assert first.actor_name == "Tampere Region employment area"
    assert first.url.startswith("https://")
    assert first.source_url.startswith("http")


def test_employment_services_before_2025_go_to_the_te_offices(session: Session) -> None:
    answer = queries.where_to_go(
        session,
        "employment_services",
        municipality="Tampere",
        jobseeker=None,
        on=date(2024, 6, 1),
        lang="fi",
    )
    assert answer.referrals[0].actor_key == "te_toimistot"


def test_job_market_finland_is_offered_for_registering_online(session: Session) -> None:
    answer = queries.where_to_go(
        session, "employment_services", municipality="Oulu", jobseeker=None, on=TODAY, lang="en"
    )
    assert [r.actor_key for r in answer.referrals] == ["employment-area-oulu", "tyomarkkinatori"]


def test_helsinki_employment_area_links_to_the_citys_employment_services(session: Session) -> None:
    answer = queries.where_to_go(
        session, "employment_services", municipality="Helsinki", jobseeker=True, on=TODAY, lang="fi"
    )
    assert answer.referrals[0].url == "https://tyollisyyspalvelut.hel.fi"


def test_integration_plan_for_a_jobseeker_comes_from_the_employment_area(session: Session) -> None:
    answer = queries.where_to_go(
        session, "integration_plan", municipality="Turku", jobseeker=True, on=TODAY, lang="sv"
    )
    assert answer.referrals[0].actor_key == "employment-area-turku"
    assert answer.referrals[0].actor_name == "Åbo sysselsättningsområde"


def test_integration_plan_for_someone_not_a_jobseeker_comes_from_the_municipality(
    session: Session,
) -> None:
    answer = queries.where_to_go(
        session, "integration_plan", municipality="Espoo", jobseeker=False, on=TODAY, lang="en"
    )
    assert [r.actor_key for r in answer.referrals] == ["espoo"]
    assert answer.referrals[0].url == "https://www.espoo.fi"


def test_integration_plan_asks_whether_the_user_is_a_jobseeker(session: Session) -> None:
    with pytest.raises(queries.DetailNeeded) as needed:
        queries.where_to_go(
            session, "integration_plan", municipality="Espoo", jobseeker=None, on=TODAY, lang="en"
        )
    assert needed.value.detail == "jobseeker"


def test_jobseeker_status_is_asked_before_the_municipality(session: Session) -> None:
    with pytest.raises(queries.DetailNeeded) as needed:
        queries.where_to_go(
            session, "integration_plan", municipality=None, jobseeker=None, on=TODAY, lang="en"
        )
    assert needed.value.detail == "jobseeker"


def test_local_answers_need_a_municipality(session: Session) -> None:
    for topic in ("employment_services", "language_courses", "ngo_activities", "sports_leisure"):
        with pytest.raises(queries.MunicipalityNeeded):
            queries.where_to_go(
                session, topic, municipality=None, jobseeker=False, minor=False, on=TODAY, lang="en"
            )


def test_municipality_without_a_website_links_to_its_employment_area(session: Session) -> None:
    answer = queries.where_to_go(
        session, "integration_plan", municipality="Somero", jobseeker=False, on=TODAY, lang="fi"
    )
    assert answer.referrals[0].url == "https://tyomarkkinatori.fi"


def test_a_municipality_links_to_its_own_website_where_a_source_showed_it(
    session: Session,
) -> None:
    answer = queries.where_to_go(
        session, "integration_plan", municipality="Kerava", jobseeker=False, on=TODAY, lang="fi"
    )
    assert answer.referrals[0].url == "https://www.kerava.fi"


def test_language_courses_in_vantaa_list_local_language_entries(session: Session) -> None:
    answer = queries.where_to_go(
        session,
        "language_courses",
        municipality="Vantaa",
        jobseeker=False,
        minor=False,
        on=TODAY,
        lang="fi",
    )
    assert answer.referrals[0].actor_key == "vantaa"
    assert 1 <= len(answer.directory) <= 5
    assert any("aikuisopisto" in entry.name.lower() for entry in answer.directory)
    assert all(entry.checked_on == date(2026, 11, 27) for entry in answer.directory)


def test_language_courses_for_a_jobseeker_add_integration_training(session: Session) -> None:
    answer = queries.where_to_go(
        session,
        "language_courses",
        municipality="Oulu",
        jobseeker=True,
        minor=False,
        on=TODAY,
        lang="en",
    )
    assert [r.actor_key for r in answer.referrals] == ["employment-area-oulu", "oulu"]


def test_directory_shows_at_most_five_entries_of_the_topics_categories(session: Session) -> None:
    answer = queries.where_to_go(
        session, "ngo_activities", municipality="Helsinki", jobseeker=None, on=TODAY, lang="en"
    )
    assert len(answer.directory) == 5


def test_sports_in_a_municipality_without_entries_still_names_the_municipality(
    session: Session,
) -> None:
    answer = queries.where_to_go(
        session, "sports_leisure", municipality="Kerava", jobseeker=None, on=TODAY, lang="sv"
    )
    assert answer.referrals[0].actor_name == "Kervo"
    assert answer.directory == []


def test_aland_is_outside_the_employment_areas(session: Session) -> None:
    with pytest.raises(queries.NoAreaForMunicipality):
        queries.where_to_go(
            session,
            "employment_services",
            municipality="Maarianhamina",
            jobseeker=None,
            on=TODAY,
            lang="sv",
        )


def test_unknown_topic_is_a_named_error(session: Session) -> None:
    with pytest.raises(queries.UnknownTopic):
        queries.where_to_go(
            session, "astrology", municipality="Oulu", jobseeker=None, on=TODAY, lang="en"
        )


def test_refugee_placement_in_oulu_goes_to_the_economic_development_centre_in_2026_and_the_ely_centre_in_2025(  # noqa: E501
    session: Session,
) -> None:
    in_2026 = queries.who_is_responsible(
        session, "refugee_placement", municipality="Oulu", on=TODAY, lang="fi"
    )
    in_2025 = queries.who_is_responsible(
        session, "refugee_placement", municipality="Oulu", on=IN_2025, lang="fi"
    )
    assert in_2026.referrals[0].actor_name == "Pohjois-Suomen elinvoimakeskus"
    assert in_2025.referrals[0].actor_name == "Pohjois-Pohjanmaan ELY-keskus"


def test_the_change_to_economic_development_centres_is_noticed_in_2026(session: Session) -> None:
    answer = queries.who_is_responsible(
        session, "refugee_placement", municipality="Oulu", on=TODAY, lang="en"
    )
    assert answer.notice is not None and "Economic Development Centres" in answer.notice
    before = queries.who_is_responsible(
        session, "refugee_placement", municipality="Oulu", on=IN_2025, lang="en"
    )
    assert before.notice is None


def test_regional_duty_without_a_municipality_names_the_generic_actor(session: Session) -> None:
    answer = queries.who_is_responsible(
        session, "refugee_placement", municipality=None, on=TODAY, lang="en"
    )
    assert answer.referrals[0].actor_key == "elinvoimakeskukset"


def test_integration_policy_is_led_by_the_ministry_of_economic_affairs_and_employment(
    session: Session,
) -> None:
    answer = queries.who_is_responsible(
        session, "integration_policy", municipality=None, on=TODAY, lang="en"
    )
    assert answer.referrals[0].actor_key == "tem"
    assert answer.referrals[0].url == "https://tem.fi"


def test_reimbursements_are_paid_by_keha_under_its_name_of_the_day(session: Session) -> None:
    now = queries.who_is_responsible(
        session, "integration_reimbursements", municipality=None, on=TODAY, lang="fi"
    )
    then = queries.who_is_responsible(
        session, "integration_reimbursements", municipality=None, on=IN_2025, lang="fi"
    )
    assert now.referrals[0].actor_key == "keha_from_2026"
    assert then.referrals[0].actor_key == "keha_until_2025"
    assert now.referrals[0].actor_name.startswith("Työllisyys-, kehittämis- ja hallintokeskus")


def test_group_homes_are_supervised_by_the_supervisory_agency_from_2026(session: Session) -> None:
    now = queries.who_is_responsible(
        session, "group_homes_supervision", municipality="Kuopio", on=TODAY, lang="en"
    )
    then = queries.who_is_responsible(
        session, "group_homes_supervision", municipality="Kuopio", on=IN_2025, lang="en"
    )
    now_keys = [r.actor_key for r in now.referrals]
    then_keys = [r.actor_key for r in then.referrals]
    assert now_keys[:3] == ["edc-east-finland", "county-north-savo", "lupa_ja_valvontavirasto"]
    assert (
        "avi-eastern-finland" in then_keys
        and "valvira" in then_keys
        and "lupa_ja_valvontavirasto" not in then_keys
    )


def test_helsinki_group_homes_involve_the_city_as_its_own_county(session: Session) -> None:
    answer = queries.who_is_responsible(
        session, "group_homes_supervision", municipality="Helsinki", on=TODAY, lang="en"
    )
    assert "county-city-of-helsinki" in [r.actor_key for r in answer.referrals]


@pytest.mark.parametrize(
    ("duty", "actor"),
    [("integration_policy", "tem"), ("integration_monitoring", "tem")],
)
def test_national_duties_name_their_national_actor(session: Session, duty: str, actor: str) -> None:
    answer = queries.who_is_responsible(session, duty, municipality=None, on=TODAY, lang="sv")
    assert answer.referrals[0].actor_key == actor


def test_unknown_duty_is_a_named_error(session: Session) -> None:
    with pytest.raises(queries.UnknownDuty):
        queries.who_is_responsible(session, "weather", municipality=None, on=TODAY, lang="en")


def test_gazetteer_lists_every_municipality_with_finnish_and_swedish_names(
    session: Session,
) -> None:
    content = queries.gazetteer(session)
    entries = {entry["value"]: entry["names"] for entry in content["municipalities"]}
    assert len(entries) == 309
    assert entries["Helsinki"][:2] == ["Helsinki", "Helsingfors"]
    assert "Jyvaskyla" in entries["Jyväskylä"]
