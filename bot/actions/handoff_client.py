"""The action server's line to the handoff service in the web app (web/internal.py)."""

from __future__ import annotations

import logging
import os
from typing import Any

import aiohttp

logger = logging.getLogger(__name__)

TIMEOUT = aiohttp.ClientTimeout(total=10)


class HandoffUnavailable(Exception):
    """The web app is not configured, not reachable, or refused the request."""


async def request_handoff(payload: dict[str, Any]) -> dict[str, Any]:
    """Queue the conversation for an adviser; the answer says what to tell the user."""
    url = os.environ.get("HANDOFF_SERVICE_URL", "").rstrip("/")
    token = os.environ.get("OPAS_SERVICE_TOKEN", "")
    if not url or not token:
        raise HandoffUnavailable("HANDOFF_SERVICE_URL or OPAS_SERVICE_TOKEN is not set")
    try:
        async with (
            aiohttp.ClientSession(timeout=TIMEOUT) as http,
            http.post(
                f"{url}/handoffs",
                json=payload,
                headers={"Authorization": f"Bearer {token}"},
            ) as reply,
        ):
            if reply.status != 200:
                raise HandoffUnavailable(f"the handoff service answered {reply.status}")
            answer = await reply.json()
    except (aiohttp.ClientError, TimeoutError, ValueError) as error:
        raise HandoffUnavailable(type(error).__name__) from None
    if not isinstance(answer, dict) or answer.get("state") not in QUEUE_MESSAGES:
        raise HandoffUnavailable("the handoff service gave an answer it should not")
    return answer


# What the user is told for each queue state (web/handoffs.py QueueState).
QUEUE_MESSAGES = {
    "queued": "utter_handoff_queued",
    "after_hours": "utter_handoff_after_hours",
    "queue_full": "utter_handoff_queue_full",
}
