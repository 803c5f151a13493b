"""Load knowledge/data into the database: an idempotent upsert in one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from knowledge.clock import today_in_finland
from knowledge.datafiles import DataFilesInvalid, Dataset, read_data_dir
from knowledge.models import (
    Actor,
    Area,
    AreaMembership,
    AreaName,
    Base,
    DirectoryEntry,
    Duty,
    EmploymentArea,
    KnowledgeVersion,
    Municipality,
    Notice,
    RegionalCentre,
    RegionalStateAgency,
    Responsibility,
    Source,
    Topic,
    Translation,
    WellbeingCounty,
)
from knowledge.names import normalise
from knowledge.settings import DATA_DIR
from knowledge.translations import read_translations
from knowledge.validation import validate

# The dates around the 2025 and 2026 reforms, where a mapping mistake would show first.
REFORM_DATES = (date(2024, 12, 31), date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 1))

AREA_CLASSES: dict[str, type[Area]] = {
    "employment_area": EmploymentArea,
    "wellbeing_county": WellbeingCounty,
    "regional_centre": RegionalCentre,
    "regional_state_agency": RegionalStateAgency,
}

Model = TypeVar("Model", bound=Base)


@dataclass(frozen=True)
class LoadReport:
    """How many rows a load inserted, changed and removed."""

    inserted: int
    updated: int
    deleted: int

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated or self.deleted)


def changes(dataset: Dataset) -> set[date]:
    """Every date on which an answer can change: a record starts, or the day after one ends."""
    found: set[date] = set()
    for section in ("areas", "responsibilities", "actors"):
        for record in dataset.sections[section]:
            found |= _bounds(record)
    for _, membership in dataset.memberships():
        found |= _bounds(membership)
    return found


def _bounds(record: dict[str, Any]) -> set[date]:
    found = set()
    if isinstance(record.get("valid_from"), date):
        found.add(record["valid_from"])
    if isinstance(record.get("valid_to"), date):
        found.add(record["valid_to"] + timedelta(days=1))
    return found


def check_data(directory: Path = DATA_DIR, on: Iterable[date] = ()) -> Dataset:
    """Read and check the data files; raises DataFilesInvalid with every problem found."""
    dataset, errors = read_data_dir(directory)
    if not errors:
        errors = validate(dataset, check_dates=(*REFORM_DATES, *on, *changes(dataset)))
    if not errors:
        dataset.translations, errors = read_translations(directory, dataset)
    if errors:
        raise DataFilesInvalid(errors)
    return dataset


class _Upserter:
    """Brings one table in line with the records, by natural key."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.inserted = self.updated = self.deleted = 0
        self.stale: list[Base] = []

    def sync(
        self, model: type[Model], rows: dict[Any, dict[str, Any]], key_of: Any
    ) -> dict[Any, Model]:
        existing = {key_of(obj): obj for obj in self.session.scalars(select(model))}
        result: dict[Any, Model] = {}
        for key, values in rows.items():
            obj = existing.pop(key, None)
            if obj is None:
                obj = model(**values)
                self.session.add(obj)
                self.inserted += 1
            else:
                changed = False
                for name, value in values.items():
                    if getattr(obj, name) != value:
                        setattr(obj, name, value)
                        changed = True
                self.updated += changed
            result[key] = obj
        self.stale = [*existing.values()]
        self.session.flush()
        return result

    def delete(self, objects: Iterable[Base]) -> None:
        for obj in objects:
            self.session.delete(obj)
            self.deleted += 1
        self.session.flush()


def _translated(record: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {f"{prefix}_{lang}": record[f"{prefix}_{lang}"] for lang in ("fi", "sv", "en")}


def load_dataset(session: Session, dataset: Dataset) -> LoadReport:
    """Upsert a checked dataset; rows no longer in the data are removed (the YAML is the truth)."""
    up = _Upserter(session)
    stale: list[list[Base]] = []

    sources = up.sync(
        Source,
        {
            r["key"]: {
                "key": r["key"],
                "url": r["url"],
                "title": r["title"],
                "checked_on": r["checked_on"],
                "note": r.get("note"),
            }
            for r in dataset.sections["sources"]
        },
        lambda o: o.key,
    )
    stale.append(list(up.stale))

    def source_id(record: dict[str, Any]) -> int:
        return sources[record["source"]].id

    actors = up.sync(
        Actor,
        {
            r["key"]: {
                "key": r["key"],
                "kind": r["kind"],
                **_translated(r, "name"),
                **_translated(r, "description"),
                "website": r["website"],
                "website_note": r.get("website_note"),
                "valid_from": r.get("valid_from"),
                "valid_to": r.get("valid_to"),
                "source_id": source_id(r),
                "note": r.get("note"),
            }
            for r in dataset.sections["actors"]
        },
        lambda o: o.key,
    )
    stale.append(list(up.stale))

    area_rows: dict[str, dict[str, Any]] = {}
    for r in dataset.sections["areas"]:
        area_rows[r["key"]] = {
            "key": r["key"],
            "kind": r["kind"],
            **_translated(r, "name"),
            "code": None,
            "region": None,
            "in_aland": False,
            "website": r.get("website"),
            "website_note": r.get("website_note"),
            "valid_from": r.get("valid_from"),
            "valid_to": r.get("valid_to"),
            "confirmed": r.get("confirmed", True),
            "source_id": source_id(r),
            "organiser": r.get("organiser"),
            "organiser_type": r.get("organiser_type"),
            "note": r.get("note"),
        }
    for r in dataset.sections["municipalities"]:
        area_rows[r["key"]] = {
            "key": r["key"],
            "kind": "municipality",
            **_translated(r, "name"),
            "code": r["code"],
            "region": r["region"],
            "in_aland": r["in_aland"],
            "website": r.get("website"),
            "website_note": r.get("website_note"),
            "valid_from": None,
            "valid_to": None,
            "confirmed": True,
            "source_id": source_id(r),
            "note": r.get("note"),
        }
    areas = _sync_areas(up, area_rows)
    stale_areas = list(up.stale)

    name_rows: dict[tuple[int, str], dict[str, Any]] = {}
    place_names: dict[str, list[dict[str, Any]]] = {}
    for p in dataset.sections["place_names"]:
        place_names.setdefault(p["municipality"], []).append(p)
    for r in dataset.sections["municipalities"]:
        area = areas[r["key"]]
        forms = [("official_fi", r["name_fi"]), ("official_sv", r["name_sv"])]
        forms += [("other", name) for name in r.get("other_names") or []]
        forms += [("exonym", p["name"]) for p in place_names.get(r["key"], [])]
        for form, name in forms:
            name_rows.setdefault(
                (area.id, name),
                {"area_id": area.id, "name": name, "form": form, "normalised": normalise(name)},
            )
    up.sync(AreaName, name_rows, lambda o: (o.area_id, o.name))
    stale.append(list(up.stale))

    membership_rows: dict[tuple[int, int, date | None], dict[str, Any]] = {}
    for r, m in dataset.memberships():
        row = {
            "municipality_id": areas[r["key"]].id,
            "area_id": areas[m["area"]].id,
            "valid_from": m.get("valid_from"),
            "valid_to": m.get("valid_to"),
            "confirmed": m.get("confirmed", True),
            "source_id": source_id(m),
            "note": m.get("note"),
        }
        membership_rows[(row["municipality_id"], row["area_id"], row["valid_from"])] = row
    up.sync(AreaMembership, membership_rows, lambda o: (o.municipality_id, o.area_id, o.valid_from))
    stale.append(list(up.stale))

    topics = up.sync(
        Topic,
        {
            r["key"]: {
                "key": r["key"],
                **_translated(r, "name"),
                "directory_categories": list(r["directory_categories"]),
            }
            for r in dataset.sections["topics"]
        },
        lambda o: o.key,
    )
    stale.append(list(up.stale))
    duties = up.sync(
        Duty,
        {
            r["key"]: {"key": r["key"], **_translated(r, "name"), **_translated(r, "description")}
            for r in dataset.sections["duties"]
        },
        lambda o: o.key,
    )
    stale.append(list(up.stale))
    notices = up.sync(
        Notice,
        {
            r["key"]: {
                "key": r["key"],
                "changed_on": r["changed_on"],
                "show_until": r["show_until"],
                **_translated(r, "text"),
                "source_id": source_id(r),
            }
            for r in dataset.sections["notices"]
        },
        lambda o: o.key,
    )
    stale.append(list(up.stale))
    up.sync(
        Responsibility,
        {
            r["key"]: {
                "key": r["key"],
                "actor_id": actors[r["actor"]].id,
                "topic_id": topics[r["topic"]].id if r.get("topic") else None,
                "duty_id": duties[r["duty"]].id if r.get("duty") else None,
                "audience": r["audience"],
                "age": r.get("age", "any"),
                "protection": r.get("protection", "any"),
                "level": r["level"],
                "rank": r.get("rank", 1),
                "valid_from": r.get("valid_from"),
                "valid_to": r.get("valid_to"),
                **_translated(r, "reason"),
                "notice_id": notices[r["notice"]].id if r.get("notice") else None,
                "source_id": source_id(r),
            }
            for r in dataset.sections["responsibilities"]
        },
        lambda o: o.key,
    )
    stale.append(list(up.stale))
    up.sync(
        DirectoryEntry,
        {
            r["key"]: {
                "key": r["key"],
                "municipality_id": areas[r["municipality"]].id,
                "category": r["category"],
                "organisation_type": r["organisation_type"],
                "name": r["name"],
                "name_en": r.get("name_en"),
                **_translated(r, "description"),
                "languages": list(r.get("languages") or []),
                "website": r.get("website"),
                "confirmed": r["confirmed"],
                "note": r.get("note"),
                "source_id": source_id(r),
                "checked_on": r["checked_on"],
            }
            for r in dataset.sections["directory"]
        },
        lambda o: o.key,
    )
    stale.append(list(up.stale))
    up.sync(
        Translation,
        {
            (t.kind, t.key, t.field, t.lang): {
                "kind": t.kind,
                "key": t.key,
                "field": t.field,
                "lang": t.lang,
                "text": t.text,
            }
            for t in dataset.translations
        },
        lambda o: (o.kind, o.key, o.field, o.lang),
    )
    stale.append(list(up.stale))
    # Dependants first: what refers to a row goes before the row.
    for group in reversed(stale[1:]):
        up.delete(group)
    up.delete(stale_areas)
    up.delete(stale[0])
    return LoadReport(up.inserted, up.updated, up.deleted)


def _sync_areas(up: _Upserter, rows: dict[str, dict[str, Any]]) -> dict[str, Area]:
    # Areas are one table with a subclass per kind; insert each with its own class.
    existing = {obj.key: obj for obj in up.session.scalars(select(Area))}
    result: dict[str, Area] = {}
    for key, values in rows.items():
        obj = existing.pop(key, None)
        if obj is not None and obj.kind != values["kind"]:
            up.session.delete(obj)
            up.session.flush()
            up.deleted += 1
            obj = None
        if obj is None:
            cls = Municipality if values["kind"] == "municipality" else AREA_CLASSES[values["kind"]]
            obj = cls(**{k: v for k, v in values.items() if k != "kind"})
            up.session.add(obj)
            up.inserted += 1
        else:
            changed = False
            for name, value in values.items():
                if getattr(obj, name) != value:
                    setattr(obj, name, value)
                    changed = True
            up.updated += changed
        result[key] = obj
    up.stale = [*existing.values()]
    up.session.flush()
    return result


def load(engine: Engine, directory: Path = DATA_DIR) -> LoadReport:
    """Check the data files, then upsert them in one transaction (all or nothing)."""
    dataset = check_data(directory, on=(today_in_finland(),))
    with Session(engine) as session, session.begin():
        report = load_dataset(session, dataset)
        stamp = session.get(KnowledgeVersion, 1)
        if stamp is None:
            session.add(KnowledgeVersion(id=1, generation=uuid.uuid4().hex))
        elif report.changed:
            # Tells running readers (knowledge.snapshot) to read the base again.
            stamp.generation = uuid.uuid4().hex
        return report
