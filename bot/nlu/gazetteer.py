"""MunicipalityGazetteer: finds Finnish municipalities in a message, in any form a user writes.

Training reads the gazetteer the knowledge base exports (docs/architecture.md) and stores a
ready-made index in the model, so a trained model needs neither the file nor simplemma.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.gazetteer_index import GazetteerIndex, iter_entries

logger = logging.getLogger(__name__)

ENTITY = "municipality"
INDEX_FILE = "municipality_index.json"


def read_gazetteer(path: Path) -> list[dict[str, Any]]:
    """The municipality entries of a gazetteer file, with a clear error when it is missing."""
    if not path.is_file():
        raise FileNotFoundError(
            f"Gazetteer {path} not found: run `python -m knowledge gazetteer` (app env) "
            "before training, or set gazetteer_path in config.yml."
        )
    with path.open(encoding="utf-8") as handle:
        return list(iter_entries(json.load(handle)))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class MunicipalityGazetteer(GraphComponent, EntityExtractorMixin):
    """Adds `municipality` entities whose value is the municipality's official Finnish name."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"gazetteer_path": "var/build/gazetteer.json"}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        index: GazetteerIndex | None = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._index = index

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MunicipalityGazetteer:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> MunicipalityGazetteer:
        with model_storage.read_from(resource) as directory:
            data = json.loads((directory / INDEX_FILE).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, GazetteerIndex.from_dict(data))

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        # Retrain when the gazetteer changes even if config and training data do not.
        path = Path(config.get("gazetteer_path", cls.get_default_config()["gazetteer_path"]))
        if not path.is_file():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()

    def train(self, training_data: TrainingData) -> Resource:
        """Build the index from the gazetteer file and store it in the model."""
        # Imported here: simplemma is needed for training only, and its data is large.
        from bot.nlu.lexicon import SimplemmaLexicon

        entries = read_gazetteer(Path(self._config["gazetteer_path"]))
        self._index = GazetteerIndex.build(entries, SimplemmaLexicon())
        with self._model_storage.write_to(self._resource) as directory:
            (directory / INDEX_FILE).write_text(
                json.dumps(self._index.to_dict(), ensure_ascii=False), encoding="utf-8"
            )
        logger.info(
            "Municipality index: %d forms from %d entries", len(self._index.forms), len(entries)
        )
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        if self._index is None:
            raise RuntimeError("MunicipalityGazetteer used before it was trained or loaded")
        for message in messages:
            text = message.get(TEXT) or ""
            entities = [
                {
                    "entity": ENTITY,
                    "value": match.value,
                    "start": match.start,
                    "end": match.end,
                    "confidence_entity": 1.0,
                }
                for match in self._index.find(text)
            ]
            if entities:
                self.add_extractor_name(entities)
                message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        return messages
