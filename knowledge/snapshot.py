"""The knowledge base held in memory for the questions the bot asks on every turn.

The base changes only when `python -m knowledge load` changes it, and that bumps the version
row; so a reader asks the database one tiny question (the version) and answers the rest from
the copy it read last. Each engine (database) has its own copy.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, joinedload

from knowledge.models import (
    AreaMembership,
    AreaName,
    DirectoryEntry,
    Duty,
    KnowledgeVersion,
    Municipality,
    Responsibility,
    Topic,
)


@dataclass
class Snapshot:
    """Everything a where-to-go or who-is-responsible answer reads, indexed for it."""

    version: int
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


_snapshots: WeakKeyDictionary[Engine, Snapshot] = WeakKeyDictionary()
_building = threading.Lock()


def snapshot(session: Session) -> Snapshot:
    """The in-memory base for the session's database, read again if a load changed it."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    version = session.scalar(select(KnowledgeVersion.version).where(KnowledgeVersion.id == 1))
    current = _snapshots.get(engine)
    if current is not None and current.version == (version or 0):
        return current
    with _building:
        current = _snapshots.get(engine)
        if current is None or current.version != (version or 0):
            current = _read(session, version or 0)
            _snapshots[engine] = current
    return current


def _read(session: Session, version: int) -> Snapshot:
    # A session of its own on the caller's connection: it sees what the caller sees, and
    # closing it leaves the objects loaded and detached (nothing expires them later).
    with Session(bind=session.connection(), expire_on_commit=False) as reader:
        found = Snapshot(version=version)
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
    return found
