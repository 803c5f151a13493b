"""The aiohttp application: state, middleware, headers and routes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web

from knowledge.db import create_engine_for, create_schema
from knowledge.settings import Settings as KnowledgeSettings
from locales import load_catalog
from web import pages
from web.errors import error_middleware
from web.handoffs import DirectSender, HandoffService
from web.live import LiveHub
from web.rasa_client import RasaClient
from web.routes import setup_routes
from web.settings import Settings
from web.state import CATALOG, CONSOLE_CATALOG, ENGINE, HANDOFFS, HUB, SETTINGS, TEMPLATES
from web.telegram import CHANNEL as TELEGRAM
from web.telegram import TelegramSender
from web.twilio import CHANNEL as TWILIO
from web.twilio import TwilioSender

logger = logging.getLogger(__name__)


def content_security_policy(settings: Settings) -> str:
    """Only this site, plus Rasa's socket.io origin for the widget's connection."""
    rasa_http, rasa_ws = settings.rasa_origins
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src 'self' {rasa_http} {rasa_ws}",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


async def load_resources(app: web.Application) -> AsyncIterator[None]:
    """Read the locales and the page templates once, when the app starts."""
    settings = app[SETTINGS]
    app[CATALOG] = load_catalog(settings.locales_directory)
    app[CONSOLE_CATALOG] = load_catalog(settings.console_locales_directory)
    app[TEMPLATES] = pages.read_templates()
    if not settings.socketio_client.is_file():
        logger.warning(
            "The socket.io client %s is missing: run `npm ci` at the repository root.",
            settings.socketio_client,
        )
    yield


async def start_handoffs(app: web.Application) -> AsyncIterator[None]:
    """The database (brought to the newest schema), the Rasa client and the live hub."""
    settings = app[SETTINGS]
    engine = create_engine_for(settings.database_url or KnowledgeSettings().database_url)
    create_schema(engine)
    app[ENGINE] = engine
    app[HUB] = LiveHub()
    async with aiohttp.ClientSession() as http:
        rasa = RasaClient(settings.rasa_api, settings.service_token, http)
        app[HANDOFFS] = HandoffService(
            engine, rasa, app[HUB], app[CATALOG], settings, senders=direct_senders(settings, http)
        )
        yield
        await app[HUB].close_all()
    engine.dispose()


def direct_senders(settings: Settings, http: aiohttp.ClientSession) -> dict[str, DirectSender]:
    """The messaging channels the web app sends advisers' replies to itself, when configured."""
    senders: dict[str, DirectSender] = {}
    if settings.telegram_token:
        senders[TELEGRAM] = TelegramSender(settings.telegram_api_url, settings.telegram_token, http)
    if settings.twilio is not None:
        sid, token, number = settings.twilio
        senders[TWILIO] = TwilioSender(sid, token, number, http)
    return senders


def create_app(settings: Settings) -> web.Application:
    app = web.Application(middlewares=[error_middleware], client_max_size=settings.client_max_size)
    app[SETTINGS] = settings
    app.cleanup_ctx.append(load_resources)
    app.cleanup_ctx.append(start_handoffs)
    policy = content_security_policy(settings)

    async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
        # On prepare, so that error pages, static files and the widget get them too.
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"

    app.on_response_prepare.append(add_security_headers)
    setup_routes(app)
    return app
