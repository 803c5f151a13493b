"""Check the records as a whole: unique keys, references, counts, and the municipality map.

Field-level checks live with the schemas in datafiles.py; these need the whole dataset.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from knowledge.datafiles import SECTIONS, DataError, Dataset, Record, schema_errors
from knowledge.models import USER_DETAILS, in_force


def validate(dataset: Dataset, check_dates: Iterable[date] = ()) -> list[DataError]:
    """Every problem: schema, unique keys, references, and the municipality mapping on dates."""
    errors: list[DataError] = []
    for section in SECTIONS:
        seen: dict[str, Record] = {}
        for record in dataset.sections[section]:
            errors.extend(schema_errors(record, section))
            key = record.get("key")
            if isinstance(key, str):
                if key in seen:
                    first = seen[key]
                    errors.append(
                        DataError(
                            record.file,
                            record.line,
                            f"{section}: key {key!r} already used at {first.file}:{first.line}",
                        )
                    )
                seen[key] = record
    for section in SECTIONS:
        for record in dataset.sections[section]:
            for membership in record.get("memberships") or []:
                if isinstance(membership, Record):
                    membership.file = record.file
                    errors.extend(schema_errors(membership, "memberships"))
    if errors:
        return errors  # references are meaningless until every record has its fields
    errors.extend(_reference_errors(dataset))
    if not errors:
        dates = sorted(set(check_dates))
        errors.extend(count_errors(dataset, dates))
        errors.extend(mapping_errors(dataset, dates))
        errors.extend(audience_errors(dataset, dates))
    return errors


def _reference_errors(dataset: Dataset) -> list[DataError]:
    errors: list[DataError] = []
    keys = {section: dataset.keyed(section) for section in SECTIONS}

    def need(record: Record, field_name: str, section: str, value: Any = None) -> None:
        wanted = record.get(field_name) if value is None else value
        if wanted is not None and wanted not in keys[section]:
            errors.append(
                DataError(
                    record.file,
                    record.line,
                    f"{field_name} {wanted!r} is not a known key in {section}",
                )
            )

    for section in SECTIONS:
        for record in dataset.sections[section]:
            if section != "sources":
                need(record, "source", "sources")
            for membership in record.get("memberships") or []:
                need(membership, "source", "sources")
                need(membership, "area", "areas")
    for record in dataset.sections["responsibilities"]:
        need(record, "actor", "actors")
        need(record, "topic", "topics")
        need(record, "duty", "duties")
        need(record, "notice", "notices")
        if (record.get("topic") is None) == (record.get("duty") is None):
            errors.append(DataError(record.file, record.line, "give either a topic or a duty"))
    for record in dataset.sections["directory"]:
        need(record, "municipality", "municipalities")
    for record in dataset.sections["place_names"]:
        need(record, "municipality", "municipalities")
    regions = {m["region"]: m["in_aland"] for m in dataset.sections["municipalities"]}
    for record in dataset.sections["areas"]:
        for region in record.get("regions") or []:
            if region not in regions:
                errors.append(
                    DataError(
                        record.file, record.line, f"no municipality is in the region {region!r}"
                    )
                )
            elif regions[region]:
                errors.append(
                    DataError(
                        record.file, record.line, "an Åland region belongs to no mainland area"
                    )
                )
    codes: dict[str, Record] = {}
    for record in dataset.sections["municipalities"]:
        if record["code"] in codes:
            errors.append(DataError(record.file, record.line, f"code {record['code']} used twice"))
        codes[record["code"]] = record
        if record["in_aland"] and record.get("memberships"):
            errors.append(
                DataError(
                    record.file, record.line, "an Åland municipality belongs to no mainland area"
                )
            )
    return errors


# The kinds of area every mainland municipality belongs to, while the system exists.
MAPPED_KINDS: dict[str, tuple[date, date | None]] = {
    "employment_area": (date(2025, 1, 1), None),
    "wellbeing_county": (date(2023, 1, 1), None),
    "regional_centre": (date(2010, 1, 1), None),
    # The Finnish Supervisory Agency, one national agency, replaced the AVIs on 1 Jan 2026.
    "regional_state_agency": (date(2010, 1, 1), date(2025, 12, 31)),
}


def mapping_errors(dataset: Dataset, check_dates: Iterable[date]) -> list[DataError]:
    """Each mainland municipality in exactly one area of each kind on each date checked."""
    areas = dataset.keyed("areas")
    by_municipality: dict[str, list[dict[str, Any]]] = {}
    for municipality, membership in dataset.memberships():
        by_municipality.setdefault(str(municipality["key"]), []).append(membership)
    errors = []
    for on in check_dates:
        for municipality in dataset.sections["municipalities"]:
            if municipality["in_aland"]:
                continue
            for kind, (since, until) in MAPPED_KINDS.items():
                if on < since or (until is not None and on > until):
                    continue
                matches = [
                    m["area"]
                    for m in by_municipality.get(str(municipality["key"]), [])
                    if areas[m["area"]]["kind"] == kind and _in_force(m, on)
                ]
                if len(matches) != 1:
                    errors.append(
                        DataError(
                            municipality.file,
                            municipality.line,
                            f"{municipality['name_fi']} belongs to {len(matches)} areas of kind "
                            f"{kind} on {on.isoformat()} ({', '.join(matches) or 'none'}); "
                            "exactly one is needed",
                        )
                    )
    return errors


# How many areas of a kind exist, from a date on (the last row that has started applies).
EXPECTED_COUNTS: dict[str, tuple[tuple[date, int], ...]] = {
    # 45 employment areas from 1 Jan 2025 (Act 380/2023).
    "employment_area": ((date(2025, 1, 1), 45),),
    # 21 wellbeing services counties and the City of Helsinki from 1 Jan 2023.
    "wellbeing_county": ((date(2023, 1, 1), 22),),
    # 15 ELY Centres until 2025, 10 Economic Development Centres from 1 Jan 2026.
    "regional_centre": ((date(2010, 1, 1), 15), (date(2026, 1, 1), 10)),
    # Six Regional State Administrative Agencies 2010-2025 (Decree 906/2009), none after.
    "regional_state_agency": ((date(2010, 1, 1), 6), (date(2026, 1, 1), 0)),
}


def _in_force(record: Mapping[str, Any], on: date) -> bool:
    return in_force(record.get("valid_from"), record.get("valid_to"), on)


def count_errors(dataset: Dataset, check_dates: Iterable[date]) -> list[DataError]:
    """The number of areas of each kind in force on each date is the number the law sets."""
    errors = []
    areas = dataset.sections["areas"]
    for on in check_dates:
        for kind, steps in EXPECTED_COUNTS.items():
            started = [count for since, count in steps if since <= on]
            if not started:
                continue
            found = [a for a in areas if a["kind"] == kind and _in_force(a, on)]
            if len(found) != started[-1]:
                where = found[0] if found else (areas[0] if areas else None)
                errors.append(
                    DataError(
                        where.file if where else "areas",
                        where.line if where else 0,
                        f"{len(found)} areas of kind {kind} on {on.isoformat()}; "
                        f"the law sets {started[-1]}",
                    )
                )
    return errors


def audience_errors(dataset: Dataset, check_dates: Iterable[date]) -> list[DataError]:
    """Whoever the user is, a topic they can ask about names at least one office.

    Every combination of answers to the bot's yes/no questions (knowledge.models.USER_DETAILS)
    must leave a record on every date the topic exists, or a user who answered would be left
    with nothing.
    """
    by_topic: dict[str, list[Record]] = {}
    for record in dataset.sections["responsibilities"]:
        if record.get("topic"):
            by_topic.setdefault(str(record["topic"]), []).append(record)
    errors = []
    for on in check_dates:
        for topic, records in by_topic.items():
            current = [r for r in records if _in_force(r, on)]
            if not current:
                continue  # a service that did not exist yet (or any more) on that date
            for answers in itertools.product((True, False), repeat=len(USER_DETAILS)):
                sides = {
                    column: yes if answer else no
                    for (column, yes, no), answer in zip(
                        USER_DETAILS.values(), answers, strict=True
                    )
                }
                if not any(
                    all((r.get(column) or "any") in ("any", side) for column, side in sides.items())
                    for r in current
                ):
                    first = current[0]
                    who = ", ".join(sides.values())
                    errors.append(
                        DataError(
                            first.file,
                            first.line,
                            f"topic {topic!r} has no record for someone who is {who} "
                            f"on {on.isoformat()}",
                        )
                    )
    return errors
