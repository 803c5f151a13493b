"""Record texts in languages beyond fi/sv/en: loaded, checked, and used with English as fallback."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from knowledge import queries
from knowledge.datafiles import DataFilesInvalid
from knowledge.loader import check_data, load
from knowledge.settings import DATA_DIR
from knowledge.translations import COLUMN_LANGUAGES, TRANSLATABLE
from locales import SUPPORTED_LANGUAGES

TODAY = date(2026, 11, 27)
RUSSIAN = """\
actors:
  migri:
    name: Иммиграционная служба Финляндии (Maahanmuuttovirasto)
responsibilities:
  residence_permits-migri:
    reason: Иммиграционная служба рассматривает заявления на вид на жительство.
"""


def data_with(tmp_path: Path, name: str, content: str) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    (target / "translations").mkdir(exist_ok=True)
    (target / "translations" / name).write_text(content, encoding="utf-8")
    return target


def residence_permit_answer(engine: Engine, lang: str) -> queries.Answer:
    with Session(engine) as session:
        return queries.where_to_go(
            session, "residence_permits", municipality=None, on=TODAY, lang=lang
        )


def test_a_translated_name_and_reason_are_used_in_that_language(
    tmp_path: Path, empty_engine: Engine
) -> None:
    load(empty_engine, data_with(tmp_path, "ru.yml", RUSSIAN))
    first = residence_permit_answer(empty_engine, "ru").referrals[0]
    assert first.actor_name == "Иммиграционная служба Финляндии (Maahanmuuttovirasto)"
    assert first.reason.startswith("Иммиграционная служба")
    # The official languages keep their own columns.
    assert residence_permit_answer(empty_engine, "fi").referrals[0].actor_name == (
        "Maahanmuuttovirasto (Migri)"
    )


def test_a_text_missing_in_a_language_falls_back_to_english(
    tmp_path: Path, empty_engine: Engine
) -> None:
    load(empty_engine, data_with(tmp_path, "ru.yml", RUSSIAN))
    second = residence_permit_answer(empty_engine, "ru").referrals[1]
    english = residence_permit_answer(empty_engine, "en").referrals[1]
    assert second.reason == english.reason


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("ru.yml", "actors:\n  nobody:\n    name: x\n", "no record with key 'nobody'"),
        ("ru.yml", "actors:\n  migri:\n    website: x\n", "'website' is not translated"),
        ("ru.yml", "actors:\n  migri:\n    name: ''\n", "name"),
        ("ru.yml", "municipalities:\n  helsinki:\n    name: x\n", "no translatable texts"),
        ("fi.yml", "actors:\n  migri:\n    name: x\n", "other than fi/sv/en"),
        ("ru.yml", "actors:\n  migri:\n    name: [x\n", "not valid YAML"),
    ],
)
def test_a_broken_translation_is_rejected_with_its_file_and_nothing_is_loaded(
    tmp_path: Path, empty_engine: Engine, name: str, content: str, reason: str
) -> None:
    with pytest.raises(DataFilesInvalid) as raised:
        load(empty_engine, data_with(tmp_path, name, content))
    errors = raised.value.errors
    assert any(e.file == f"translations/{name}" and reason in e.reason for e in errors), errors


@pytest.mark.parametrize(
    "lang", [code for code in SUPPORTED_LANGUAGES if code not in COLUMN_LANGUAGES]
)
def test_every_knowledge_text_exists_in_every_language_opas_speaks(lang: str) -> None:
    dataset = check_data(DATA_DIR)
    have = {(t.kind, t.key, t.field) for t in dataset.translations if t.lang == lang}
    needed = {
        (section, str(record["key"]), field_name)
        for section, fields in TRANSLATABLE.items()
        for record in dataset.sections[section]
        for field_name in fields
    }
    missing = sorted(needed - have)
    assert missing == [], f"{len(missing)} texts missing in {lang}, first: {missing[:3]}"
