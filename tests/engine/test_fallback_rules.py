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
