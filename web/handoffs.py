"""The handoff service: who may do what with a handoff, and telling Rasa and the consoles.

The records and their queries are in knowledge/handoffs.py; the HTTP views in web/api.py and
web/internal.py only parse requests and call this. Every change is committed to the database
before anyone is told, so a restart of any process loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from knowledge import queries
from knowledge.advisers import Adviser, AuditEntry
from knowledge.clock import today_in_finland
from knowledge.db import session_scope
from knowledge.handoffs import (
    CANCELLED,
    CLAIMED,
    HANDED_BACK,
    NATIONAL_QUEUE,
    OPEN_STATUSES,
    OUTCOMES,
    RESOLVED,
    STATUSES,
    WAITING,
    Handoff,
    HandoffMessage,
    add_message,
    aware,
    create_handoff,
    now_utc,
    open_handoff_for,
    queue_position,
    typical_wait_minutes,
    undelivered,
    waiting_count,
)
from knowledge.models import Topic
from knowledge.privacy import mask_personal_data
from locales import Catalog
from web.auth import Identity, audit
from web.errors import ClientError
from web.live import LiveHub
from web.rasa_client import RasaClient, RasaUnreachable
from web.settings import Settings


class DirectSender(Protocol):
    """Sends a text to a user of a channel Rasa cannot push to (web/telegram.py, web/twilio.py)."""

    async def send_text(self, recipient: str, text: str) -> bool: ...


logger = logging.getLogger(__name__)

LOCK_STRIPES = 64
# The button payload of "back to the automated assistant" in the handoff messages.
CANCEL_PAYLOAD = "/cancel_handoff"
CANNED_REPLY_KEYS = ("canned_greeting", "canned_more_details", "canned_checking",
                     "canned_anything_else")  # fmt: skip


def _iso(moment: datetime | None) -> str | None:
    stored = aware(moment)
    return stored.isoformat() if stored else None


def can_see(identity: Identity, handoff: Handoff) -> bool:
    return identity.is_admin or handoff.queue == identity.organisation


def holds(identity: Identity, handoff: Handoff) -> bool:
    return handoff.status == CLAIMED and handoff.claimed_by_id == identity.adviser_id


def summary_json(
    handoff: Handoff, now: datetime, names: dict[str, dict[str, str]]
) -> dict[str, Any]:
    """`names`: topic_names(session), read once for however many handoffs are shown."""
    return {
        "topic_names": names.get(handoff.topic or ""),
        "id": handoff.id,
        "status": handoff.status,
        "language": handoff.language,
        "reason": handoff.reason,
        "channel": handoff.channel,
        "topic": handoff.topic,
        "municipality": handoff.municipality,
        "queue": handoff.queue,
        "summary": handoff.summary,
        "created_at": _iso(handoff.created_at),
        "claimed_at": _iso(handoff.claimed_at),
        "closed_at": _iso(handoff.closed_at),
        "claimed_by": handoff.claimed_by.username if handoff.claimed_by else None,
        "outcome": handoff.outcome,
        "waiting_seconds": handoff.waiting_seconds(now),
    }


def topic_names(session: Session) -> dict[str, dict[str, str]]:
    """Every topic's name in the console's languages (fi, sv, en), from the knowledge base."""
    return {
        topic.key: {lang: topic.name(lang) for lang in ("fi", "sv", "en")}
        for topic in session.scalars(select(Topic))
    }


def message_json(message: HandoffMessage, *, unmasked: bool) -> dict[str, Any]:
    # Advisers' replies and notes too: "I'll call you on 040 ..." is the user's number.
    shown = message.text if unmasked else mask_personal_data(message.text)
    return {
        "id": message.id,
        "author": message.author,
        "text": shown,
        "adviser": message.adviser.username if message.adviser else None,
        "created_at": _iso(message.created_at),
    }


def _audit_json(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": _iso(entry.at),
        "adviser": entry.adviser.username if entry.adviser else None,
        "action": entry.action,
        "detail": entry.detail,
    }


@dataclass(frozen=True)
class QueueState:
    """What the user is told when their handoff is queued."""

    handoff_id: str
    state: str  # "queued", "after_hours" or "queue_full"
    position: int
    wait_minutes: int | None
    opens_at: datetime | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.handoff_id,
            "state": self.state,
            "position": self.position,
            "wait_minutes": self.wait_minutes,
            "opens_date": f"{self.opens_at:%-d.%-m.%Y}" if self.opens_at else None,
            "opens_time": f"{self.opens_at:%H:%M}" if self.opens_at else None,
        }


def route(session: Session, topic: str | None, municipality: str | None, facts: dict[str, Any],
          on: Any) -> str:  # fmt: skip
    """The queue of the organisation the knowledge base names for the topic in the user's
    municipality, if any adviser serves it; otherwise the shared national queue."""
    if not topic:
        return NATIONAL_QUEUE
    try:
        answer = queries.where_to_go(
            session,
            topic,
            municipality=municipality,
            on=on,
            lang="fi",
            jobseeker=facts.get("jobseeker"),
            minor=facts.get("minor"),
            protection=facts.get("protection"),
        )
    except queries.KnowledgeError:
        return NATIONAL_QUEUE
    served = set(session.scalars(select(Adviser.organisation).where(Adviser.is_admin.is_(False))))
    for referral in answer.referrals:
        if referral.actor_key in served:
            return referral.actor_key
    return NATIONAL_QUEUE


class HandoffService:
    def __init__(
        self,
        engine: Engine,
        rasa: RasaClient,
        hub: LiveHub,
        catalog: Catalog,
        settings: Settings,
        senders: Mapping[str, DirectSender] | None = None,
    ) -> None:
        self._engine = engine
        self._rasa = rasa
        # Per channel name: how the web app itself reaches users Rasa cannot push to.
        self._senders = dict(senders or {})
        self._hub = hub
        self._catalog = catalog
        self._settings = settings
        # Striped: a bounded set of locks, one conversation always on the same one.
        self._locks = tuple(asyncio.Lock() for _ in range(LOCK_STRIPES))
        # Conversations with an open handoff or a message still to deliver. This process is the
        # only writer of handoffs, so every other user message is answered without the database
        # (the channels ask about every message).
        self._in_play = self._load_in_play()

    def _load_in_play(self) -> set[str]:
        with session_scope(self._engine) as session:
            open_ones = session.scalars(
                select(Handoff.sender_id).where(Handoff.status.in_(OPEN_STATUSES))
            )
            pending = session.scalars(
                select(Handoff.sender_id)
                .join(HandoffMessage)
                .where(HandoffMessage.delivered.is_(False))
            )
            return set(open_ones) | set(pending)

    def _lock(self, sender_id: str) -> asyncio.Lock:
        return self._locks[zlib.crc32(sender_id.encode("utf-8")) % LOCK_STRIPES]

    # ---- the bot's side (web/internal.py) ----

    async def request(self, wanted: dict[str, Any]) -> QueueState:
        """A handoff for the conversation (the open one if there is one), and its queue state."""
        now = now_utc()
        with session_scope(self._engine) as session:
            handoff = open_handoff_for(session, wanted["sender_id"])
            created = handoff is None
            if handoff is None:
                collected = wanted["collected"]
                queue = route(session, wanted["topic"], wanted["municipality"], collected,
                              today_in_finland(now))  # fmt: skip
                handoff = create_handoff(
                    session,
                    sender_id=wanted["sender_id"],
                    channel=wanted["channel"],
                    language=wanted["language"],
                    reason=wanted["reason"],
                    topic=wanted["topic"],
                    municipality=wanted["municipality"],
                    queue=queue,
                    collected=collected,
                    transcript=wanted["transcript"],
                    now=now,
                )
                audit(session, "handoff_created", handoff_id=handoff.id,
                      detail=f"queue={queue} reason={handoff.reason}")  # fmt: skip
            state = self._queue_state(session, handoff, now)
        self._in_play.add(wanted["sender_id"])
        if created:
            await self._publish(handoff.id)
        return state

    def _queue_state(self, session: Session, handoff: Handoff, now: datetime) -> QueueState:
        position = queue_position(session, handoff)
        hours = self._settings.handoff_hours
        if waiting_count(session, handoff.queue) > self._settings.handoff_queue_limit:
            return QueueState(handoff.id, "queue_full", position, None, None)
        if not hours.is_open(now):
            return QueueState(handoff.id, "after_hours", position, None, hours.next_opening(now))
        wait = typical_wait_minutes(session, handoff.queue)
        return QueueState(handoff.id, "queued", position, wait, None)

    async def inbound(self, sender_id: str, text: str) -> dict[str, Any]:
        """A user message arrives: is the conversation held, and what must the user be sent?"""
        if sender_id not in self._in_play:
            return {"held": False, "resumed": False, "deliver": []}
        async with self._lock(sender_id):
            handoff_id, cancelled, pending, message_id = self._take_inbound(sender_id, text)
        if handoff_id is not None:
            await self._publish(handoff_id, message_id)
        return {
            "held": handoff_id is not None and not cancelled,
            "resumed": cancelled,
            "deliver": pending,
        }

    def _take_inbound(
        self, sender_id: str, text: str
    ) -> tuple[str | None, bool, list[str], int | None]:
        message_id = None
        with session_scope(self._engine) as session:
            handoff = open_handoff_for(session, sender_id)
            cancelled = handoff is not None and text.strip() == CANCEL_PAYLOAD
            if handoff is not None and cancelled:
                handoff.status, handoff.closed_at = CANCELLED, now_utc()
                add_message(session, handoff, "system", "cancelled by the user")
                audit(session, "handoff_cancelled", handoff_id=handoff.id)
            elif handoff is not None and text.strip():
                message_id = add_message(session, handoff, "user", text).id
            pending = [self._as_user_sees(m) for m in undelivered(session, sender_id)]
            if handoff is None or cancelled:
                self._in_play.discard(sender_id)  # nothing open, nothing left to deliver
            return (handoff.id if handoff else None), cancelled, pending, message_id

    # ---- the advisers' side (web/api.py) ----

    def list(self, identity: Identity, status: str) -> list[dict[str, Any]]:
        wanted = OPEN_STATUSES if status == "open" else (status,)
        if status != "open" and status not in STATUSES:
            raise ClientError(400, f"status must be one of: open, {', '.join(STATUSES)}")
        query = select(Handoff).where(Handoff.status.in_(wanted)).order_by(Handoff.created_at)
        if not identity.is_admin:
            query = query.where(Handoff.queue == identity.organisation)
        now = now_utc()
        with session_scope(self._engine) as session:
            names = topic_names(session)
            return [summary_json(h, now, names) for h in session.scalars(query.limit(500))]

    def detail(self, identity: Identity, handoff_id: str) -> dict[str, Any]:
        with session_scope(self._engine) as session:
            handoff = self._visible(session, identity, handoff_id)
            audit(session, "viewed", adviser_id=identity.adviser_id, handoff_id=handoff.id)
            return self._detail(session, identity, handoff)

    def _detail(self, session: Session, identity: Identity, handoff: Handoff) -> dict[str, Any]:
        unmasked = holds(identity, handoff)
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.handoff_id == handoff.id).order_by(AuditEntry.id)
        )
        return {
            **summary_json(handoff, now_utc(), topic_names(session)),
            "collected": handoff.collected,
            "personal_data_visible": unmasked,
            "transcript": [
                message_json(m, unmasked=unmasked) for m in handoff.messages if m.author != "note"
            ],  # fmt: skip
            "notes": [
                message_json(m, unmasked=unmasked) for m in handoff.messages if m.author == "note"
            ],  # fmt: skip
            "audit": [_audit_json(entry) for entry in entries],
            "canned_replies": [
                {"key": key, "text": self._catalog.render(key, handoff.language)["text"]}
                for key in CANNED_REPLY_KEYS
            ],
        }

    async def claim(self, identity: Identity, handoff_id: str) -> dict[str, Any]:
        with session_scope(self._engine) as session:
            handoff = self._visible(session, identity, handoff_id)
            if handoff.status != WAITING:
                raise ClientError(409, f"This conversation is {handoff.status}, not waiting.")
            handoff.status, handoff.claimed_at = CLAIMED, now_utc()
            handoff.claimed_by_id = identity.adviser_id
            audit(session, "claimed", adviser_id=identity.adviser_id, handoff_id=handoff.id)
            session.flush()
            session.refresh(handoff)
        await self._tell_user(handoff.id, "system", self._text("utter_adviser_joined", handoff))
        with session_scope(self._engine) as session:
            claimed = self._visible(session, identity, handoff_id)
            return self._detail(session, identity, claimed)

    async def reply(self, identity: Identity, handoff_id: str, text: str) -> dict[str, Any]:
        with session_scope(self._engine) as session:
            self._held(session, identity, handoff_id)
        message_id, delivered = await self._tell_user(
            handoff_id, "adviser", text, adviser_id=identity.adviser_id
        )
        with session_scope(self._engine) as session:
            audit(session, "replied", adviser_id=identity.adviser_id, handoff_id=handoff_id)
            message = session.get(HandoffMessage, message_id)
            assert message is not None
            result = {"message": message_json(message, unmasked=True), "delivered": delivered}
        return result

    async def note(self, identity: Identity, handoff_id: str, text: str) -> dict[str, Any]:
        with session_scope(self._engine) as session:
            handoff = self._visible(session, identity, handoff_id)
            adviser = session.get(Adviser, identity.adviser_id)
            note = add_message(session, handoff, "note", text, adviser=adviser)
            audit(session, "noted", adviser_id=identity.adviser_id, handoff_id=handoff.id)
            result = {"note": message_json(note, unmasked=holds(identity, handoff))}
            note_id = note.id
        await self._publish(handoff_id, note_id)
        return result

    async def close(
        self, identity: Identity, handoff_id: str, outcome: str | None
    ) -> dict[str, Any]:
        """Resolve with an outcome, or (outcome None) hand back to the bot; the bot resumes."""
        if outcome is not None and outcome not in OUTCOMES:
            raise ClientError(422, f"outcome must be one of: {', '.join(OUTCOMES)}")
        with session_scope(self._engine) as session:
            handoff = self._visible(session, identity, handoff_id)
            if handoff.status != CLAIMED:
                raise ClientError(409, f"This conversation is {handoff.status}, not claimed.")
            if not (holds(identity, handoff) or identity.is_admin):
                raise ClientError(403, "Another adviser holds this conversation.")
            handoff.status, handoff.closed_at = RESOLVED, now_utc()
            handoff.outcome = outcome or HANDED_BACK
            action = "resolved" if outcome else "released"
            audit(session, action, adviser_id=identity.adviser_id, handoff_id=handoff.id,
                  detail=f"outcome={handoff.outcome}")  # fmt: skip
            ended = self._text("utter_handoff_ended", handoff)
        await self._tell_user(handoff_id, "system", ended, resume=True)
        with session_scope(self._engine) as session:
            closed = session.get(Handoff, handoff_id)
            assert closed is not None
            return summary_json(closed, now_utc(), topic_names(session))

    # ---- shared ----

    def _visible(self, session: Session, identity: Identity, handoff_id: str) -> Handoff:
        handoff = session.get(Handoff, handoff_id) if len(handoff_id) == 32 else None
        if handoff is None:
            raise ClientError(404, "No such handoff.")
        if not can_see(identity, handoff):
            raise ClientError(403, "This conversation is in another organisation's queue.")
        return handoff

    def _held(self, session: Session, identity: Identity, handoff_id: str) -> Handoff:
        handoff = self._visible(session, identity, handoff_id)
        if handoff.status != CLAIMED:
            raise ClientError(409, f"This conversation is {handoff.status}; claim it first.")
        if not holds(identity, handoff):
            raise ClientError(403, "Another adviser holds this conversation.")
        return handoff

    def _as_user_sees(self, message: HandoffMessage) -> str:
        """An adviser's words under the adviser label, in the user's language."""
        if message.author != "adviser":
            return message.text
        # Filled in directly, not rendered: render() keeps an argument to one short line, and
        # an adviser's reply may be long and in paragraphs. It is plain text in every channel.
        label = self._catalog.template("utter_adviser_message", message.handoff.language)
        return label.replace("{text}", message.text)

    def _text(self, key: str, handoff: Handoff) -> str:
        return self._catalog.render(key, handoff.language)["text"]

    async def _tell_user(
        self,
        handoff_id: str,
        author: str,
        text: str,
        *,
        adviser_id: int | None = None,
        resume: bool = False,
    ) -> tuple[int, bool]:
        """Record a message for the user, then have Rasa send it (and resume the bot).

        Stored undelivered first: if Rasa cannot take it, the user's channel collects it with
        their next message (web/internal.py), and the bot is resumed then too.
        """
        with session_scope(self._engine) as session:
            handoff = session.get(Handoff, handoff_id)
            assert handoff is not None
            sender_id, channel = handoff.sender_id, handoff.channel
        # One push at a time per conversation, and never while the user's channel collects
        # undelivered messages (inbound): no message reaches the user twice or out of order.
        async with self._lock(sender_id):
            with session_scope(self._engine) as session:
                handoff = session.get(Handoff, handoff_id)
                assert handoff is not None
                adviser = session.get(Adviser, adviser_id) if adviser_id else None
                message = add_message(session, handoff, author, text, adviser=adviser,
                                      delivered=False)  # fmt: skip
                message_id, shown = message.id, self._as_user_sees(message)
            self._in_play.add(sender_id)
            events: list[dict[str, Any]] = [{"event": "resume"}] if resume else []
            events.append({"event": "bot", "text": shown})
            if resume:
                # The user's messages while paused had no "bot listened" after them; rules
                # start from one (RulePolicy would not match the next message without it).
                events.append({"event": "action", "name": "action_listen"})
            try:
                pushed = await self._rasa.append(sender_id, events, channel=channel)
                # Rasa recorded it (and resumed the bot) but cannot send on this channel: we
                # do. Only after Rasa took it, so an unsent message and a missed resume stay
                # together for the user's next message.
                sender = self._senders.get(channel)
                if not pushed and sender is not None:
                    pushed = await sender.send_text(sender_id, shown)
            except RasaUnreachable as error:
                logger.warning("Rasa did not take a handoff message (%s); kept for later", error)
                pushed = False
            if pushed:
                with session_scope(self._engine) as session:
                    stored = session.get(HandoffMessage, message_id)
                    if stored is not None:
                        stored.delivered = True
        await self._publish(handoff_id, message_id)
        return message_id, pushed

    async def _publish(self, handoff_id: str, message_id: int | None = None) -> None:
        """Tell every console that may see the handoff what changed."""
        with session_scope(self._engine) as session:
            handoff = session.get(Handoff, handoff_id)
            if handoff is None:
                return
            summary = summary_json(handoff, now_utc(), topic_names(session))
            message = session.get(HandoffMessage, message_id) if message_id else None
            frames = {
                "masked": message_json(message, unmasked=False) if message else None,
                "unmasked": message_json(message, unmasked=True) if message else None,
            }
            # Unmasked only for the adviser holding it, and only while they hold it.
            holder = handoff.claimed_by_id if handoff.status == CLAIMED else None
            queue = handoff.queue

        def frames_for(identity: Identity) -> list[dict[str, Any]]:
            if not (identity.is_admin or identity.organisation == queue):
                return []
            out: list[dict[str, Any]] = [{"type": "handoff", "handoff": summary}]
            if frames["masked"] is not None:
                key = "unmasked" if identity.adviser_id == holder else "masked"
                out.append({"type": "message", "handoff_id": handoff_id, "message": frames[key]})
            return out

        await self._hub.publish(frames_for)
