"""FallbackRules: messages the intent classifier must not classify go to `nlu_fallback`.

- A message with no letter or digit: a classifier gives even an empty message an intent of
  some kind (DIET answered "what can you do" in testing); the fallback action says it was empty.
- A message in a language Opas does not speak (LanguageIdentifier's `unsupported`): any intent
  found in Hungarian or Hindi is a guess; the fallback action lists the languages Opas speaks,
  as buttons.

And one rule the other way: a message with a word of danger (bot/nlu/danger_words.yml:
suicide, rape, "he hits me", fire ...) is `report_emergency`, whatever the classifier made of
it, so the user sees the emergency number at once and is offered a person.

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

from bot.nlu.danger import mentions_danger
from bot.nlu.language import DETECTION_KEY

EMERGENCY_INTENT = "report_emergency"


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
                _set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME)
            elif mentions_danger(text):
                _set_intent(message, EMERGENCY_INTENT)
        return messages


def _set_intent(message: Message, name: str) -> None:
    intent = {"name": name, "confidence": 1.0}
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
