"""Rasa's conversations API, as the web app uses it for handoffs.

Appending a `bot` event with `execute_side_effects` sends it to the user through the output
channel and records it; `pause` and `resume` hold and release the bot (../shared/stack-notes).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import aiohttp

logger = logging.getLogger(__name__)

# Channels Rasa can push to from its own event loop; the others collect on the user's next turn.
PUSH_CHANNELS = frozenset({"socketio"})
TIMEOUT = aiohttp.ClientTimeout(total=10)


class RasaUnreachable(Exception):
    """Rasa did not take the events (down, restarting, or refused the token)."""


class RasaClient:
    def __init__(self, base_url: str, token: str | None, http: aiohttp.ClientSession) -> None:
        self._base_url = base_url.rstrip("/")
        self._token = token
        self._http = http

    async def append(self, sender_id: str, events: list[dict[str, Any]], *, channel: str) -> bool:
        """Add events to the conversation; True if Rasa also sent the bot messages to the user."""
        push = channel in PUSH_CHANNELS
        params = {"execute_side_effects": "true" if push else "false"}
        if push:
            params["output_channel"] = channel
        if self._token:
            params["token"] = self._token
        url = f"{self._base_url}/conversations/{quote(sender_id, safe='')}/tracker/events"
        try:
            async with self._http.post(url, params=params, json=events, timeout=TIMEOUT) as reply:
                if reply.status >= 300:
                    raise RasaUnreachable(f"Rasa answered {reply.status}")
        except (aiohttp.ClientError, TimeoutError) as error:
            raise RasaUnreachable(type(error).__name__) from None
        return push
