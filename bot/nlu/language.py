"""LanguageIdentifier: adds a `language` entity only when the message's language is certain.

Order of evidence: an explicit request ("på svenska") wins, unless the intent classifier (which
runs first) is sure the message is about something else ("芬兰语学习班", a Finnish course, is not
a request to speak Finnish); then the writing system (Cyrillic, Arabic or Persian letters, CJK);
then, on messages of at least `min_words` words, a classifier trained at `rasa train` on the
training data of each spoken language (bot.nlu.language_model), or lingua when the component was
not trained. lingua also names languages Opas does not speak. Municipality names are removed
first: a French sentence naming Jyväskylä is not Finnish. Short messages ("ok", "12", a bare
place name) add nothing, so the conversation keeps its language.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import language_model
from bot.nlu.code_fingerprint import nlu_code_fingerprint
from bot.nlu.language_model import training_examples
from bot.nlu.language_rules import (
    LANGUAGE_NAMES_FILE,
    RequestMatcher,
    foreign_script,
    possible_writers,
    script_language,
    words,
)

logger = logging.getLogger(__name__)

TRAINING_DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "nlu"
CLASSIFIER_FILE = "language_classifier.joblib"

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"


def spoken_languages(locales_dir: Path) -> list[str]:
    """The ISO 639-1 codes of the locale files (locales/<code>.yml)."""
    codes = sorted(path.stem for path in locales_dir.glob("*.yml") if len(path.stem) == 2)
    if not codes:
        raise FileNotFoundError(f"no locale files (<code>.yml) in {locales_dir}")
    return codes


ENTITY = "language"
DETECTION_KEY = "language_detection"
# Entities whose text says nothing about the language the user writes in.
NAME_ENTITIES = ("municipality",)


_CAPITALISED_INSIDE_SENTENCE = re.compile(r"(?<=[^\s.!?¿¡])(\s+)[A-ZÅÄÖ]\w*")


def without_proper_names(text: str) -> str:
    """The text without capitalised words inside a sentence (names of places, offices, people).

    Names are not evidence of the language around them: "Jyväskylä" alone made a French
    sentence look Finnish. Sentence-initial words stay, as does "I".
    """
    return _CAPITALISED_INSIDE_SENTENCE.sub(
        lambda m: m.group(0) if m.group(0).strip() == "I" else m.group(1), text
    )


def build_detector(languages: list[str], other_languages: list[str]) -> tuple[Any, list[str]]:
    """A lingua detector over the spoken languages plus a few others it should tell apart.

    Knowing a few languages Opas does not speak stops a French sentence from being forced
    into the nearest spoken one. Low-accuracy mode keeps the models to about 30 MB for ten
    languages and handles sentences well; single words are never asked anyway.
    """
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = []
    for code in dict.fromkeys(languages + other_languages):
        iso = getattr(IsoCode639_1, code.upper(), None)
        if iso is None:
            logger.warning("lingua does not know language %r; it will not be detected", code)
            continue
        codes.append(iso)
    detectable = [c.name.lower() for c in codes]
    if len(codes) < 2:  # lingua needs two languages to choose between
        return None, detectable
    detector = (
        LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
        .with_low_accuracy_mode()
        .with_preloaded_language_models()
        .build()
    )
    return detector, detectable


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class LanguageIdentifier(GraphComponent, EntityExtractorMixin):
    """Adds `language` (ISO 639-1) when a message's language is clear or explicitly asked for."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # The languages Opas speaks: one per locale file unless listed here, so a new
            # language needs a locale file and training data, not code.
            "languages": None,
            "locales_dir": str(LOCALES_DIR),
            # Recognised so that they are not mistaken for a spoken language, and so that a
            # message in one of them gets the list of languages Opas speaks; never emitted.
            "other_languages": [
                "fr",
                "de",
                "es",
                "it",
                "pt",
                "et",
                "nl",
                "pl",
                "tr",
                "so",
                "hu",
                "hi",
                "vi",
                "th",
                "sq",
                "ro",
                "bn",
                "ur",
                "ja",
                "ko",
            ],
            "min_words": 3,
            "min_confidence": 0.7,
            # Saying "I don't speak your language" to someone who wrote broken English would be
            # worse than a guess, so an unspoken language must be near certain.
            "unsupported_confidence": 0.97,
            "unsupported_min_words": 5,
            "max_extra_words": 3,
            "language_names_path": str(LANGUAGE_NAMES_FILE),
            # Training data per language (<dir>/<code>/*.yml): the classifier learns from it.
            "training_data_dir": str(TRAINING_DATA_DIR),
            "min_classifier_confidence": 0.4,  # eval/nlu: 0.4-0.5 alike; 0.9 lost 3-4 %
            # A language named in a message is a request to switch only when the intent
            # classifier agrees, or is too unsure (below this) to say otherwise.
            "switch_intent": "switch_language",
            "request_veto_confidence": 0.5,
        }

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        return nlu_code_fingerprint()  # retrain when this code changes, not only the data

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage | None = None,
        resource: Resource | None = None,
        classifier: Any = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        # Trained from Opas's own data; without it (a component not trained) lingua decides.
        self._classifier = classifier
        self._min_classifier_confidence = float(config["min_classifier_confidence"])
        self._languages: list[str] = list(
            config["languages"] or spoken_languages(Path(config["locales_dir"]))
        )
        self._min_words = int(config["min_words"])
        self._min_confidence = float(config["min_confidence"])
        self._unsupported_confidence = float(config["unsupported_confidence"])
        self._unsupported_min_words = int(config["unsupported_min_words"])
        self._requests = RequestMatcher.from_file(
            Path(config["language_names_path"]), self._languages, int(config["max_extra_words"])
        )
        others = [c for c in config["other_languages"] if c not in self._languages]
        # Built once per process: lingua takes a moment to load its models.
        self._detector, _ = build_detector(self._languages, others)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageIdentifier:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LanguageIdentifier:
        import joblib

        try:
            with model_storage.read_from(resource) as directory:
                classifier = joblib.load(directory / CLASSIFIER_FILE)
        except (ValueError, FileNotFoundError):
            classifier = None  # a model trained before the classifier existed
        if not isinstance(classifier, language_model.LanguageModel):
            classifier = None  # or before it knew which words are neutral: lingua decides
        return cls(config, model_storage, resource, classifier)

    def train(self, training_data: TrainingData) -> Resource:
        """Learn the spoken languages from the training data written in each of them."""
        import joblib

        examples = training_examples(Path(self._config["training_data_dir"]), self._languages)
        self._classifier = language_model.train(examples)
        assert self._model_storage is not None and self._resource is not None
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(self._classifier, directory / CLASSIFIER_FILE)
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    def identify(
        self, text: str, name_spans: list[tuple[int, int]], intent: dict[str, Any] | None = None
    ) -> tuple[str | None, float]:
        """(language or None, confidence); `intent` is the intent classifier's verdict."""
        requested = self._requests.requested_language(text)
        if requested and self._is_switch_request(intent):
            return requested, 1.0
        by_script = script_language(text, self._languages)
        if by_script:
            return by_script, 1.0
        writers = possible_writers(text)
        if writers is not None:
            writers &= set(self._languages)
            if not writers:
                return None, 0.0  # a script none of Opas's languages is written in
        if self._classifier is not None:
            return self._classify(text, name_spans, writers)
        code, confidence = self.detect(text, name_spans)
        if code in self._languages:
            return code, confidence
        return None, confidence

    def _is_switch_request(self, intent: dict[str, Any] | None) -> bool:
        if not intent or not intent.get("name"):
            return True
        return bool(
            intent["name"] == self._config["switch_intent"]
            or float(intent.get("confidence") or 0.0) < self._config["request_veto_confidence"]
        )

    def _classify(
        self, text: str, name_spans: list[tuple[int, int]], writers: set[str] | None
    ) -> tuple[str | None, float]:
        # Place names count towards the length ("vivo en Riihimäki" is three words) but are
        # left out of what is classified, as they were in training: "Kuopiossa" is not Finnish
        # evidence inside "i live in Kuopiossa".
        if len([w for w in words(text) if not w.isdigit()]) < self._min_words:
            return None, 0.0
        for start, end in sorted(name_spans, reverse=True):
            text = text[:start] + " " + text[end:]
        # Words every language's users write ("kela toimisto Vantaa" in a Russian conversation)
        # say nothing about the language: the conversation keeps its own.
        if not self._classifier.own_words(text):
            return None, 0.0
        code, confidence = language_model.predict(self._classifier, text, writers)
        if confidence < self._min_classifier_confidence:
            return None, confidence
        return code, confidence

    @staticmethod
    def _without_names(text: str, name_spans: list[tuple[int, int]]) -> str:
        for start, end in sorted(name_spans, reverse=True):
            text = text[:start] + " " + text[end:]
        return without_proper_names(text)

    def unsupported(self, text: str, name_spans: list[tuple[int, int]]) -> str | None:
        """The language of a message Opas cannot read, when that is clear; else None."""
        if script_language(text, self._languages) or self._requests.requested_language(text):
            return None
        script = foreign_script(text)
        if script is not None:
            return script if script not in self._languages else None
        if len(words(text)) < self._unsupported_min_words:
            return None
        code, confidence = self.detect(text, name_spans)
        if code is None or code in self._languages or confidence < self._unsupported_confidence:
            return None
        return code

    def detect(self, text: str, name_spans: list[tuple[int, int]]) -> tuple[str | None, float]:
        """The statistical detector's best language and confidence, names left out."""
        text = self._without_names(text, name_spans)
        meaningful = [w for w in words(text) if not w.isdigit()]
        if self._detector is None or len(meaningful) < self._min_words:
            return None, 0.0
        values = self._detector.compute_language_confidence_values(text)
        if not values or values[0].value < self._min_confidence:
            return None, float(values[0].value) if values else 0.0
        return values[0].language.iso_code_639_1.name.lower(), float(values[0].value)

    def _process_one(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        entities = message.get(ENTITIES, [])
        name_spans = [
            (e["start"], e["end"])
            for e in entities
            if e.get("entity") in NAME_ENTITIES and "start" in e and "end" in e
        ]
        # An unspoken language first: the classifier knows only the spoken ones, so it gives a
        # Hungarian sentence to the nearest of them (Spanish, in testing) with confidence.
        unsupported = self.unsupported(text, name_spans)
        if unsupported:
            code, confidence = None, 0.0
        else:
            code, confidence = self.identify(text, name_spans, message.get(INTENT))
        message.set(
            DETECTION_KEY,
            {"language": code, "confidence": confidence, "unsupported": unsupported},
            add_to_output=True,
        )
        if code is None:
            return
        entity = {
            "entity": ENTITY,
            "value": code,
            "start": 0,
            "end": len(text),
            "confidence_entity": confidence,
        }
        self.add_extractor_name([entity])
        message.set(ENTITIES, entities + [entity], add_to_output=True)
