"""FallbackRules: messages without words become nlu_fallback; others are untouched."""

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.fallback_rules import FallbackRules
from tests.engine.conftest import execution_context


@pytest.fixture
def classifier(tmp_path):
    storage = LocalModelStorage(tmp_path)
    return FallbackRules.create({}, storage, Resource("empty"), execution_context())


def classified(classifier, text, intent="ask_capabilities"):
    message = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.97}})
    return classifier.process([message])[0].get("intent")["name"]


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "!!!", "😀😀😀", "...?"])
def test_a_message_without_words_is_nlu_fallback(classifier, text):
    assert classified(classifier, text) == "nlu_fallback"


@pytest.mark.parametrize("text", ["ok", "12", "Åbo", "你好", "مرحبا"])
def test_a_message_with_a_word_keeps_its_intent(classifier, text):
    assert classified(classifier, text) == "ask_capabilities"


def test_a_message_in_an_unspoken_language_is_nlu_fallback(classifier):
    message = Message(
        data={
            "text": "Szeretnék munkát találni",
            "intent": {"name": "find_job", "confidence": 0.9},
            "language_detection": {"language": None, "confidence": 0.95, "unsupported": "hu"},
        }
    )
    assert classifier.process([message])[0].get("intent")["name"] == "nlu_fallback"


@pytest.mark.parametrize(
    "text",
    [
        "I think about suicide every night",
        "mieheni lyö minua",
        "он меня избивает",
        "زوجي يضربني",
        "kocam beni dövüyor",
        "我不想活了",
        "il me frappe tous les soirs",
        "HÄN UHKAA TAPPAA MINUT",
    ],
)
def test_a_word_of_danger_makes_any_message_an_emergency(classifier, text):
    assert classified(classifier, text, intent="goodbye") == "report_emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I was fired from my job",  # not "on fire"
        "kurssi alkaa huomenna",
        "where is the library in Vantaa",
        "violetti on kaunis väri",
        "我想找工作",
    ],
)
def test_ordinary_messages_are_not_emergencies(classifier, text):
    assert classified(classifier, text) == "ask_capabilities"


def test_arabic_danger_words_are_found_with_a_preposition_attached(classifier):
    assert classified(classifier, "وين اروح بعد حريق البيت، ولحريق امس") == "report_emergency"
