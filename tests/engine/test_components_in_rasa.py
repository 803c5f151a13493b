"""The components go through Rasa's create/train/persist/load cycle and run in a Rasa graph."""

import json
from pathlib import Path

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.gazetteer import MunicipalityGazetteer
from tests.engine.conftest import execution_context


def test_a_trained_gazetteer_works_after_the_source_file_is_gone(tmp_path, gazetteer_file):
    source = tmp_path / "gazetteer.json"
    source.write_text(gazetteer_file.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "model").mkdir()
    storage = LocalModelStorage(tmp_path / "model")
    resource = Resource("gazetteer")
    config = {**MunicipalityGazetteer.get_default_config(), "gazetteer_path": str(source)}
    trained = MunicipalityGazetteer.create(config, storage, resource, execution_context())
    assert trained.train(TrainingData()) == resource
    source.unlink()

    loaded = MunicipalityGazetteer.load(config, storage, resource, execution_context())
    message = Message(data={"text": "asun Turussa"})
    loaded.process([message])
    assert [e["value"] for e in message.get("entities")] == ["Turku"]


def test_training_without_a_gazetteer_says_how_to_make_one(tmp_path):
    config = {"gazetteer_path": str(tmp_path / "missing.json")}
    component = MunicipalityGazetteer.create(
        config, LocalModelStorage(tmp_path), Resource("g"), execution_context()
    )
    with pytest.raises(FileNotFoundError, match="python -m knowledge gazetteer"):
        component.train(TrainingData())


def test_a_changed_gazetteer_changes_the_fingerprint_so_rasa_retrains(tmp_path):
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"municipalities": []}), encoding="utf-8")
    before = MunicipalityGazetteer.fingerprint_addon({"gazetteer_path": str(path)})
    path.write_text(json.dumps({"municipalities": [{"value": "Salo", "names": []}]}))
    after = MunicipalityGazetteer.fingerprint_addon({"gazetteer_path": str(path)})
    assert before and after and before != after


def test_the_language_identifier_ignores_place_names_found_before_it(
    gazetteer, language_identifier
):
    message = Message(data={"text": "Je veux aller à Jyväskylä demain matin"})
    gazetteer.process([message])
    language_identifier.process([message])
    values = {e["entity"]: e["value"] for e in message.get("entities")}
    assert values.get("municipality") == "Jyväskylä"
    assert values.get("language") != "fi"


def test_the_pipeline_config_names_components_rasa_can_import():
    import yaml
    from rasa.engine.graph import GraphComponent
    from rasa.shared.utils.common import class_from_module_path

    config = yaml.safe_load(Path("config.yml").read_text(encoding="utf-8"))
    custom = [step["name"] for step in config["pipeline"] if "." in step["name"]]
    assert custom == [
        "bot.nlu.tokenizer.MultilingualTokenizer",
        "bot.nlu.gazetteer.MunicipalityGazetteer",
        "bot.nlu.intent_classifier.LinearIntentClassifier",
        "bot.nlu.language.LanguageIdentifier",
        "bot.nlu.fallback_rules.FallbackRules",
    ]
    for path in custom:
        assert issubclass(class_from_module_path(path), GraphComponent)
    assert [p["name"] for p in config["policies"]] == ["RulePolicy"]


def test_changed_component_code_changes_the_fingerprint_so_rasa_retrains(tmp_path, monkeypatch):
    from bot.nlu import code_fingerprint
    from bot.nlu.intent_classifier import LinearIntentClassifier
    from bot.nlu.language import LanguageIdentifier

    (tmp_path / "linear.py").write_text("C = 30\n")
    monkeypatch.setattr(code_fingerprint, "NLU_DIR", tmp_path)
    code_fingerprint.nlu_code_fingerprint.cache_clear()
    before = LinearIntentClassifier.fingerprint_addon({})
    assert before == LanguageIdentifier.fingerprint_addon({})
    (tmp_path / "linear.py").write_text("C = 10\n")
    code_fingerprint.nlu_code_fingerprint.cache_clear()
    assert LinearIntentClassifier.fingerprint_addon({}) != before
    code_fingerprint.nlu_code_fingerprint.cache_clear()
