"""MunicipalityGazetteer finds the municipality a user names, in the form they write it."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.gazetteer import MunicipalityGazetteer


def municipalities(gazetteer: MunicipalityGazetteer, text: str) -> list:
    message = Message(data={"text": text})
    gazetteer.process([message])
    return [
        (e["value"], text[e["start"] : e["end"]])
        for e in message.get("entities", [])
        if e["entity"] == "municipality"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("asun Helsingissä", [("Helsinki", "Helsingissä")]),
        ("I live in helsinki", [("Helsinki", "helsinki")]),
        ("bor i Åbo", [("Turku", "Åbo")]),
        ("Jag bor i Helsingfors", [("Helsinki", "Helsingfors")]),
        ("Esbo", [("Espoo", "Esbo")]),
        ("Lahdessa", [("Lahti", "Lahdessa")]),
        ("Vaasaan", [("Vaasa", "Vaasaan")]),
        ("Turussa", [("Turku", "Turussa")]),
        ("muutin Turkuun", [("Turku", "Turkuun")]),
        ("Porissa", [("Pori", "Porissa")]),
        ("Jyväskylässä", [("Jyväskylä", "Jyväskylä"[:0] + "Jyväskylässä")]),
        ("Mänttä-Vilppulassa", [("Mänttä-Vilppula", "Mänttä-Vilppulassa")]),
        ("asun Pedersören kunnassa", [("Pedersöre", "Pedersören kunnassa")]),
    ],
)
def test_names_in_finnish_swedish_and_case_forms_give_the_official_finnish_name(
    gazetteer, text, expected
):
    assert municipalities(gazetteer, text) == expected


def test_a_one_letter_typo_in_a_long_name_is_forgiven(gazetteer):
    assert municipalities(gazetteer, "Helsnki") == [("Helsinki", "Helsnki")]
    assert municipalities(gazetteer, "i live in jyvaskyla") == []  # two letters off
    assert municipalities(gazetteer, "Jyväskyla") == [("Jyväskylä", "Jyväskyla")]


def test_ordinary_words_are_not_municipalities(gazetteer):
    assert municipalities(gazetteer, "hello") == []
    assert municipalities(gazetteer, "I had porridge at the salon") == []


def test_a_name_that_is_also_a_word_counts_when_capitalised_or_inflected(gazetteer):
    assert municipalities(gazetteer, "metsän salo on kaunis") == []
    assert municipalities(gazetteer, "I live in Salo") == [("Salo", "Salo")]
    assert municipalities(gazetteer, "asun salossa") == [("Salo", "salossa")]


def test_every_municipality_in_a_message_is_found_with_its_position(gazetteer):
    text = "Muutan Espoosta Vaasaan"
    message = Message(data={"text": text})
    gazetteer.process([message])
    entities = message.get("entities")
    assert [(e["value"], e["start"], e["end"]) for e in entities] == [
        ("Espoo", 7, 15),
        ("Vaasa", 16, 23),
    ]
    assert all(e["extractor"] == "MunicipalityGazetteer" for e in entities)
    assert all(e["confidence_entity"] == 1.0 for e in entities)


@pytest.mark.parametrize(
    "text", ["", "   ", "12345", "👍", "<b>x</b>'; DROP TABLE x;--", "ä" * 5000]
)
def test_odd_input_finds_nothing_and_does_not_fail(gazetteer, text):
    assert municipalities(gazetteer, text) == []


@pytest.mark.parametrize(
    ("text", "value", "span"),
    [
        ("Я живу в Хельсинки", "Helsinki", "Хельсинки"),
        ("работа в Турку", "Turku", "Турку"),
        ("أسكن في هلسنكي", "Helsinki", "هلسنكي"),
        # Persian yeh and keheh are the same letters as Arabic yeh and kaf to the index.
        ("در هلسنکی زندگی می‌کنم", "Helsinki", "هلسنکی"),
        # A preposition written onto the name: "in Vaasa".
        ("اريد عملا بواسا", "Vaasa", "بواسا"),
        ("我想在赫尔辛基找工作", "Helsinki", "赫尔辛基"),
        ("图尔库的图书馆", "Turku", "图尔库"),
        # Tatweel inside the name is not part of the spelling.
        ("مدرسة في هلسـنكي", "Helsinki", "هلسـنكي"),
        # A Turkish ending after an apostrophe.
        ("Turku'da iş var mı", "Turku", "Turku'da"),
    ],
)
def test_names_in_other_scripts_resolve_with_spans_in_the_text_as_written(
    gazetteer, text, value, span
):
    message = Message(data={"text": text})
    gazetteer.process([message])
    found = [e for e in message.get("entities", []) if e["entity"] == "municipality"]
    assert [e["value"] for e in found] == [value]
    assert text[found[0]["start"] : found[0]["end"]] == span
