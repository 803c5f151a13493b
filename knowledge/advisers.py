"""Advisers' accounts, their console sessions and the audit log of what they did.

Passwords are stored only as Argon2id hashes and session tokens only as SHA-256 digests
(web/auth.py makes both): a copy of the database lets nobody log in.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from knowledge.models import Base


class Adviser(Base):
    """A person who answers handoffs of one organisation's queue (an admin sees every queue)."""

    __tablename__ = "advisers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    # A knowledge-base key (municipality, area or actor) or "national".
    organisation: Mapped[str] = mapped_column(String(120))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AdviserSession(Base):
    """A logged-in console: the cookie holds the token, the database only its digest."""

    __tablename__ = "adviser_sessions"

    token_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    adviser_id: Mapped[int] = mapped_column(ForeignKey("advisers.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    adviser: Mapped[Adviser] = relationship(lazy="joined")


class AuditEntry(Base):
    """Who did what, when: logins, claims, replies, notes, resolutions, hand-backs."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    adviser_id: Mapped[int | None] = mapped_column(ForeignKey("advisers.id"))
    action: Mapped[str] = mapped_column(String(40))
    handoff_id: Mapped[str | None] = mapped_column(String(32), index=True)
    # Never message text: ids, outcomes, counts. The log outlives the conversations.
    detail: Mapped[str | None] = mapped_column(String(200))

    adviser: Mapped[Adviser | None] = relationship(lazy="joined")
