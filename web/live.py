"""Live updates for the advisers' consoles over WebSocket (GET /api/live).

One hub per web process: every change to a handoff goes through web/handoffs.py, which
publishes it here. Each console gets only the frames its adviser may see, with personal data
masked unless the adviser holds the conversation.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from web.auth import Identity

logger = logging.getLogger(__name__)

FramesFor = Callable[[Identity], list[dict[str, Any]]]
SEND_TIMEOUT_S = 5.0


class LiveHub:
    def __init__(self) -> None:
        self._viewers: dict[web.WebSocketResponse, Identity] = {}

    def add(self, socket: web.WebSocketResponse, identity: Identity) -> None:
        self._viewers[socket] = identity

    def remove(self, socket: web.WebSocketResponse) -> None:
        self._viewers.pop(socket, None)

    def __len__(self) -> int:
        return len(self._viewers)

    async def publish(self, frames_for: FramesFor) -> None:
        now = datetime.now(UTC)
        for socket, identity in list(self._viewers.items()):
            if identity.expires_at <= now:
                await self._close(socket)  # the session ended: so does what it may see
        sends = [
            self._send(socket, frames)
            for socket, identity in list(self._viewers.items())
            if (frames := frames_for(identity))
        ]
        if sends:
            await asyncio.gather(*sends)

    async def _send(self, socket: web.WebSocketResponse, frames: list[dict[str, Any]]) -> None:
        # In order per console; a slow or vanished one must not hold up the others.
        try:
            for frame in frames:
                await asyncio.wait_for(socket.send_json(frame), SEND_TIMEOUT_S)
        except (ConnectionError, RuntimeError, TimeoutError):
            self.remove(socket)

    async def close_session(self, session_digest: str) -> None:
        """Logging out closes that session's live connections."""
        for socket, identity in list(self._viewers.items()):
            if identity.session_digest == session_digest:
                await self._close(socket)

    async def _close(self, socket: web.WebSocketResponse) -> None:
        self.remove(socket)
        await socket.close(code=4401, message=b"session ended")

    async def close_all(self) -> None:
        for socket in list(self._viewers):
            await socket.close(code=1001, message=b"server shutting down")
        self._viewers.clear()
