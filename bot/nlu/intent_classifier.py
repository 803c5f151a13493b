"""LinearIntentClassifier: one intent model for every language Opas speaks (bot.nlu.linear).

It reads the tokens of MultilingualTokenizer (normalised; Chinese one character a token), with
each municipality the gazetteer found replaced by one placeholder: "jobs in Oulu" and "jobs in
Kemi" teach the same thing, and the model never learns that a town means an intent.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import linear
from bot.nlu.code_fingerprint import nlu_code_fingerprint
from bot.nlu.gazetteer import ENTITY as MUNICIPALITY

MODEL_FILE = "intent_classifier.joblib"
PLACEHOLDER = "<municipality>"


def classifier_text(message: Message) -> str:
    """The message's tokens, space-separated, each municipality mention as PLACEHOLDER."""
    spans = [
        (int(entity["start"]), int(entity["end"]))
        for entity in message.get(ENTITIES) or []
        if entity.get("entity") == MUNICIPALITY and "start" in entity and "end" in entity
    ]
    words: list[str] = []
    for token in message.get(TOKENS_NAMES[TEXT]) or []:
        if any(start <= token.start < end for start, end in spans):
            if not words or words[-1] != PLACEHOLDER:
                words.append(PLACEHOLDER)
        else:
            words.append(token.text)
    return " ".join(words)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    """Sets `intent` and `intent_ranking` from a logistic regression over n-grams."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Logistic regression's C: measured on eval/nlu, 30 beat 5 and 10 and tied 100.
            "regularisation": 30.0,
            "ranking_length": 10,
        }

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        return nlu_code_fingerprint()  # retrain when this code changes, not only the data

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        pipeline: Any = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._pipeline = pipeline

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        import joblib

        with model_storage.read_from(resource) as directory:
            pipeline = joblib.load(directory / MODEL_FILE)
        return cls(config, model_storage, resource, pipeline)

    def train(self, training_data: TrainingData) -> Resource:
        import joblib

        examples = [m for m in training_data.intent_examples if m.get(INTENT) and m.get(TEXT)]
        self._pipeline = linear.fit(
            [classifier_text(m) for m in examples],
            [m.get(INTENT) for m in examples],
            word_ngrams=True,
            regularisation=float(self._config["regularisation"]),
        )
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(self._pipeline, directory / MODEL_FILE)
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        if self._pipeline is None or not messages:
            return messages
        rows = linear.probabilities(self._pipeline, [classifier_text(m) for m in messages])
        for message, row in zip(messages, rows, strict=True):
            ranking = [
                {"name": name, "confidence": confidence}
                for name, confidence in sorted(row.items(), key=lambda item: -item[1])
            ][: int(self._config["ranking_length"])]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
