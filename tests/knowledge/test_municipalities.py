"""Recognising the municipality a user names, however they write it."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from knowledge import queries


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Helsingissä", "Helsinki"),
        ("Turussa", "Turku"),
        ("Lahdessa", "Lahti"),
        ("Vaasaan", "Vaasa"),
        ("Espoosta", "Espoo"),
        ("Porissa", "Pori"),
        ("Vantaalla", "Vantaa"),
        ("Tampereella", "Tampere"),
        ("Kauniaisissa", "Kauniainen"),
        ("Jyväskylässä", "Jyväskylä"),
    ],
)
def test_finnish_inflected_forms_resolve(session: Session, text: str, expected: str) -> None:
    assert queries.resolve_municipality(session, text).name_fi == expected


def test_helsingissa_resolves_to_helsinki(session: Session) -> None:
    assert queries.resolve_municipality(session, "Helsingissä").name_fi == "Helsinki"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Åbo", "Turku"),
        ("helsingfors", "Helsinki"),
        ("ESBO", "Espoo"),
        ("Mariehamn", "Maarianhamina"),
    ],
)
def test_swedish_names_in_any_case_resolve(session: Session, text: str, expected: str) -> None:
    assert queries.resolve_municipality(session, text).name_fi == expected


def test_a_sentence_naming_the_municipality_resolves(session: Session) -> None:
    assert queries.resolve_municipality(session, "Asun Tampereella").name_fi == "Tampere"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Tamprere", "Tampere"), ("Jyvaskyla", "Jyväskylä"), ("Kuopoi", "Kuopio")],
)
def test_one_letter_typos_and_missing_dots_resolve(
    session: Session, text: str, expected: str
) -> None:
    assert queries.resolve_municipality(session, text).name_fi == expected


@pytest.mark.parametrize(
    ("text", "suggested"), [("koulu", "Oulu"), ("hello", "Pello"), ("talo", "Salo")]
)
def test_everyday_words_near_a_name_are_suggestions_not_answers(
    session: Session, text: str, suggested: str
) -> None:
    with pytest.raises(queries.UnknownMunicipality) as raised:
        queries.resolve_municipality(session, text)
    assert suggested in raised.value.suggestions


def test_unknown_municipality_suggests_closest_names(session: Session) -> None:
    with pytest.raises(queries.UnknownMunicipality) as raised:
        queries.resolve_municipality(session, "Helsinkkiii")
    assert raised.value.suggestions[0] == "Helsinki"
    assert len(raised.value.suggestions) <= 3


def test_a_made_up_place_has_no_suggestions(session: Session) -> None:
    with pytest.raises(queries.UnknownMunicipality) as raised:
        queries.resolve_municipality(session, "Xqzwv")
    assert raised.value.suggestions == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "'; DROP TABLE areas; --",
        "<script>alert(1)</script>",
        "x" * 10_000,
        "\x00\x01\x02",
        "日本語のテキスト",
    ],
)
def test_bad_input_is_an_unknown_municipality_not_a_crash(session: Session, text: str) -> None:
    with pytest.raises(queries.UnknownMunicipality) as raised:
        queries.resolve_municipality(session, text)
    assert len(raised.value.text) <= queries.MAX_ECHO
    assert queries.resolve_municipality(session, "Oulu").name_fi == "Oulu"  # the table survived


def test_a_huge_message_naming_a_municipality_first_still_resolves(session: Session) -> None:
    assert queries.resolve_municipality(session, "Oulussa " + "blah " * 2000).name_fi == "Oulu"
