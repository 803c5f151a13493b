"""Conversations handed from the bot to a human adviser: the records and their life cycle.

A handoff is `waiting` in an organisation's queue until an adviser `claimed` it, and ends
`resolved` (by the adviser, with an outcome) or `cancelled` (by the user). While it is open the
bot is paused and everything the user writes is added to its transcript.

Everything here is plain database work on a Session; the web app (web/handoffs.py) decides
who may do what and tells Rasa and the advisers' browsers.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from statistics import median
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from knowledge.advisers import Adviser
from knowledge.models import Base
from knowledge.privacy import mask_personal_data

WAITING, CLAIMED, RESOLVED, CANCELLED = "waiting", "claimed", "resolved", "cancelled"
STATUSES = (WAITING, CLAIMED, RESOLVED, CANCELLED)
OPEN_STATUSES = (WAITING, CLAIMED)
# What an adviser records when resolving; "handed_back" is set by release, not chosen.
OUTCOMES = ("answered", "referred", "no_reply", "other")
HANDED_BACK = "handed_back"
REASONS = ("asked", "not_understood", "emergency")
AUTHORS = ("user", "bot", "adviser", "system", "note")
# The queue every organisation's handoff falls back to.
NATIONAL_QUEUE = "national"

# One chat message, not a pasted document; longer text is cut (and the cut is visible).
MAX_TEXT_LENGTH = 4000
SUMMARY_LENGTH = 280
# Wait estimates use the most recent claims of a queue, once there are enough of them.
WAIT_SAMPLE = 20
MIN_WAIT_SAMPLES = 3


def _new_id() -> str:
    return uuid.uuid4().hex


def now_utc() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def clean_text(text: str) -> str:
    """The text as stored: no NUL characters (PostgreSQL refuses them), at most MAX_TEXT_LENGTH."""
    return text.replace("\x00", "")[:MAX_TEXT_LENGTH]


class Handoff(Base):
    """One conversation handed to the advisers of one queue."""

    __tablename__ = "handoffs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_new_id)
    sender_id: Mapped[str] = mapped_column(String(200), index=True)
    channel: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(20))
    topic: Mapped[str | None] = mapped_column(String(80))
    municipality: Mapped[str | None] = mapped_column(String(120))
    # The organisation (knowledge-base key) whose advisers answer, or NATIONAL_QUEUE.
    queue: Mapped[str] = mapped_column(String(120), index=True)
    # What the bot had learnt (slots), shown to the adviser.
    collected: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Masked: it is shown in the queue to every adviser of the organisation.
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), index=True, default=WAITING)
    outcome: Mapped[str | None] = mapped_column(String(40))
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("advisers.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    claimed_by: Mapped[Adviser | None] = relationship(lazy="joined")
    messages: Mapped[list[HandoffMessage]] = relationship(
        back_populates="handoff", order_by="HandoffMessage.id", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def waiting_seconds(self, now: datetime) -> int:
        """From the request until an adviser claimed it, it closed, or now."""
        end = aware(self.claimed_at) or aware(self.closed_at) or now
        start = aware(self.created_at) or now
        return max(0, int((end - start).total_seconds()))


class HandoffMessage(Base):
    """A line of the transcript (user, bot, adviser, system) or an adviser's internal note."""

    __tablename__ = "handoff_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    handoff_id: Mapped[str] = mapped_column(ForeignKey("handoffs.id"), index=True)
    author: Mapped[str] = mapped_column(String(10))
    adviser_id: Mapped[int | None] = mapped_column(ForeignKey("advisers.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    # For channels that cannot push (REST): False until the user's next message collects it.
    delivered: Mapped[bool] = mapped_column(Boolean, default=True)

    handoff: Mapped[Handoff] = relationship(back_populates="messages")
    adviser: Mapped[Adviser | None] = relationship(lazy="joined")


def summarise(transcript: list[tuple[str, str]]) -> str:
    """The user's last words, masked and short: what the queue shows before anyone claims."""
    said = [text.strip() for author, text in transcript if author == "user" and text.strip()]
    recent = " / ".join(said[-3:])
    masked = mask_personal_data(recent[: SUMMARY_LENGTH * 2])
    return masked if len(masked) <= SUMMARY_LENGTH else masked[: SUMMARY_LENGTH - 1] + "…"


def open_handoff_for(session: Session, sender_id: str) -> Handoff | None:
    """The conversation's open handoff, if an adviser holds it or it waits for one."""
    return session.scalars(
        select(Handoff)
        .where(Handoff.sender_id == sender_id, Handoff.status.in_(OPEN_STATUSES))
        .order_by(Handoff.created_at.desc())
        .limit(1)
    ).first()


def create_handoff(
    session: Session,
    *,
    sender_id: str,
    channel: str,
    language: str,
    reason: str,
    topic: str | None,
    municipality: str | None,
    queue: str,
    collected: dict[str, Any],
    transcript: list[tuple[str, str]],
    now: datetime | None = None,
) -> Handoff:
    """A waiting handoff with the conversation so far as its transcript."""
    moment = now or now_utc()
    handoff = Handoff(
        id=_new_id(),
        sender_id=sender_id[:200],
        channel=channel[:60],
        language=language[:10],
        reason=reason if reason in REASONS else "asked",
        topic=topic[:80] if topic else None,
        municipality=municipality[:120] if municipality else None,
        queue=queue[:120],
        collected=collected,
        summary=summarise(transcript),
        status=WAITING,
        created_at=moment,
    )
    session.add(handoff)
    for author, text in transcript:
        if author in ("user", "bot") and text.strip():
            handoff.messages.append(
                HandoffMessage(author=author, text=clean_text(text), created_at=moment)
            )
    session.flush()
    return handoff


def add_message(
    session: Session,
    handoff: Handoff,
    author: str,
    text: str,
    *,
    adviser: Adviser | None = None,
    delivered: bool = True,
) -> HandoffMessage:
    if author not in AUTHORS:
        raise ValueError(f"unknown author {author!r}")
    message = HandoffMessage(
        author=author,
        text=clean_text(text),
        adviser=adviser,
        created_at=now_utc(),
        delivered=delivered,
    )
    handoff.messages.append(message)
    if author == "user":
        handoff.summary = summarise(
            [(m.author, m.text) for m in handoff.messages if m.author == "user"]
        )
    session.flush()
    return message


def undelivered(session: Session, sender_id: str) -> list[HandoffMessage]:
    """Messages for the user that their channel has not fetched yet, oldest first; now fetched."""
    messages = list(
        session.scalars(
            select(HandoffMessage)
            .join(Handoff)
            .where(Handoff.sender_id == sender_id, HandoffMessage.delivered.is_(False))
            .order_by(HandoffMessage.id)
        )
    )
    for message in messages:
        message.delivered = True
    return messages


def queue_position(session: Session, handoff: Handoff) -> int:
    """1 for the oldest waiting handoff of its queue."""
    earlier = session.scalars(
        select(Handoff.id).where(
            Handoff.queue == handoff.queue,
            Handoff.status == WAITING,
            Handoff.created_at <= handoff.created_at,
        )
    ).all()
    return max(1, len(earlier))


def waiting_count(session: Session, queue: str) -> int:
    return len(
        session.scalars(
            select(Handoff.id).where(Handoff.queue == queue, Handoff.status == WAITING)
        ).all()
    )


def typical_wait_minutes(session: Session, queue: str) -> int | None:
    """The median time to a claim over the queue's recent claims; None with too few of them."""
    recent = session.execute(
        select(Handoff.created_at, Handoff.claimed_at)
        .where(Handoff.queue == queue, Handoff.claimed_at.is_not(None))
        .order_by(Handoff.claimed_at.desc())
        .limit(WAIT_SAMPLE)
    ).all()
    if len(recent) < MIN_WAIT_SAMPLES:
        return None
    waits = [
        (claimed - created).total_seconds()
        for created, claimed in ((aware(c), aware(d)) for c, d in recent)
        if created is not None and claimed is not None
    ]
    return max(1, round(median(waits) / 60))
