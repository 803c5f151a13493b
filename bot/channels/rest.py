"""OpasRestInput: Rasa's REST channel, plus a guaranteed reply and tolerant request parsing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.request import Request

from bot.channels.common import AppHolder, make_guard
from bot.channels.guard import ReplyGuard


def _body(request: Request) -> dict[str, Any]:
    # A JSON list or string body would make Rasa's `.get` raise and answer 500.
    body = request.json
    return body if isinstance(body, dict) else {}


class OpasRestInput(RestInput):
    """`POST /webhooks/rest/webhook {"sender", "message", "metadata"}`; always answers."""

    def __init__(self, guard: ReplyGuard, holder: AppHolder) -> None:
        self.guard = guard
        self.holder = holder

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        holder = AppHolder()
        return cls(make_guard(credentials, holder), holder)

    async def _extract_sender(self, req: Request) -> str | None:
        sender = _body(req).get("sender")
        return str(sender) if sender is not None else None

    def _extract_message(self, req: Request) -> str | None:
        # Empty and whitespace-only messages pass through: the bot answers them.
        message = _body(req).get("message")
        return message if isinstance(message, str) else ""

    def _extract_input_channel(self, req: Request) -> str:
        channel = _body(req).get("input_channel")
        return channel if isinstance(channel, str) and channel else self.name()

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        metadata = _body(request).get("metadata")
        return metadata if isinstance(metadata, dict) else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        blueprint = super().blueprint(self.guard.wrap(on_new_message))
        self.holder.attach(blueprint)
        return blueprint
