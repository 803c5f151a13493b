"""The whole knowledge base as it stands on one date, for spreadsheets and other systems.

`python -m knowledge export --format json` writes every table; `--format csv --table NAME` one
of them. Each row carries the source it comes from and the date that source was checked.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from knowledge.models import (
    Actor,
    Area,
    AreaMembership,
    DirectoryEntry,
    EmploymentArea,
    Municipality,
    Responsibility,
    Source,
    in_force,
)

TABLES = ("municipalities", "employment_areas", "actors", "responsibilities", "directory")

Row = dict[str, Any]


def _cited(source: Source) -> Row:
    return {"source": source.url, "checked_on": source.checked_on.isoformat()}


def _dates(valid_from: date | None, valid_to: date | None) -> Row:
    return {
        "valid_from": valid_from.isoformat() if valid_from else None,
        "valid_to": valid_to.isoformat() if valid_to else None,
    }


def _memberships(session: Session, on: date) -> dict[int, dict[str, Area]]:
    """For each municipality id, the area of each kind it belongs to on the date."""
    found: dict[int, dict[str, Area]] = {}
    rows = session.scalars(select(AreaMembership).options(joinedload(AreaMembership.area)))
    for membership in rows:
        if in_force(membership.valid_from, membership.valid_to, on):
            found.setdefault(membership.municipality_id, {})[membership.area.kind] = membership.area
    return found


def municipalities(session: Session, on: date) -> list[Row]:
    areas = _memberships(session, on)
    rows = []
    query = select(Municipality).options(joinedload(Municipality.source))
    for municipality in session.scalars(query.order_by(Municipality.code)):
        mine = areas.get(municipality.id, {})

        def name(kind: str, mine: dict[str, Area] = mine) -> str | None:
            return mine[kind].name_fi if kind in mine else None

        rows.append(
            {
                "code": municipality.code,
                "name_fi": municipality.name_fi,
                "name_sv": municipality.name_sv,
                "region": municipality.region,
                "in_aland": municipality.in_aland,
                "employment_area": name("employment_area"),
                "wellbeing_services_county": name("wellbeing_county"),
                "regional_centre": name("regional_centre"),
                "regional_state_agency": name("regional_state_agency"),
                "website": municipality.website,
                **_cited(municipality.source),
            }
        )
    return rows


def employment_areas(session: Session, on: date) -> list[Row]:
    members: dict[int, list[str]] = {}
    memberships = session.scalars(
        select(AreaMembership).options(joinedload(AreaMembership.municipality))
    )
    for membership in memberships:
        if in_force(membership.valid_from, membership.valid_to, on):
            members.setdefault(membership.area_id, []).append(membership.municipality.name_fi)
    query = select(EmploymentArea).options(joinedload(EmploymentArea.source))
    return [
        {
            "key": area.key,
            "name_fi": area.name_fi,
            "name_sv": area.name_sv,
            "name_en": area.name_en,
            "organiser": area.organiser,
            "organiser_type": area.organiser_type,
            "members": sorted(members.get(area.id, [])),
            "website": area.website,
            **_dates(area.valid_from, area.valid_to),
            **_cited(area.source),
        }
        for area in session.scalars(query.order_by(EmploymentArea.name_fi))
        if in_force(area.valid_from, area.valid_to, on)
    ]


def actors(session: Session, on: date) -> list[Row]:
    query = select(Actor).options(joinedload(Actor.source)).order_by(Actor.key)
    return [
        {
            "key": actor.key,
            "kind": actor.kind,
            "name_fi": actor.name_fi,
            "name_sv": actor.name_sv,
            "name_en": actor.name_en,
            "description_fi": actor.description_fi,
            "description_sv": actor.description_sv,
            "description_en": actor.description_en,
            "website": actor.website,
            **_dates(actor.valid_from, actor.valid_to),
            **_cited(actor.source),
        }
        for actor in session.scalars(query)
        if in_force(actor.valid_from, actor.valid_to, on)
    ]


def responsibilities(session: Session, on: date) -> list[Row]:
    query = (
        select(Responsibility)
        .options(
            joinedload(Responsibility.actor),
            joinedload(Responsibility.topic),
            joinedload(Responsibility.duty),
            joinedload(Responsibility.source),
        )
        .order_by(Responsibility.key)
    )
    return [
        {
            "key": resp.key,
            "topic": resp.topic.key if resp.topic else None,
            "duty": resp.duty.key if resp.duty else None,
            "actor": resp.actor.key,
            "level": resp.level,
            "audience": resp.audience,
            "age": resp.age,
            "protection": resp.protection,
            "rank": resp.rank,
            "reason_fi": resp.reason_fi,
            "reason_sv": resp.reason_sv,
            "reason_en": resp.reason_en,
            **_dates(resp.valid_from, resp.valid_to),
            **_cited(resp.source),
        }
        for resp in session.scalars(query)
        if in_force(resp.valid_from, resp.valid_to, on)
    ]


def directory(session: Session, on: date) -> list[Row]:
    query = (
        select(DirectoryEntry)
        .options(joinedload(DirectoryEntry.municipality), joinedload(DirectoryEntry.source))
        .order_by(DirectoryEntry.key)
    )
    return [
        {
            "key": entry.key,
            "municipality": entry.municipality.name_fi,
            "category": entry.category,
            "organisation_type": entry.organisation_type,
            "name": entry.name,
            "name_en": entry.name_en,
            "description_fi": entry.description_fi,
            "description_sv": entry.description_sv,
            "description_en": entry.description_en,
            "languages": list(entry.languages),
            "website": entry.website,
            "source": entry.source.url,
            # A directory entry has its own check date: sources of local activities age fast.
            "checked_on": entry.checked_on.isoformat(),
        }
        for entry in session.scalars(query)
    ]


EXPORTERS = {
    "municipalities": municipalities,
    "employment_areas": employment_areas,
    "actors": actors,
    "responsibilities": responsibilities,
    "directory": directory,
}


def export(session: Session, on: date, tables: Iterable[str] = TABLES) -> dict[str, Any]:
    """The tables as lists of plain rows, as they stand on `on`."""
    return {"date": on.isoformat(), **{name: EXPORTERS[name](session, on) for name in tables}}


def write_json(content: dict[str, Any], out: IO[str]) -> None:
    json.dump(content, out, ensure_ascii=False, indent=1)
    out.write("\n")


def write_csv(rows: list[Row], out: IO[str]) -> None:
    """One table as CSV; lists (members, languages) become one cell joined with '; '."""
    if not rows:
        return
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                key: "; ".join(value) if isinstance(value, list) else value
                for key, value in row.items()
            }
        )
