"""FallbackRules: messages the intent classifier must not classify go to `nlu_fallback`.

- A message with no letter or digit: a classifier gives even an empty message an intent of
  some kind (DIET answered "what can you do" in testing); the fallback action says it was empty.
- A message in a language Opas does not speak (LanguageIdentifier's `unsupported`): any intent
  found in Hungarian or Hindi is a guess; the fallback action lists the languages Opas speaks,
  as buttons.

Placed after the intent classifier and before the FallbackClassifier.
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

from bot.nlu.language import DETECTION_KEY


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FallbackRules(GraphComponent):
    """Classifies empty messages and messages in unspoken languages as `nlu_fallback`."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FallbackRules:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            detected = message.get(DETECTION_KEY) or {}
            if not any(character.isalnum() for character in text) or detected.get("unsupported"):
                fallback = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
                message.set(INTENT, fallback, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [fallback], add_to_output=True)
        return messages
