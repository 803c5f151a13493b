"""LanguageIdentifier names the language only when it is sure, and obeys explicit requests."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language import LanguageIdentifier, spoken_languages
from bot.nlu.language_rules import script_language


def language_of(identifier: LanguageIdentifier, text: str):
    message = Message(data={"text": text})
    identifier.process([message])
    found = [e["value"] for e in message.get("entities", []) if e["entity"] == "language"]
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hei, miten voin rekisteröityä työnhakijaksi?", "fi"),
        ("Hej, var kan jag lära mig finska?", "sv"),
        ("Where can I find a language course?", "en"),
    ],
)
def test_a_sentence_is_recognised_in_each_spoken_language(language_identifier, text, expected):
    assert language_of(language_identifier, text) == expected


@pytest.mark.parametrize("text", ["Helsinki", "ok", "12", "👍", "", "   ", "kiitos"])
def test_short_messages_keep_the_conversation_language(language_identifier, text):
    assert language_of(language_identifier, text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in English please", "en"),
        ("can we speak Finnish", "fi"),
        ("suomeksi kiitos", "fi"),
        ("puhu suomea", "fi"),
        ("på svenska", "sv"),
        ("kan du svenska?", "sv"),
        ("englanniksi", "en"),
        ("på engelska tack", "en"),
    ],
)
def test_an_explicit_request_for_a_language_wins(language_identifier, text, expected):
    assert language_of(language_identifier, text) == expected


def test_a_question_that_mentions_a_language_is_not_a_request(language_identifier):
    assert (
        language_of(language_identifier, "Where can I take an evening course in Finnish?") == "en"
    )


def test_a_french_sentence_naming_a_finnish_town_is_not_finnish(language_identifier):
    assert language_of(language_identifier, "Je veux aller à Jyväskylä demain matin") != "fi"


def test_detection_is_recorded_for_evaluation(language_identifier):
    message = Message(data={"text": "Where can I find a language course?"})
    language_identifier.process([message])
    detection = message.get("language_detection")
    assert detection["language"] == "en" and detection["confidence"] > 0.7
    message = Message(data={"text": "ok"})
    language_identifier.process([message])
    assert message.get("language_detection") == {"language": None, "confidence": 0.0}


def test_writing_systems_identify_languages_only_when_spoken():
    assert script_language("Привіт, як справи?", ["fi", "uk"]) == "uk"
    assert script_language("Привет, как дела? Мы здесь", ["ru", "uk"]) == "ru"
    assert script_language("مرحبا كيف حالك", ["ar", "fa"]) == "ar"
    assert script_language("سلام، چطوری؟", ["ar", "fa"]) == "fa"
    assert script_language("我想申请补贴", ["zh"]) == "zh"
    assert script_language("我想申请补贴", ["fi", "sv", "en"]) is None
    assert script_language("Hello there", ["en", "ru"]) is None


def test_without_a_list_the_spoken_languages_are_the_locale_files(tmp_path):
    for code in ("fi", "ar", "zh"):
        (tmp_path / f"{code}.yml").write_text("utter_greet: x\n", encoding="utf-8")
    (tmp_path / "README.yml").write_text("", encoding="utf-8")
    assert spoken_languages(tmp_path) == ["ar", "fi", "zh"]
    config = {**LanguageIdentifier.get_default_config(), "locales_dir": str(tmp_path)}
    identifier = LanguageIdentifier(config)
    assert language_of(identifier, "我想在赫尔辛基找工作") == "zh"
    assert language_of(identifier, "أريد العمل في هلسنكي") == "ar"
