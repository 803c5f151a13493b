"""The adviser API under /api (described in web/openapi.py): thin views over web/handoffs.py."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web

from knowledge.db import session_scope
from knowledge.handoffs import MAX_TEXT_LENGTH, OUTCOMES
from web import auth
from web.errors import ClientError
from web.json_body import read_object, text_field
from web.openapi import openapi_document
from web.state import ENGINE, HANDOFFS, HUB, SETTINGS

logger = logging.getLogger(__name__)

MAX_PASSWORD_LENGTH = 1024


def _token(request: web.Request) -> str | None:
    return request.cookies.get(auth.COOKIE_NAME)


def current_identity(request: web.Request) -> auth.Identity:
    """The logged-in adviser, or a 401."""
    with session_scope(request.app[ENGINE]) as session:
        identity = auth.identify(session, _token(request))
    if identity is None:
        raise ClientError(401, "Log in first.")
    return identity


def checked_identity(request: web.Request) -> auth.Identity:
    """The logged-in adviser of a state-changing request carrying the session's CSRF token."""
    identity = current_identity(request)
    if not auth.csrf_matches(identity, request.headers.get(auth.CSRF_HEADER)):
        raise ClientError(403, f"Missing or wrong {auth.CSRF_HEADER} header.")
    return identity


def _session_json(identity: auth.Identity) -> dict[str, Any]:
    return {"csrf_token": identity.csrf_token, "adviser": identity.as_json(),
            "outcomes": list(OUTCOMES)}  # fmt: skip


def _set_cookie(request: web.Request, response: web.Response, token: str) -> None:
    response.set_cookie(
        auth.COOKIE_NAME,
        token,
        max_age=int(auth.SESSION_LIFETIME.total_seconds()),
        path="/",
        httponly=True,
        samesite="Strict",
        secure=request.secure or request.app[SETTINGS].secure_cookies,
    )


async def openapi(request: web.Request) -> web.Response:
    return web.json_response(openapi_document())


async def login(request: web.Request) -> web.Response:
    body = await read_object(request)
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        raise ClientError(422, "'username' and 'password' must be strings")
    if len(username) > 80 or len(password) > MAX_PASSWORD_LENGTH:
        raise ClientError(401, "Wrong username or password.")
    if "\x00" in username:
        raise ClientError(401, "Wrong username or password.")
    engine = request.app[ENGINE]

    def check() -> tuple[str | None, auth.LoginFailed | auth.LoginLocked | None]:
        with session_scope(engine) as session:
            # Caught inside the block: the failure count and the audit entry are committed.
            try:
                adviser = auth.authenticate(session, username, password)
                return auth.start_session(session, adviser), None
            except (auth.LoginFailed, auth.LoginLocked) as error:
                return None, error

    # Argon2 takes tens of milliseconds on purpose: in a thread, so that the chat's /nlg calls
    # are not held up by someone trying passwords.
    token, refused = await asyncio.to_thread(check)
    if isinstance(refused, auth.LoginLocked):
        return web.json_response(
            {"error": "Too many failed attempts: the account is locked for a while."},
            status=423,
            headers={"Retry-After": str(refused.retry_after)},
        )
    if refused is not None or token is None:
        raise ClientError(401, "Wrong username or password.")
    with session_scope(engine) as session:
        identity = auth.identify(session, token)
    assert identity is not None
    response = web.json_response(_session_json(identity))
    _set_cookie(request, response, token)
    return response


async def logout(request: web.Request) -> web.Response:
    identity = checked_identity(request)
    token = _token(request)
    with session_scope(request.app[ENGINE]) as session:
        if token:
            auth.end_session(session, token)
        auth.audit(session, "logout", adviser_id=identity.adviser_id)
    await request.app[HUB].close_session(identity.session_digest)
    response = web.json_response({"status": "logged out"})
    response.del_cookie(auth.COOKIE_NAME, path="/")
    return response


async def session_info(request: web.Request) -> web.Response:
    return web.json_response(_session_json(current_identity(request)))


async def list_handoffs(request: web.Request) -> web.Response:
    identity = current_identity(request)
    status = request.query.get("status", "open")
    return web.json_response({"handoffs": request.app[HANDOFFS].list(identity, status)})


async def get_handoff(request: web.Request) -> web.Response:
    identity = current_identity(request)
    return web.json_response(
        request.app[HANDOFFS].detail(identity, request.match_info["handoff_id"])
    )


async def claim(request: web.Request) -> web.Response:
    identity = checked_identity(request)
    handoffs = request.app[HANDOFFS]
    return web.json_response(await handoffs.claim(identity, request.match_info["handoff_id"]))


async def send_message(request: web.Request) -> web.Response:
    identity = checked_identity(request)
    text = text_field(await read_object(request), "text", max_length=MAX_TEXT_LENGTH)
    handoffs = request.app[HANDOFFS]
    return web.json_response(await handoffs.reply(identity, request.match_info["handoff_id"], text))


async def add_note(request: web.Request) -> web.Response:
    identity = checked_identity(request)
    text = text_field(await read_object(request), "text", max_length=MAX_TEXT_LENGTH)
    handoffs = request.app[HANDOFFS]
    return web.json_response(await handoffs.note(identity, request.match_info["handoff_id"], text))


async def resolve(request: web.Request) -> web.Response:
    identity = checked_identity(request)
    outcome = (await read_object(request)).get("outcome")
    if not isinstance(outcome, str) or outcome not in OUTCOMES:
        raise ClientError(422, f"'outcome' must be one of: {', '.join(OUTCOMES)}")
    handoffs = request.app[HANDOFFS]
    return web.json_response(
        await handoffs.close(identity, request.match_info["handoff_id"], outcome)
    )


async def release(request: web.Request) -> web.Response:
    identity = checked_identity(request)
    handoffs = request.app[HANDOFFS]
    return web.json_response(await handoffs.close(identity, request.match_info["handoff_id"], None))


async def live(request: web.Request) -> web.WebSocketResponse:
    identity = current_identity(request)
    origin = request.headers.get("Origin")
    # The host only: behind a TLS-terminating proxy the browser says https, aiohttp sees http.
    if origin is not None and urlsplit(origin).netloc != request.host:
        # SameSite=Strict keeps the cookie from other sites; this refuses them outright.
        raise ClientError(403, "WebSocket from another origin.")
    socket = web.WebSocketResponse(heartbeat=30, max_msg_size=4096)
    await socket.prepare(request)
    hub = request.app[HUB]
    hub.add(socket, identity)
    try:
        async for message in socket:
            # The console only listens; anything it sends is ignored.
            if message.type == WSMsgType.ERROR:
                break
    finally:
        hub.remove(socket)
    return socket


def setup_api_routes(app: web.Application) -> None:
    handoff = "/api/handoffs/{handoff_id}"
    app.router.add_get("/api/openapi.json", openapi)
    app.router.add_post("/api/login", login)
    app.router.add_post("/api/logout", logout)
    app.router.add_get("/api/session", session_info)
    app.router.add_get("/api/handoffs", list_handoffs)
    app.router.add_get(handoff, get_handoff)
    app.router.add_post(f"{handoff}/claim", claim)
    app.router.add_post(f"{handoff}/messages", send_message)
    app.router.add_post(f"{handoff}/notes", add_note)
    app.router.add_post(f"{handoff}/resolve", resolve)
    app.router.add_post(f"{handoff}/release", release)
    app.router.add_get("/api/live", live)
