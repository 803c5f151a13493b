"""Reading JSON request bodies: every way a body can be wrong is a 4xx with a clear message."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from web.errors import ClientError


async def read_json(request: web.Request) -> object:
    """The request body as JSON; aiohttp refuses a body over client_max_size with a 413."""
    raw = await request.read()
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        # ValueError covers bad UTF-8 and bad JSON; RecursionError a body nested thousands deep.
        raise ClientError(400, "the body is not valid JSON") from None


async def read_object(request: web.Request) -> dict[str, Any]:
    """A JSON object sent as application/json (a form post from another site is not JSON)."""
    if request.content_type != "application/json":
        raise ClientError(415, "send the body as application/json")
    body = await read_json(request)
    if not isinstance(body, dict):
        raise ClientError(422, "the body must be a JSON object")
    return body


def text_field(body: dict[str, Any], name: str, *, max_length: int) -> str:
    """A required, non-blank string field of at most max_length characters."""
    value = body.get(name)
    if not isinstance(value, str):
        raise ClientError(422, f"'{name}' must be a string")
    if not value.strip():
        raise ClientError(422, f"'{name}' must not be empty")
    if len(value) > max_length:
        raise ClientError(422, f"'{name}' is longer than {max_length} characters")
    # PostgreSQL stores no NUL character; it is never part of what someone meant to write.
    return value.replace("\x00", "")
