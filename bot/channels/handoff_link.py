"""The channels' line to the handoff service (web/internal.py), and keeping Rasa in step.

Before Rasa reads a user message the channel asks the web app whether an adviser holds the
conversation. The database there is the truth: if Rasa restarted and forgot that the
conversation was paused, it is paused again before the message is handled; if the adviser
closed it while Rasa was unreachable, it is resumed.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, ConversationPaused, ConversationResumed

logger = logging.getLogger(__name__)

TIMEOUT = aiohttp.ClientTimeout(total=5)


@dataclass(frozen=True)
class Inbound:
    """The handoff service's answer for one user message."""

    held: bool
    resumed: bool
    # Messages for the user that their channel has not delivered yet (adviser replies to a
    # REST user, or ones Rasa could not push), oldest first.
    deliver: list[str] = field(default_factory=list)


class HandoffLink:
    def __init__(self, url: str, token: str) -> None:
        self._url = url.rstrip("/")
        self._token = token
        # One connection pool for the server's life, made in its event loop on first use: a
        # new session per message would open a new connection per message.
        self._http: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _session(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._http is None or self._http.closed or self._loop is not loop:
            self._http, self._loop = aiohttp.ClientSession(timeout=TIMEOUT), loop
        return self._http

    @classmethod
    def from_env(cls) -> HandoffLink | None:
        """None when HANDOFF_SERVICE_URL or OPAS_SERVICE_TOKEN is unset (handoffs off)."""
        url = os.environ.get("HANDOFF_SERVICE_URL", "")
        token = os.environ.get("OPAS_SERVICE_TOKEN", "")
        return cls(url, token) if url and token else None

    async def inbound(self, sender_id: str, text: str) -> Inbound | None:
        """None when the service cannot be asked: the bot then answers as usual."""
        try:
            async with self._session().post(
                f"{self._url}/inbound",
                json={"sender_id": sender_id, "text": text},
                headers={"Authorization": f"Bearer {self._token}"},
            ) as reply:
                if reply.status != 200:
                    logger.warning("The handoff service answered %s", reply.status)
                    return None
                body = await reply.json()
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            logger.warning("The handoff service is unreachable: %s", type(error).__name__)
            return None
        deliver = body.get("deliver") if isinstance(body, dict) else None
        return Inbound(
            held=bool(body.get("held")),
            resumed=bool(body.get("resumed")),
            deliver=[text for text in deliver or [] if isinstance(text, str)],
        )


async def keep_rasa_in_step(agent: Any, sender_id: str, *, held: bool) -> None:
    """Pause or resume the conversation's tracker so Rasa agrees with the handoff service."""
    if agent is None or agent.tracker_store is None:
        return
    async with agent.lock_store.lock(sender_id):
        tracker = await agent.tracker_store.get_or_create_tracker(sender_id)
        if held == tracker.is_paused():
            return
        if held:
            tracker.update(ConversationPaused())
        else:
            # The paused turns left the user's messages without the bot listening after them;
            # rules start from "the bot listened", so say it did.
            tracker.update(ConversationResumed())
            tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
        await agent.tracker_store.save(tracker)
