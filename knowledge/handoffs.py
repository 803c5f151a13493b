"""Requests for a human adviser, stored with personal data masked."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from knowledge.models import Base
from knowledge.privacy import mask_personal_data

WAITING = "waiting"
# The adviser needs the gist, not a whole pasted document.
MAX_MESSAGE_LENGTH = 2000


def _new_id() -> str:
    return uuid.uuid4().hex


def _now() -> datetime:
    return datetime.now(UTC)


class HandoffRequest(Base):
    """A user's request to talk to a person, waiting for an adviser."""

    __tablename__ = "handoff_requests"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_new_id)
    sender_id: Mapped[str] = mapped_column(String(200), index=True)
    channel: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(10))
    topic: Mapped[str | None] = mapped_column(String(80))
    municipality: Mapped[str | None] = mapped_column(String(120))
    last_message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    status: Mapped[str] = mapped_column(String(20), default=WAITING)


def record_handoff_request(
    session: Session,
    *,
    sender_id: str,
    channel: str,
    language: str,
    topic: str | None,
    municipality: str | None,
    last_message: str,
) -> HandoffRequest:
    """Store a waiting handoff request; the message is masked before it is stored."""
    request = HandoffRequest(
        id=_new_id(),
        sender_id=sender_id[:200],
        channel=channel[:60],
        language=language[:10],
        topic=topic[:80] if topic else None,
        municipality=municipality[:120] if municipality else None,
        # Cut with a margin first (masking is linear, but why mask 1 MB?), then mask, then cut
        # exactly: a code split by the first cut lies beyond the final one.
        last_message=mask_personal_data(
            last_message.replace("\x00", "")[: MAX_MESSAGE_LENGTH + 100]
        )[:MAX_MESSAGE_LENGTH],
        created_at=_now(),
        status=WAITING,
    )
    session.add(request)
    session.flush()
    return request
