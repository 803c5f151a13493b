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

from bot.nlu.code_fingerprint import nlu_code_fingerprint
from bot.nlu.gazetteer_index import GazetteerIndex, iter_entries

logger = logging.getLogger(__name__)

ENTITY = "municipality"
INDEX_FILE = "municipality_index.json"


# The languages whose words the gazetteer must not mistake for names: Finnish, Swedish and
# English (the base lexicon's) and the other languages Opas reads that simplemma has a
# dictionary for. How each list is used:
# - typo correction never turns a word of any of them into a name ("hangi", Turkish "which",
#   is one letter from Hango, the Swedish name of Hanko);
# - Turkish and Estonian case forms made by rule ("turust", Estonian "from the market") and
#   Cyrillic spellings made by rule ("маску", "mask") count only when capitalised if they are
#   words of one of these languages;
# - a Finnish case form of a name that is a word of another language needs a capital: the base
#   lexicon asks Swedish and English; Estonian, Spanish and French are added ("kotkas", an
#   eagle; "torneas"), but not Turkish, whose list holds Finnish genitives such as "turun",
#   "nokian" (a Turkish writer puts an apostrophe or a Turkish ending after the name);
# - a name is an ordinary word (it then needs a capital) by the base lexicon's fi/sv/en test,
#   and a Cyrillic exonym when it is itself a Russian or Ukrainian headword ("сало" lard, "або"
#   Ukrainian "or"), not merely an inflected form of another word ("турку", "пори").
#   Simplemma's Turkish and Estonian lists hold "helsinki", "nokia", "pori" as words, so they
#   are not used for that test.
BASE_LANGUAGES = ("fi", "sv", "en")
READ_LANGUAGES = (*BASE_LANGUAGES, "et", "tr", "es", "fr", "ru", "uk")
CYRILLIC_LANGUAGES = ("ru", "uk")
NON_FINNISH_FORM_LANGUAGES = ("sv", "en", "et", "es", "fr")


def training_lexicon() -> Any:
    """The lexicon the index is built with: simplemma's dictionaries for READ_LANGUAGES."""
    # Imported here: simplemma is needed for training only, and its data is large.
    from bot.nlu.lexicon import SimplemmaLexicon, _load
    from bot.nlu.transliteration import is_cyrillic

    class ReadingLexicon(SimplemmaLexicon):
        @property
        def dictionaries(self) -> dict[str, dict[bytes, bytes]]:
            if self._dictionaries is None:
                self._dictionaries = {lang: _load(lang) for lang in READ_LANGUAGES}
            return self._dictionaries

        def is_common_word(self, word: str) -> bool:
            key = word.encode()
            if is_cyrillic(word):
                return any(self.dictionaries[lang].get(key) == key for lang in CYRILLIC_LANGUAGES)
            for lang in BASE_LANGUAGES:
                lemma = self.dictionaries[lang].get(key)
                if lemma is not None and lemma.decode() == lemma.decode().lower():
                    return True
            return False

        def is_non_finnish_word(self, word: str) -> bool:
            key = word.encode()
            return any(key in self.dictionaries[lang] for lang in NON_FINNISH_FORM_LANGUAGES)

        def cyrillic_words(self) -> set[str]:
            return {
                form.decode().lower()
                for lang in CYRILLIC_LANGUAGES
                for form in self.dictionaries[lang]
            }

    return ReadingLexicon()


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
        # Retrain when the gazetteer or the code that indexes it changes, even if config and
        # training data do not.
        path = Path(config.get("gazetteer_path", cls.get_default_config()["gazetteer_path"]))
        if not path.is_file():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest() + nlu_code_fingerprint()

    def train(self, training_data: TrainingData) -> Resource:
        """Build the index from the gazetteer file and store it in the model."""
        entries = read_gazetteer(Path(self._config["gazetteer_path"]))
        self._index = GazetteerIndex.build(entries, training_lexicon())
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
