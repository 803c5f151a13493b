"""`python -m knowledge check` rejects data that would send someone to the wrong office."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from knowledge.datafiles import DataFilesInvalid
from knowledge.loader import check_data
from knowledge.settings import DATA_DIR


def copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the test expects {old!r} in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(data: Path, on: tuple[date, ...] = ()) -> list[str]:
    with pytest.raises(DataFilesInvalid) as raised:
        check_data(data, on=on)
    return [str(error) for error in raised.value.errors]


def test_the_real_data_passes_on_every_reform_date_and_today() -> None:
    check_data(DATA_DIR, on=(date(2025, 6, 1), date(2026, 11, 27)))


def test_an_employment_area_ending_early_breaks_the_count_of_45(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(
        data / "areas.yml",
        "- key: employment-area-vantaa\n",
        "- key: employment-area-vantaa\n  valid_to: 2025-06-30\n",
    )
    found = problems(data, on=(date(2025, 7, 1),))
    assert any(
        "44 areas of kind employment_area on 2025-07-01; the law sets 45" in p for p in found
    )
    # The count problem names the areas file, so an editor knows where to look.
    assert any(p.startswith("areas.yml:") for p in found)


def test_an_eleventh_economic_development_centre_is_rejected(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    areas = data / "areas.yml"
    text = areas.read_text(encoding="utf-8")
    start = text.index("- key: edc-uusimaa\n")
    end = text.index("\n- key:", start + 1)
    copy = text[start:end].replace("key: edc-uusimaa", "key: edc-made-up")
    areas.write_text(text + copy + "\n", encoding="utf-8")
    assert any("11 areas of kind regional_centre" in p for p in problems(data))


def test_a_topic_split_by_jobseeker_status_needs_both_sides(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(
        data / "responsibilities.yml",
        "- key: integration_plan-municipality\n  topic: integration_plan\n",
        "- key: integration_plan-municipality\n  topic: made_up_unused\n",
    )
    edit(
        data / "topics.yml",
        "topics:\n",
        "topics:\n- key: made_up_unused\n"
        "  name_fi: x\n  name_sv: x\n  name_en: x\n  directory_categories: []\n",
    )
    found = problems(data)
    assert any(
        "topic 'integration_plan' has no record for someone who is" in p and "not_jobseeker" in p
        for p in found
    )


def test_an_unknown_age_value_is_rejected_with_its_line(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(
        data / "responsibilities.yml",
        "  topic: integration_plan\n",
        "  topic: integration_plan\n  age: teenager\n",
    )
    found = problems(data)
    assert any(p.startswith("responsibilities.yml:") and "'age'" in p for p in found)


def test_a_link_that_is_not_https_is_rejected(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(data / "actors.yml", "website: https://migri.fi", "website: migri.fi/en")
    assert any("must be an https URL" in p for p in problems(data))


def test_an_adult_who_is_not_a_jobseeker_must_have_somewhere_to_learn_finnish(
    tmp_path: Path,
) -> None:
    data = copy_data(tmp_path)
    path = data / "responsibilities.yml"
    text = path.read_text(encoding="utf-8")
    for key in ("language_courses-municipality", "language_courses-adult_education"):
        start = text.index(f"- key: {key}\n")
        end = text.index("\n- key:", start + 1) + 1
        text = text[:start] + text[end:]
    path.write_text(text, encoding="utf-8")
    assert any(
        "topic 'language_courses' has no record for someone who is adult, not_jobseeker" in p
        for p in problems(data)
    )


def test_a_record_ending_later_is_checked_on_the_day_after_it_ends(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(
        data / "areas.yml",
        "- key: employment-area-vantaa\n",
        "- key: employment-area-vantaa\n  valid_to: 2027-06-30\n",
    )
    # No date given: the check finds 2027-07-01 itself.
    assert any("44 areas of kind employment_area on 2027-07-01" in p for p in problems(data))
