"""Fixtures for the engine tests: a small gazetteer built through Rasa's own APIs."""

import json
from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.gazetteer import MunicipalityGazetteer
from bot.nlu.language import LanguageIdentifier

MUNICIPALITIES = [
    {"value": "Helsinki", "names": ["Helsinki", "Helsingfors", "Хельсинки", "هلسنكي", "赫尔辛基"]},
    {"value": "Turku", "names": ["Turku", "Åbo", "Турку", "图尔库"]},
    {"value": "Lahti", "names": ["Lahti", "Lahtis"]},
    {"value": "Vaasa", "names": ["Vaasa", "Vasa", "Ваза", "واسا"]},
    {"value": "Espoo", "names": ["Espoo", "Esbo"]},
    {"value": "Jyväskylä", "names": ["Jyväskylä"]},
    {"value": "Mänttä-Vilppula", "names": ["Mänttä-Vilppula"]},
    {"value": "Salo", "names": ["Salo"]},
    {"value": "Pori", "names": ["Pori", "Björneborg"]},
    {"value": "Pedersöre", "names": ["Pedersöre", "Pedersören kunta"]},
]


@pytest.fixture(scope="session")
def gazetteer_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("build") / "gazetteer.json"
    path.write_text(json.dumps({"municipalities": MUNICIPALITIES}), encoding="utf-8")
    return path


def execution_context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "test-model")


@pytest.fixture(scope="session")
def trained_storage(tmp_path_factory: pytest.TempPathFactory, gazetteer_file: Path):
    """Train the gazetteer once per session and return (storage, resource, config)."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    resource = Resource("municipality_gazetteer")
    config = {**MunicipalityGazetteer.get_default_config(), "gazetteer_path": str(gazetteer_file)}
    component = MunicipalityGazetteer.create(config, storage, resource, execution_context())
    component.train(TrainingData())
    return storage, resource, config


@pytest.fixture(scope="session")
def gazetteer(trained_storage) -> MunicipalityGazetteer:
    storage, resource, config = trained_storage
    return MunicipalityGazetteer.load(config, storage, resource, execution_context())


@pytest.fixture(scope="session")
def language_identifier() -> LanguageIdentifier:
    # The three languages these tests were written for; the locale files may list more.
    config = {**LanguageIdentifier.get_default_config(), "languages": ["fi", "sv", "en"]}
    return LanguageIdentifier.create(
        config, LocalModelStorage(Path("/nonexistent")), Resource("language"), execution_context()
    )
