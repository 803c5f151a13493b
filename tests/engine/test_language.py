"""LanguageIdentifier names the language only when it is sure, and obeys explicit requests."""

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.language import LanguageIdentifier, spoken_languages
from bot.nlu.language_rules import RequestMatcher, script_language
from tests.engine.conftest import execution_context


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


@pytest.mark.parametrize(
    ("intent", "confidence", "switched"),
    [
        ("find_language_course", 0.9, False),  # "a course in Finnish" is about a course
        ("find_language_course", 0.3, True),  # the classifier is unsure: the request stands
        ("switch_language", 0.4, True),
    ],
)
def test_a_language_named_in_a_message_about_something_else_is_not_a_request(
    language_identifier, intent, confidence, switched
):
    message = Message(
        data={
            "text": "a course in Finnish",
            "intent": {"name": intent, "confidence": confidence},
        }
    )
    language_identifier.process([message])
    found = [e["value"] for e in message.get("entities", []) if e["entity"] == "language"]
    assert (found == ["fi"]) is switched


def test_a_french_sentence_naming_a_finnish_town_is_not_finnish(language_identifier):
    assert language_of(language_identifier, "Je veux aller à Jyväskylä demain matin") != "fi"


def test_detection_is_recorded_for_evaluation(language_identifier):
    message = Message(data={"text": "Where can I find a language course?"})
    language_identifier.process([message])
    detection = message.get("language_detection")
    assert detection["language"] == "en" and detection["confidence"] > 0.7
    message = Message(data={"text": "ok"})
    language_identifier.process([message])
    assert message.get("language_detection") == {
        "language": None,
        "confidence": 0.0,
        "unsupported": None,
    }


def test_writing_systems_identify_languages_only_when_spoken():
    assert script_language("Привіт, як справи?", ["fi", "uk"]) == "uk"
    assert script_language("Привет, как дела? Мы здесь", ["ru", "uk"]) == "ru"
    # Arabic letters alone could be Persian typed without its own letters: not certain.
    assert script_language("مرحبا كيف حالك", ["ar", "fa"]) is None
    assert script_language("مرحبا كيف حالك", ["ar", "en"]) == "ar"
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


def detection(identifier: LanguageIdentifier, text: str) -> dict:
    message = Message(data={"text": text})
    identifier.process([message])
    return message.get("language_detection")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Szeretnék munkát találni Helsinkiben, hol kezdjem?", "hu"),
        ("मुझे हेलसिंकी में नौकरी चाहिए", "hi"),
        ("ฉันต้องการหางานในเฮลซิงกิ", "th"),
        # Scripts of languages Opas may speak, while it speaks none of them.
        ("Где найти работу?", "ru"),
        ("我想找工作", "zh"),
    ],
)
def test_a_language_opas_does_not_speak_is_named_as_unsupported(
    language_identifier, text, language
):
    found = detection(language_identifier, text)
    assert found["language"] is None
    assert found["unsupported"] == language


@pytest.mark.parametrize(
    "text",
    [
        "i need job in helsinki plz",
        "Missä on lähin kirjasto?",
        "ok",
        "Tampere",
        "Hur ansöker jag om uppehållstillstånd",
    ],
)
def test_spoken_languages_and_short_messages_are_never_unsupported(language_identifier, text):
    assert detection(language_identifier, text)["unsupported"] is None


def test_a_chinese_request_for_english_is_found_without_spaces(tmp_path):
    names = tmp_path / "names.yml"
    names.write_text("en:\n  - 英文\n  - 用英文\nzh:\n  - 中文\n", encoding="utf-8")
    matcher = RequestMatcher.from_file(names, ["en", "zh"], max_extra_words=3)
    assert matcher.requested_language("请用英文回答") == "en"
    # A long question that mentions English is about something else.
    assert matcher.requested_language("我想知道赫尔辛基哪里有英文的图书馆和书籍") is None


def test_a_script_opas_speaks_is_never_unsupported():
    config = {**LanguageIdentifier.get_default_config(), "languages": ["fi", "ru", "uk"]}
    identifier = LanguageIdentifier(config)
    assert detection(identifier, "Где найти работу?")["unsupported"] is None


@pytest.fixture(scope="module")
def trained_identifier(tmp_path_factory) -> LanguageIdentifier:
    """Trained on the real fi/sv/en training data, then loaded back from Rasa's model storage."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("language-model"))
    resource = Resource("language")
    config = {**LanguageIdentifier.get_default_config(), "languages": ["fi", "sv", "en"]}
    LanguageIdentifier.create(config, storage, resource, execution_context()).train(TrainingData())
    return LanguageIdentifier.load(config, storage, resource, execution_context())


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Chat-like, with typos and Finnish office names inside other languages.
        ("missä mun pitää käydä jos haluun kotoutumissuunnitelman", "fi"),
        ("var ska jag anmäla mig som arbetssökande nu", "sv"),
        ("where do i go to TE-toimisto to register", "en"),
        ("hur hittar jag kela kontoret i stan", "sv"),
        ("i need help with kela benefits please", "en"),
    ],
)
def test_the_trained_classifier_knows_chat_messages(trained_identifier, text, language):
    assert language_of(trained_identifier, text) == language


def test_the_trained_classifier_reads_around_the_place_names_the_gazetteer_found(
    trained_identifier,
):
    # "Kuopiossa" is Finnish morphology; the sentence around it is English.
    text = "i live in Kuopiossa now"
    start = text.index("Kuopiossa")
    place = {"entity": "municipality", "value": "Kuopio", "start": start, "end": start + 9}
    message = Message(data={"text": text, "entities": [place]})
    trained_identifier.process([message])
    assert message.get("language_detection")["language"] == "en"


def test_the_trained_classifier_still_leaves_short_messages_to_the_conversation(
    trained_identifier,
):
    for text in ("ok", "kiitos", "Tampere", "12"):
        assert language_of(trained_identifier, text) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("أريد العمل في هلسنكي من فضلك", "ar"),
        ("我想在赫尔辛基找工作", "zh"),
        ("Где найти работу здесь?", "ru"),
    ],
)
def test_a_script_no_spoken_language_uses_is_unsupported_never_classified(
    trained_identifier, text, language
):
    found = detection(trained_identifier, text)
    assert found["language"] is None
    assert found["unsupported"] == language


def test_the_trained_classifier_does_not_claim_a_language_opas_does_not_speak(
    trained_identifier,
):
    # The classifier knows only the spoken languages and would give this to the nearest one.
    found = detection(trained_identifier, "Szia, hol tudok munkát keresni ebben a városban?")
    assert found["language"] is None
    assert found["unsupported"] == "hu"


@pytest.fixture(scope="module")
def identifier_of_every_language(tmp_path_factory) -> LanguageIdentifier:
    """Trained on the training data of every language Opas speaks (the locale files)."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("language-model-all"))
    resource = Resource("language")
    config = LanguageIdentifier.get_default_config()
    LanguageIdentifier.create(config, storage, resource, execution_context()).train(TrainingData())
    return LanguageIdentifier.load(config, storage, resource, execution_context())


@pytest.mark.parametrize("text", ["kela toimisto Vantaa", "te-toimisto Espoo", "migri ok Turku"])
def test_office_words_around_a_place_keep_the_conversation_language(
    identifier_of_every_language, text
):
    # Finnish office names are written in every language's messages: they are no evidence.
    start = text.rindex(" ") + 1
    place = {"entity": "municipality", "value": text[start:], "start": start, "end": len(text)}
    message = Message(data={"text": text, "entities": [place]})
    identifier_of_every_language.process([message])
    assert message.get("language_detection")["language"] is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("vivo en Riihimäki", "es"),  # two words of the user's own, unmistakably Spanish
        ("ищу kela toimisto в Эспоо", "ru"),
        ("où est le te-toimisto à Vantaa", "fr"),
    ],
)
def test_a_message_with_enough_words_of_its_own_is_recognised(
    identifier_of_every_language, text, language
):
    assert language_of(identifier_of_every_language, text) == language
