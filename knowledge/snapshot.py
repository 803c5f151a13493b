"""The knowledge base held in memory for the questions the bot asks on every turn.

The base changes only when `python -m knowledge load` changes it, and that writes a new random
generation into a one-row table; so a reader asks the database one tiny question (the
generation) and answers the rest from the copy it read last. A rebuilt or restored database
has a generation of its own, so it is never mistaken for the old one. Each engine has its
own copy, read in a transaction of its own: never from a caller's uncommitted work.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, joinedload

from knowledge.models import (
    LANGUAGES,
    AreaMembership,
    AreaName,
    DirectoryEntry,
    Duty,
    KnowledgeVersion,
    Municipality,
    Responsibility,
    Topic,
    Translation,
)


@dataclass
class Snapshot:
    """Everything a where-to-go or who-is-responsible answer reads, indexed for it."""

    generation: str | None
    topics: dict[str, Topic] = field(default_factory=dict)
    duties: dict[str, Duty] = field(default_factory=dict)
    # Topic or duty id -> its responsibility records, by rank then key.
    by_topic: dict[int, list[Responsibility]] = field(default_factory=dict)
    by_duty: dict[int, list[Responsibility]] = field(default_factory=dict)
    municipalities: dict[int, Municipality] = field(default_factory=dict)
    # Normalised name form -> the municipalities that go by it.
    names: dict[str, set[int]] = field(default_factory=dict)
    memberships: dict[int, list[AreaMembership]] = field(default_factory=dict)
    directory: dict[int, list[DirectoryEntry]] = field(default_factory=dict)
    # (kind, record key, field, language) -> text, for languages beyond fi/sv/en.
    translations: dict[tuple[str, str, str, str], str] = field(default_factory=dict)

    def text(self, kind: str, record: Any, field_name: str, lang: str) -> str:
        """A record's text in `lang`: its own column for fi/sv/en, else a translation, else en."""
        if lang in LANGUAGES:
            return str(getattr(record, f"{field_name}_{lang}"))
        translated = self.translations.get((kind, record.key, field_name, lang))
        return translated if translated is not None else str(getattr(record, f"{field_name}_en"))


_snapshots: WeakKeyDictionary[Engine, Snapshot] = WeakKeyDictionary()
_building = threading.Lock()


def snapshot(session: Session) -> Snapshot:
    """The in-memory base for the session's database, read again if a load changed it."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    generation = session.scalar(select(KnowledgeVersion.generation))
    current = _snapshots.get(engine)
    if current is not None and current.generation == generation:
        return current
    with _building:
        current = _snapshots.get(engine)
        if current is None or current.generation != generation:
            current = _read(engine)
            _snapshots[engine] = current
    return current


def _read(engine: Engine) -> Snapshot:
    # Objects stay loaded after the session closes (expire_on_commit=False) and are only read.
    with Session(engine, expire_on_commit=False) as reader, reader.begin():
        found = Snapshot(generation=reader.scalar(select(KnowledgeVersion.generation)))
        found.topics = {t.key: t for t in reader.scalars(select(Topic))}
        found.duties = {d.key: d for d in reader.scalars(select(Duty))}
        records = reader.scalars(
            select(Responsibility)
            .options(
                joinedload(Responsibility.actor),
                joinedload(Responsibility.source),
                joinedload(Responsibility.notice),
            )
            .order_by(Responsibility.rank, Responsibility.key)
        )
        for record in records:
            if record.topic_id is not None:
                found.by_topic.setdefault(record.topic_id, []).append(record)
            if record.duty_id is not None:
                found.by_duty.setdefault(record.duty_id, []).append(record)
        found.municipalities = {m.id: m for m in reader.scalars(select(Municipality))}
        for name, area_id in reader.execute(
            select(AreaName.normalised, AreaName.area_id).join(Municipality)
        ):
            found.names.setdefault(name, set()).add(area_id)
        for membership in reader.scalars(
            select(AreaMembership).options(joinedload(AreaMembership.area))
        ):
            found.memberships.setdefault(membership.municipality_id, []).append(membership)
        for entry in reader.scalars(
            select(DirectoryEntry).options(joinedload(DirectoryEntry.source))
        ):
            found.directory.setdefault(entry.municipality_id, []).append(entry)
        for translation in reader.scalars(select(Translation)):
            key = (translation.kind, translation.key, translation.field, translation.lang)
            found.translations[key] = translation.text
    return found
