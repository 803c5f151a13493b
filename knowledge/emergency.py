"""Finland's emergency number, with its source, from knowledge/data/emergency/number.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from knowledge.settings import DATA_DIR

_NUMBER = re.compile(r"^\d{3,6}$")


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    official_site: str
    source: str
    checked_on: date


@cache
def emergency_number(path: Path = DATA_DIR / "emergency" / "number.yml") -> EmergencyNumber:
    """The checked record; a malformed file fails loudly at first use (and in the tests)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    record = EmergencyNumber(
        number=str(raw["number"]),
        official_site=str(raw["official_site"]),
        source=str(raw["source"]),
        checked_on=raw["checked_on"],
    )
    if not _NUMBER.match(record.number) or not isinstance(record.checked_on, date):
        raise ValueError(f"{path}: a number of digits and a checked_on date are required")
    if not record.source.startswith("https://"):
        raise ValueError(f"{path}: the source must be an https address")
    return record
