"""OpasSocketIOInput: Rasa's socket.io channel for the website widget, always answering.

Also reads the widget's `customData` (set `metadata_key: customData`) and keeps session
persistence working whether `enter_room` is plain (python-socketio 5.9, pinned) or a
coroutine (5.10+, which Rasa 3.6 does not await: RasaHQ/rasa#13027).
"""

from __future__ import annotations

import inspect
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.channels.common import AppHolder, make_guard
from bot.channels.guard import ReplyGuard

logger = logging.getLogger(__name__)


def _metadata(raw: Any) -> dict[str, Any]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}
    return raw if isinstance(raw, dict) else {}


class OpasSocketIOInput(SocketIOInput):
    """The website widget's channel: `user_uttered` in, `bot_uttered` out, always answering."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        assert isinstance(channel, OpasSocketIOInput)
        channel.holder = AppHolder()
        channel.guard = make_guard(credentials, channel.holder)
        return channel

    guard: ReplyGuard
    holder: AppHolder

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        guarded = self.guard.wrap(on_new_message)
        blueprint = super().blueprint(guarded)
        self.holder.attach(blueprint)
        sio = self.sio
        assert sio is not None

        # Registering again replaces Rasa's handlers for these events.
        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            if not isinstance(session_id, str) or not session_id:
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(entered):
                    await entered
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict):
                logger.warning("Ignoring a socket.io message that is not an object from %s", sid)
                return
            if self.session_persistence:
                sender_id = data.get("session_id")
                if not isinstance(sender_id, str) or not sender_id:
                    logger.warning("Ignoring a socket.io message without session_id from %s", sid)
                    return
            else:
                sender_id = sid
            text = data.get("message")
            message = UserMessage(
                text if isinstance(text, str) else "",
                SocketIOOutput(sio, self.bot_message_evt),
                sender_id,
                input_channel=self.name(),
                metadata=_metadata(data.get(self.metadata_key)),
            )
            await guarded(message)

        return blueprint
