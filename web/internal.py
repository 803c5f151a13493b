"""/internal: what the action server and Rasa's channels ask of the handoff service.

Not for browsers: every call carries OPAS_SERVICE_TOKEN, the secret the three processes share.
"""

from __future__ import annotations

import hmac
from typing import Any

from aiohttp import web

from knowledge.handoffs import MAX_TEXT_LENGTH, REASONS
from locales import SUPPORTED_LANGUAGES
from web.errors import ClientError
from web.json_body import read_object
from web.state import HANDOFFS, SETTINGS

MAX_TRANSCRIPT_LINES = 200
FACTS = ("jobseeker", "minor", "protection")


def _authorise(request: web.Request) -> None:
    expected = request.app[SETTINGS].service_token
    if not expected:
        raise ClientError(503, "Handoffs are off: OPAS_SERVICE_TOKEN is not set.")
    sent = request.headers.get("Authorization", "")
    if not hmac.compare_digest(sent.encode(), f"Bearer {expected}".encode()):
        raise ClientError(401, "Wrong or missing service token.")


def _string(body: dict[str, Any], name: str, max_length: int, *, required: bool) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value) or "\x00" in value:
        raise ClientError(422, f"'{name}' must be a non-empty string without NUL characters")
    return value[:max_length]


def _transcript(raw: object) -> list[tuple[str, str]]:
    if not isinstance(raw, list):
        raise ClientError(422, "'transcript' must be a list of [author, text] pairs")
    lines: list[tuple[str, str]] = []
    for item in raw[-MAX_TRANSCRIPT_LINES:]:
        if (
            not isinstance(item, list)
            or len(item) != 2
            or item[0] not in ("user", "bot")
            or not isinstance(item[1], str)
        ):
            raise ClientError(422, "'transcript' must be a list of [author, text] pairs")
        lines.append((item[0], item[1][:MAX_TEXT_LENGTH]))
    return lines


async def request_handoff(request: web.Request) -> web.Response:
    """The action server hands a conversation over; the answer says what to tell the user."""
    _authorise(request)
    body = await read_object(request)
    language = _string(body, "language", 10, required=True)
    reason = _string(body, "reason", 20, required=True)
    if language not in SUPPORTED_LANGUAGES or reason not in REASONS:
        raise ClientError(422, "unknown 'language' or 'reason'")
    collected = body.get("collected") or {}
    if not isinstance(collected, dict):
        raise ClientError(422, "'collected' must be an object")
    wanted = {
        "sender_id": _string(body, "sender_id", 200, required=True),
        "channel": _string(body, "channel", 60, required=True),
        "language": language,
        "reason": reason,
        "topic": _string(body, "topic", 80, required=False),
        "municipality": _string(body, "municipality", 120, required=False),
        # Only what the knowledge base understands, and only plain values.
        "collected": {
            key: value
            for key, value in collected.items()
            if key in ("municipality", "topic", *FACTS)
            and (value is None or isinstance(value, (str, bool)))
        },
        "transcript": _transcript(body.get("transcript", [])),
    }
    state = await request.app[HANDOFFS].request(wanted)
    return web.json_response(state.as_json())


async def inbound(request: web.Request) -> web.Response:
    """A channel got a user message: is an adviser holding the conversation?"""
    _authorise(request)
    body = await read_object(request)
    sender_id = _string(body, "sender_id", 200, required=True)
    text = body.get("text")
    if not isinstance(text, str):
        raise ClientError(422, "'text' must be a string")
    assert sender_id is not None
    return web.json_response(await request.app[HANDOFFS].inbound(sender_id, text))


def setup_internal_routes(app: web.Application) -> None:
    app.router.add_post("/internal/handoffs", request_handoff)
    app.router.add_post("/internal/inbound", inbound)
