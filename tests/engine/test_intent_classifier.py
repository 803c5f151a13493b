"""LinearIntentClassifier: one intent model for every script, trained and loaded through Rasa."""

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intent_classifier import PLACEHOLDER, LinearIntentClassifier, classifier_text
from bot.nlu.tokenizer import MultilingualTokenizer
from tests.engine.conftest import execution_context

EXAMPLES = {
    "find_job": [
        "I am looking for a job in {place}",
        "where can I find work in {place}",
        "jobs in {place}",
        "etsin töitä",
        "työpaikka {place}",
        "我想找工作",
        "在{place}找工作",
        "ищу работу в {place}",
    ],
    "find_language_course": [
        "finnish course in {place}",
        "where can I learn Finnish",
        "suomen kielen kurssi {place}",
        "haluan oppia suomea",
        "我想学芬兰语",
        "{place}的芬兰语课",
        "курсы финского языка в {place}",
    ],
    "greet": ["hello", "hi there", "moi", "hei", "你好", "привет"],
}
TRAINING_PLACES = ["Oulu", "Tampere", "Turku"]


def message(text: str, intent: str | None = None, place: str | None = None) -> Message:
    """A message as the pipeline has it: tokens, and the municipality as an entity."""
    data = {"text": text.replace("{place}", place or "")}
    if intent:
        data["intent"] = intent
    if place and "{place}" in text:
        start = text.index("{place}")
        data["entities"] = [
            {"entity": "municipality", "value": place, "start": start, "end": start + len(place)}
        ]
    built = Message(data=data)
    MultilingualTokenizer(MultilingualTokenizer.get_default_config()).process([built])
    return built


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("intent-model"))
    resource = Resource("intents")
    config = LinearIntentClassifier.get_default_config()
    examples = [
        message(text, intent, TRAINING_PLACES[i % len(TRAINING_PLACES)])
        for intent, texts in EXAMPLES.items()
        for i, text in enumerate(texts)
    ]
    component = LinearIntentClassifier.create(config, storage, resource, execution_context())
    assert component.train(TrainingData(training_examples=examples)) == resource
    return LinearIntentClassifier.load(config, storage, resource, execution_context())


def classify(component: LinearIntentClassifier, text: str, place: str | None = None) -> Message:
    parsed = message(text, place=place)
    component.process([parsed])
    return parsed


def test_a_municipality_is_read_as_a_placeholder_not_as_its_name():
    parsed = message("jobs in {place} please", place="Kemi")
    assert classifier_text(parsed) == f"jobs in {PLACEHOLDER} please"


def test_a_municipality_never_seen_in_training_gives_the_same_intent(trained):
    for place in ("Kemi", "Kauniainen", "Pedersöre"):
        assert classify(trained, "jobs in {place}", place).get("intent")["name"] == "find_job"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("我想找个工作", "find_job"),  # Chinese without spaces, a character not in training
        ("芬兰语课", "find_language_course"),
        ("ищу работу", "find_job"),
        ("moi moi", "greet"),
    ],
)
def test_every_script_is_classified(trained, text, intent):
    assert classify(trained, text).get("intent")["name"] == intent


def test_the_ranking_is_ordered_and_its_confidences_are_probabilities(trained):
    parsed = classify(trained, "where can I learn Finnish in {place}", "Salo")
    ranking = parsed.get("intent_ranking")
    assert [r["name"] for r in ranking][0] == parsed.get("intent")["name"]
    confidences = [r["confidence"] for r in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) == pytest.approx(1.0)  # three intents, all ranked
    assert parsed.get("intent")["confidence"] == confidences[0]


def test_training_on_a_single_intent_is_refused(tmp_path):
    component = LinearIntentClassifier.create(
        LinearIntentClassifier.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("intents"),
        execution_context(),
    )
    examples = [message("hello", "greet"), message("hi", "greet")]
    with pytest.raises(ValueError, match="two labels"):
        component.train(TrainingData(training_examples=examples))
