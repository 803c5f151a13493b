"""Errors a view raises to answer a client with a 4xx, and the middleware that renders them."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from web import pages

logger = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Paths whose clients are programs: they get JSON errors, everyone else a page.
API_PREFIXES = ("/nlg", "/api", "/internal", "/healthz")


class ClientError(Exception):
    """The request cannot be answered as sent; `message` tells the client why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def wants_json(request: web.Request) -> bool:
    return request.path.startswith(API_PREFIXES)


def error_response(request: web.Request, status: int, message: str) -> web.Response:
    if wants_json(request):
        return web.json_response({"error": message}, status=status)
    return pages.error_page(request, status)


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn every failure into JSON or a small page: never a stack trace, never a 500 for input."""
    try:
        return await handler(request)
    except ClientError as error:
        return error_response(request, error.status, error.message)
    except web.HTTPException as error:
        if error.status < 400:
            raise  # redirects and the like are answers, not errors
        return error_response(request, error.status, error.reason)
    except Exception:
        logger.exception("unexpected error answering %s %s", request.method, request.path)
        return error_response(request, 500, "Internal Server Error")
