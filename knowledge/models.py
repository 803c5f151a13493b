"""The knowledge base's tables: sources, actors, areas over time, topics, duties, who does what."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

LANGUAGES = ("fi", "sv", "en")

AREA_KINDS = (
    "municipality",
    "employment_area",
    "wellbeing_county",
    "regional_centre",
    "regional_state_agency",
)
# Where a responsibility sits: nationally, or in the user's own area of one of these kinds.
LEVELS = ("national", *AREA_KINDS)
AUDIENCES = ("jobseeker", "not_jobseeker", "any")
AGES = ("under_18", "adult", "any")
PROTECTIONS = ("granted", "not_granted", "any")
# The yes/no facts about a user an answer can depend on: the Responsibility column that holds
# each and its values for yes and for no. Asked in this order: age first, because a child's
# answer (school) does not depend on being a jobseeker.
USER_DETAILS = {
    "minor": ("age", "under_18", "adult"),
    "jobseeker": ("audience", "jobseeker", "not_jobseeker"),
    "protection": ("protection", "granted", "not_granted"),
}
# Who organises an employment area's services (Act 380/2023): a municipality alone, a host
# municipality for several, or a joint municipal authority.
ORGANISER_TYPES = ("own_municipality", "host_municipality", "joint_authority")


class Base(DeclarativeBase):
    """Declarative base of every Opas table."""


class Translated:
    """Mixin: a name and a description in Finnish, Swedish and English."""

    name_fi: Mapped[str] = mapped_column(String(300))
    name_sv: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))

    def name(self, lang: str) -> str:
        """The name in `lang`, English for a language the base does not hold."""
        return str(getattr(self, f"name_{lang if lang in LANGUAGES else 'en'}"))


def in_force(valid_from: date | None, valid_to: date | None, on: date) -> bool:
    """Whether a record with these (open-ended when None) bounds applies on a date."""
    return (valid_from is None or valid_from <= on) and (valid_to is None or on <= valid_to)


class Translation(Base):
    """A record's text in a language beyond Finnish, Swedish and English.

    Finnish, Swedish and English live in the records' own columns (the official languages
    and the fallback); the other languages Opas speaks come from knowledge/data/translations.
    """

    __tablename__ = "translations"
    __table_args__ = (UniqueConstraint("kind", "key", "field", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(160))
    field: Mapped[str] = mapped_column(String(40))
    lang: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)


class KnowledgeVersion(Base):
    """One row: a random token every load that changes the base rewrites (readers' caches)."""

    __tablename__ = "knowledge_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[str] = mapped_column(String(32))


class Source(Base):
    """A public page a fact was taken from, and when it was checked."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    url: Mapped[str] = mapped_column(String(600))
    title: Mapped[str] = mapped_column(String(300))
    checked_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class Actor(Translated, Base):
    """An organisation (or a kind of organisation) with a role in integration."""

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    description_fi: Mapped[str] = mapped_column(Text)
    description_sv: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
    website: Mapped[str] = mapped_column(String(600))
    website_note: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    note: Mapped[str | None] = mapped_column(Text)

    source: Mapped[Source] = relationship(lazy="raise_on_sql")

    def description(self, lang: str) -> str:
        """The description in `lang` (English for an unknown language)."""
        return str(getattr(self, f"description_{lang if lang in LANGUAGES else 'en'}"))


class Area(Translated, Base):
    """A municipality or a region one belongs to: employment area, county, regional centre."""

    __tablename__ = "areas"
    __mapper_args__ = {"polymorphic_on": "kind"}

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    code: Mapped[str | None] = mapped_column(String(10), unique=True)
    region: Mapped[str | None] = mapped_column(String(120))
    in_aland: Mapped[bool] = mapped_column(Boolean, default=False)
    organiser: Mapped[str | None] = mapped_column(String(300))
    organiser_type: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(600))
    website_note: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    note: Mapped[str | None] = mapped_column(Text)

    source: Mapped[Source] = relationship(lazy="raise_on_sql")
    names: Mapped[list[AreaName]] = relationship(
        lazy="raise_on_sql",
        back_populates="area",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class Municipality(Area):
    """A municipality, on the mainland or on Åland."""

    __mapper_args__ = {"polymorphic_identity": "municipality"}


class EmploymentArea(Area):
    """One of the areas that organise public employment services from 1 Jan 2025."""

    __mapper_args__ = {"polymorphic_identity": "employment_area"}


class WellbeingCounty(Area):
    """A wellbeing services county, or the City of Helsinki that organises the same services."""

    __mapper_args__ = {"polymorphic_identity": "wellbeing_county"}


class RegionalCentre(Area):
    """A state regional centre: an ELY Centre until 2025, an Economic Development Centre after."""

    __mapper_args__ = {"polymorphic_identity": "regional_centre"}


class RegionalStateAgency(Area):
    """A Regional State Administrative Agency (AVI), 2010-2025."""

    __mapper_args__ = {"polymorphic_identity": "regional_state_agency"}


class AreaName(Base):
    """One name form people use for an area (official Finnish or Swedish, or another form)."""

    __tablename__ = "area_names"
    __table_args__ = (UniqueConstraint("area_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    form: Mapped[str] = mapped_column(String(20))
    normalised: Mapped[str] = mapped_column(String(300), index=True)

    area: Mapped[Area] = relationship(lazy="raise_on_sql", back_populates="names")


class AreaMembership(Base):
    """That a municipality belongs to a larger area between two dates."""

    __tablename__ = "area_memberships"
    __table_args__ = (UniqueConstraint("municipality_id", "area_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    note: Mapped[str | None] = mapped_column(Text)

    municipality: Mapped[Municipality] = relationship(
        lazy="raise_on_sql", foreign_keys=[municipality_id]
    )
    area: Mapped[Area] = relationship(lazy="raise_on_sql", foreign_keys=[area_id])
    source: Mapped[Source] = relationship(lazy="raise_on_sql")


class Topic(Translated, Base):
    """A service a user asks for (employment services, language courses, ...)."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    # Local directory categories shown with the answer; empty when the answer has none.
    directory_categories: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Duty(Translated, Base):
    """A task the law or the government gives to an actor (refugee placement, ...)."""

    __tablename__ = "duties"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    description_fi: Mapped[str] = mapped_column(Text)
    description_sv: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)


class Notice(Base):
    """A change users should hear about for a while (a renamed or replaced office)."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    changed_on: Mapped[date] = mapped_column(Date)
    show_until: Mapped[date] = mapped_column(Date)
    text_fi: Mapped[str] = mapped_column(Text)
    text_sv: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))

    source: Mapped[Source] = relationship(lazy="raise_on_sql")

    def text(self, lang: str) -> str:
        """The notice in `lang` (English for an unknown language)."""
        return str(getattr(self, f"text_{lang if lang in LANGUAGES else 'en'}"))


class Responsibility(Base):
    """Which actor serves a topic or carries a duty, for whom, at which level, and why."""

    __tablename__ = "responsibilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id"))
    duty_id: Mapped[int | None] = mapped_column(ForeignKey("duties.id"))
    # Who the record is for: registered jobseekers or not, under 18 or adults, people granted
    # international protection or not ("any" when it does not matter).
    audience: Mapped[str] = mapped_column(String(20), default="any")
    age: Mapped[str] = mapped_column(String(20), default="any", server_default="any")
    protection: Mapped[str] = mapped_column(String(20), default="any", server_default="any")
    level: Mapped[str] = mapped_column(String(30))
    rank: Mapped[int] = mapped_column(Integer, default=1)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    reason_fi: Mapped[str] = mapped_column(Text)
    reason_sv: Mapped[str] = mapped_column(Text)
    reason_en: Mapped[str] = mapped_column(Text)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))

    actor: Mapped[Actor] = relationship(lazy="raise_on_sql")
    topic: Mapped[Topic | None] = relationship(lazy="raise_on_sql")
    duty: Mapped[Duty | None] = relationship(lazy="raise_on_sql")
    notice: Mapped[Notice | None] = relationship(lazy="raise_on_sql")
    source: Mapped[Source] = relationship(lazy="raise_on_sql")

    def reason(self, lang: str) -> str:
        """Why this actor is the right one, in `lang` (English for an unknown language)."""
        return str(getattr(self, f"reason_{lang if lang in LANGUAGES else 'en'}"))


class DirectoryEntry(Base):
    """A local service, association or community in one municipality."""

    __tablename__ = "directory_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    category: Mapped[str] = mapped_column(String(40))
    organisation_type: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    description_fi: Mapped[str] = mapped_column(Text)
    description_sv: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
    languages: Mapped[list[Any]] = mapped_column(JSON, default=list)
    website: Mapped[str | None] = mapped_column(String(600))
    confirmed: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    checked_on: Mapped[date] = mapped_column(Date)

    municipality: Mapped[Municipality] = relationship(lazy="raise_on_sql")
    source: Mapped[Source] = relationship(lazy="raise_on_sql")

    def description(self, lang: str) -> str:
        """The description in `lang` (English for an unknown language)."""
        return str(getattr(self, f"description_{lang if lang in LANGUAGES else 'en'}"))
