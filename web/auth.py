"""Advisers' passwords, logins with lockout, console sessions and CSRF tokens.

- Passwords: Argon2id (argon2-cffi's defaults, RFC 9106's second recommended profile).
- Lockout: MAX_FAILED_LOGINS wrong passwords in a row lock the account for LOCKOUT.
- Sessions: a random token in an HttpOnly, SameSite=Strict cookie (Secure over HTTPS); the
  database keeps only its SHA-256 digest. Each session has its own CSRF token, which every
  state-changing request sends back in X-CSRF-Token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from knowledge.advisers import Adviser, AdviserSession, AuditEntry
from knowledge.handoffs import aware, now_utc

COOKIE_NAME = "opas_session"
CSRF_HEADER = "X-CSRF-Token"
SESSION_LIFETIME = timedelta(hours=8)
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 12

_hasher = PasswordHasher()
# Verified when the username is unknown, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class LoginFailed(Exception):
    """Unknown username or wrong password (the client is not told which)."""


class LoginLocked(Exception):
    """Too many wrong passwords; `retry_after` seconds until the next try."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"locked for {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Identity:
    """The logged-in adviser, as the views need it (detached from any database session)."""

    adviser_id: int
    username: str
    organisation: str
    is_admin: bool
    csrf_token: str
    session_digest: str
    expires_at: datetime

    def as_json(self) -> dict[str, object]:
        return {
            "username": self.username,
            "organisation": self.organisation,
            "is_admin": self.is_admin,
        }


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def audit(
    session: Session,
    action: str,
    *,
    adviser_id: int | None = None,
    handoff_id: str | None = None,
    detail: str | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=now_utc(),
            adviser_id=adviser_id,
            action=action,
            handoff_id=handoff_id,
            detail=detail[:200] if detail else None,
        )
    )


def authenticate(
    session: Session, username: str, password: str, now: datetime | None = None
) -> Adviser:
    """The adviser if the password is right; LoginFailed or LoginLocked otherwise."""
    moment = now or now_utc()
    adviser = session.scalars(select(Adviser).where(Adviser.username == username)).first()
    if adviser is None:
        _verify(_DUMMY_HASH, password)
        raise LoginFailed
    locked_until = aware(adviser.locked_until)
    correct = _verify(adviser.password_hash, password)
    if locked_until is not None and locked_until > moment:
        audit(session, "login_locked", adviser_id=adviser.id)
        if not correct:
            # Told apart from a wrong password only by someone who knows the password: a
            # locked account does not reveal that the username exists.
            raise LoginFailed
        raise LoginLocked(int((locked_until - moment).total_seconds()) + 1)
    if not correct:
        adviser.failed_logins += 1
        audit(session, "login_failed", adviser_id=adviser.id)
        if adviser.failed_logins >= MAX_FAILED_LOGINS:
            adviser.failed_logins = 0
            adviser.locked_until = moment + LOCKOUT
            audit(session, "account_locked", adviser_id=adviser.id)
        raise LoginFailed
    adviser.failed_logins = 0
    adviser.locked_until = None
    if _hasher.check_needs_rehash(adviser.password_hash):
        adviser.password_hash = _hasher.hash(password)
    return adviser


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def start_session(session: Session, adviser: Adviser, now: datetime | None = None) -> str:
    """A new console session for the adviser; returns the cookie's token."""
    moment = now or now_utc()
    token = secrets.token_urlsafe(32)
    # Expired sessions are removed as new ones start: the table stays small without a cron job.
    session.execute(delete(AdviserSession).where(AdviserSession.expires_at < moment))
    session.add(
        AdviserSession(
            token_digest=digest(token),
            adviser_id=adviser.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=moment,
            expires_at=moment + SESSION_LIFETIME,
        )
    )
    audit(session, "login", adviser_id=adviser.id)
    return token


def identify(session: Session, token: str | None, now: datetime | None = None) -> Identity | None:
    """Who holds this session token, if it is valid and not expired."""
    if not token or len(token) > 200:
        return None
    found = session.get(AdviserSession, digest(token))
    if found is None or (aware(found.expires_at) or now_utc()) <= (now or now_utc()):
        return None
    adviser = found.adviser
    return Identity(
        adviser_id=adviser.id,
        username=adviser.username,
        organisation=adviser.organisation,
        is_admin=adviser.is_admin,
        csrf_token=found.csrf_token,
        session_digest=found.token_digest,
        expires_at=aware(found.expires_at) or now_utc(),
    )


def end_session(session: Session, token: str) -> None:
    session.execute(delete(AdviserSession).where(AdviserSession.token_digest == digest(token)))


def csrf_matches(identity: Identity, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(identity.csrf_token, sent or "")
