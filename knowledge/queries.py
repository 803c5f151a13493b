"""What the bot asks the knowledge base: where to go, who is responsible, which municipality."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from knowledge.models import USER_DETAILS, Area, Municipality, Responsibility, in_force
from knowledge.names import candidates, normalise, within_one_edit, words
from knowledge.snapshot import Snapshot, snapshot

MAX_DIRECTORY_ENTRIES = 5
MAX_SUGGESTIONS = 3
# Long enough to recognise what was written, short enough to repeat back in a chat bubble.
MAX_ECHO = 60


class KnowledgeError(Exception):
    """Base of the errors a query raises when it cannot answer."""


class UnknownMunicipality(KnowledgeError):
    """No municipality goes by this name; `suggestions` holds up to three close real names."""

    def __init__(self, text: str, suggestions: list[str]) -> None:
        self.text = echo(text)
        self.suggestions = suggestions
        super().__init__(f"unknown municipality {self.text!r}; closest: {suggestions}")


class UnknownTopic(KnowledgeError):
    """The knowledge base has no such topic."""

    def __init__(self, topic: str) -> None:
        self.topic = echo(str(topic))
        super().__init__(f"unknown topic {self.topic!r}")


class UnknownDuty(KnowledgeError):
    """The knowledge base has no such duty."""

    def __init__(self, duty: str) -> None:
        self.duty = echo(str(duty))
        super().__init__(f"unknown duty {self.duty!r}")


class MunicipalityNeeded(KnowledgeError):
    """The answer depends on where the user lives, and that is not known yet."""

    def __init__(self, topic: str) -> None:
        self.topic = topic
        super().__init__(f"{topic}: the answer depends on the municipality")


class DetailNeeded(KnowledgeError):
    """The answer depends on a yes/no fact about the user that is not known yet.

    `detail` is one of DETAILS: "jobseeker" (registered as a jobseeker), "minor" (under 18),
    "protection" (granted international protection).
    """

    def __init__(self, topic: str, detail: str) -> None:
        self.topic = topic
        self.detail = detail
        super().__init__(f"{topic}: the answer depends on {detail}")


class NoAreaForMunicipality(KnowledgeError):
    """The municipality is in no area of the needed kind that day (Åland, or before a reform)."""

    def __init__(self, municipality: str, level: str, on: date) -> None:
        self.municipality = municipality
        self.level = level
        self.on = on
        super().__init__(f"{municipality} has no {level} on {on.isoformat()}")


class NothingInForce(KnowledgeError):
    """No actor was responsible for this topic or duty on that date."""

    def __init__(self, subject: str, on: date) -> None:
        self.subject = subject
        self.on = on
        super().__init__(f"nobody is recorded as responsible for {subject} on {on.isoformat()}")


@dataclass(frozen=True)
class Referral:
    """Where to go: the actor, why it is the right one, its link, and where the fact comes from."""

    actor_key: str
    actor_name: str
    reason: str
    url: str
    area_name: str | None
    source_url: str
    checked_on: date


@dataclass(frozen=True)
class DirectoryEntry:
    """A local service or community worth knowing, as shown to the user."""

    name: str
    description: str
    url: str | None
    languages: list[str]
    source_url: str
    checked_on: date


@dataclass(frozen=True)
class Answer:
    """The answer to a topic or duty question, with texts in the asked language."""

    topic: str
    referrals: list[Referral]
    directory: list[DirectoryEntry]
    notice: str | None


def echo(text: str) -> str:
    """User text made safe to repeat: printable, one line, short."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    single = " ".join(printable.split())
    return single if len(single) <= MAX_ECHO else single[: MAX_ECHO - 1] + "…"


# --- municipalities -----------------------------------------------------------------------


def resolve_municipality(session: Session, text: str) -> Municipality:
    """The municipality a text names (Finnish or Swedish, any case, inflected, one typo).

    The object is shared by every reader of the in-memory base: read it, never change it or
    add it to a session.
    """
    return _resolve(snapshot(session), text)


def _resolve(base: Snapshot, text: str) -> Municipality:
    text = text if isinstance(text, str) else ""
    found = _exact(text, base.names)
    if found is None:
        found = _one_typo_away(text, base.names)
    if found is None:
        raise UnknownMunicipality(text, _suggestions(base, text))
    return base.municipalities[found]


def _exact(text: str, index: dict[str, set[int]]) -> int | None:
    whole = normalise(text[:200])
    if len(index.get(whole, ())) == 1:
        return next(iter(index[whole]))
    for form in candidates(text):
        ids = index.get(form, set())
        if len(ids) == 1:
            return next(iter(ids))
    return None


# A typo is taken for a name only in words this long: shorter everyday words sit one letter
# from a municipality ("koulu" from Oulu, "hello" from Pello, "talo" from Salo). Shorter near
# misses still come back as suggestions ("Did you mean Oulu?").
MIN_TYPO_LENGTH = 6


def _one_typo_away(text: str, index: dict[str, set[int]]) -> int | None:
    forms = [form for form in candidates(text) if len(form) >= MIN_TYPO_LENGTH]
    for form in forms:
        matches = {
            area_id
            for name, ids in index.items()
            if len(name) >= MIN_TYPO_LENGTH - 1 and within_one_edit(form, name)
            for area_id in ids
        }
        if len(matches) == 1:
            return matches.pop()
    return None


def _suggestions(base: Snapshot, text: str) -> list[str]:
    tokens = [normalise(text[:200])] + words(text)
    best: dict[int, float] = {}
    for token in {t for t in tokens if t}:
        for name, ids in base.names.items():
            score = difflib.SequenceMatcher(None, token, name).ratio()
            if score >= 0.6:
                for area_id in ids:
                    best[area_id] = max(best.get(area_id, 0.0), score)
    ranked = sorted(best, key=lambda area_id: -best[area_id])[:MAX_SUGGESTIONS]
    return [base.municipalities[area_id].name_fi for area_id in ranked]


def _municipality(base: Snapshot, municipality: str | Municipality | None) -> Municipality | None:
    if municipality is None or isinstance(municipality, Municipality):
        return municipality
    if not str(municipality).strip():
        return None
    return _resolve(base, str(municipality))


def areas_of(session: Session, municipality: Municipality, on: date) -> dict[str, Area]:
    """The area of each kind (employment area, county, ...) a municipality is in on a date."""
    return _areas(snapshot(session), municipality, on)


def _areas(base: Snapshot, municipality: Municipality, on: date) -> dict[str, Area]:
    """The area of each kind (employment area, county, ...) a municipality is in on a date.

    A kind with no area that day (Åland, or before a reform) or, by a data error, with two
    is left out: no answer is better than a guess.
    """
    by_kind: dict[str, list[Area]] = {}
    for membership in base.memberships.get(municipality.id, []):
        if in_force(membership.valid_from, membership.valid_to, on):
            by_kind.setdefault(membership.area.kind, []).append(membership.area)
    return {kind: areas[0] for kind, areas in by_kind.items() if len(areas) == 1}


# --- answers ------------------------------------------------------------------------------


def _in_force(records: list[Responsibility], on: date) -> list[Responsibility]:
    return [r for r in records if in_force(r.valid_from, r.valid_to, on)]


def _generic(base: Snapshot, resp: Responsibility, lang: str) -> Referral:
    return Referral(
        actor_key=resp.actor.key,
        actor_name=base.text("actors", resp.actor, "name", lang),
        reason=base.text("responsibilities", resp, "reason", lang),
        url=resp.actor.website,
        area_name=None,
        source_url=resp.source.url,
        checked_on=resp.source.checked_on,
    )


def _referral(
    base: Snapshot,
    resp: Responsibility,
    municipality: Municipality | None,
    areas: dict[str, Area],
    on: date,
    lang: str,
    *,
    strict: bool,
) -> Referral:
    if resp.level == "national" or municipality is None:
        return _generic(base, resp, lang)
    reason = base.text("responsibilities", resp, "reason", lang)
    if resp.level == "municipality":
        employment_area = areas.get("employment_area")
        url = (
            municipality.website
            or (employment_area.website if employment_area else None)
            or resp.actor.website
        )
        return Referral(
            actor_key=municipality.key,
            actor_name=municipality.name(lang),
            reason=reason,
            url=url,
            area_name=municipality.name(lang),
            source_url=resp.source.url,
            checked_on=resp.source.checked_on,
        )
    area = areas.get(resp.level)
    if area is None:
        if strict:
            raise NoAreaForMunicipality(municipality.name_fi, resp.level, on)
        return _generic(base, resp, lang)
    return Referral(
        actor_key=area.key,
        actor_name=base.text("areas", area, "name", lang),
        reason=reason,
        url=area.website or resp.actor.website,
        area_name=municipality.name(lang),
        source_url=resp.source.url,
        checked_on=resp.source.checked_on,
    )


def _notice(
    base: Snapshot, responsibilities: list[Responsibility], on: date, lang: str
) -> str | None:
    texts: list[str] = []
    for resp in responsibilities:
        notice = resp.notice
        if notice and notice.changed_on <= on <= notice.show_until:
            text = base.text("notices", notice, "text", lang)
            if text not in texts:
                texts.append(text)
    return " ".join(texts) or None


def _directory(
    base: Snapshot, municipality: Municipality, categories: list[str], lang: str
) -> list[DirectoryEntry]:
    entries = [
        entry for entry in base.directory.get(municipality.id, []) if entry.category in categories
    ]
    # Categories in the topic's order (the most relevant first), then by name.
    ordered = sorted(entries, key=lambda e: (categories.index(e.category), e.name))[
        :MAX_DIRECTORY_ENTRIES
    ]
    return [
        DirectoryEntry(
            name=(entry.name_en or entry.name) if lang == "en" else entry.name,
            description=base.text("directory", entry, "description", lang),
            url=entry.website,
            languages=list(entry.languages),
            source_url=entry.source.url,
            checked_on=entry.checked_on,
        )
        for entry in ordered
    ]


DETAILS = USER_DETAILS


def _for_user(
    topic: str, responsibilities: list[Responsibility], known: dict[str, bool | None]
) -> list[Responsibility]:
    """The records that apply to this user; DetailNeeded when that depends on an unknown fact.

    A fact matters when any remaining record is for one side only. Then the bot asks rather
    than answer with half the picture (the data check makes sure both sides are covered).
    """
    chosen = responsibilities
    for detail, (column, yes, no) in DETAILS.items():
        value = known.get(detail)
        if value is None:
            if any(getattr(r, column) != "any" for r in chosen):
                raise DetailNeeded(topic, detail)
            continue
        side = yes if value else no
        chosen = [r for r in chosen if getattr(r, column) in ("any", side)]
    return chosen


def where_to_go(
    session: Session,
    topic: str,
    *,
    municipality: str | Municipality | None,
    on: date,
    lang: str,
    jobseeker: bool | None = None,
    minor: bool | None = None,
    protection: bool | None = None,
) -> Answer:
    """Where a user should go for a topic, on a date, answered in `lang`.

    jobseeker, minor (under 18) and protection (granted international protection) are what
    the user has said about themselves; None when they have not.
    """
    base = snapshot(session)
    found = base.topics.get(topic) if isinstance(topic, str) else None
    if found is None:
        raise UnknownTopic(topic)
    responsibilities = _in_force(base.by_topic.get(found.id, []), on)
    if not responsibilities:
        raise NothingInForce(topic, on)
    known = {"jobseeker": jobseeker, "minor": minor, "protection": protection}
    chosen = _for_user(topic, responsibilities, known)
    if not chosen:
        raise NothingInForce(topic, on)
    categories = [str(category) for category in found.directory_categories]
    local = categories or any(r.level != "national" for r in chosen)
    place = _municipality(base, municipality)
    if local and place is None:
        raise MunicipalityNeeded(topic)
    areas = _areas(base, place, on) if place else {}
    referrals = [_referral(base, r, place, areas, on, lang, strict=True) for r in chosen]
    directory = _directory(base, place, categories, lang) if place and categories else []
    return Answer(
        topic=topic,
        referrals=referrals,
        directory=directory,
        notice=_notice(base, chosen, on, lang),
    )


def who_is_responsible(
    session: Session, duty: str, *, municipality: str | Municipality | None, on: date, lang: str
) -> Answer:
    """Who carries a duty on a date; a regional duty names the user's own regional office."""
    base = snapshot(session)
    found = base.duties.get(duty) if isinstance(duty, str) else None
    if found is None:
        raise UnknownDuty(duty)
    responsibilities = _in_force(base.by_duty.get(found.id, []), on)
    if not responsibilities:
        raise NothingInForce(duty, on)
    place = _municipality(base, municipality)
    # Without a municipality a regional duty names the national network of offices; with one
    # that has no such office (Åland has its own authorities) it is NoAreaForMunicipality.
    strict = place is not None
    areas = _areas(base, place, on) if place else {}
    referrals = [
        _referral(base, r, place, areas, on, lang, strict=strict) for r in responsibilities
    ]
    return Answer(
        topic=duty,
        referrals=referrals,
        directory=[],
        notice=_notice(base, responsibilities, on, lang),
    )


def gazetteer(session: Session) -> dict[str, list[dict[str, object]]]:
    """Every municipality's official Finnish name and the names people use for it."""
    municipalities = session.scalars(
        select(Municipality).options(joinedload(Municipality.names)).order_by(Municipality.name_fi)
    ).unique()
    entries: list[dict[str, object]] = []
    for municipality in municipalities:
        names = [municipality.name_fi, municipality.name_sv]
        names += sorted(n.name for n in municipality.names if n.form in ("other", "exonym"))
        entries.append({"value": municipality.name_fi, "names": list(dict.fromkeys(names))})
    return {"municipalities": entries}
