"""EmptyMessageClassifier: a message with no words is not a question, whatever DIET says.

DIET gives an empty or whitespace-only message a confident intent of some kind (it answered
"what can you do" in testing). This component, placed after DIET and before the
FallbackClassifier, turns such messages into `nlu_fallback`, whose action tells the user the
message was empty, in their language.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class EmptyMessageClassifier(GraphComponent):
    """Classifies messages without a single letter or digit as `nlu_fallback`."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EmptyMessageClassifier:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not any(character.isalnum() for character in text):
                fallback = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
                message.set(INTENT, fallback, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [fallback], add_to_output=True)
        return messages
