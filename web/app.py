"""The aiohttp application: state, middleware, headers and routes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web

from locales import load_catalog
from web import pages
from web.errors import error_middleware
from web.routes import setup_routes
from web.settings import Settings
from web.state import CATALOG, SETTINGS, TEMPLATES

logger = logging.getLogger(__name__)


def content_security_policy(settings: Settings) -> str:
    """Only this site, plus Rasa's socket.io origin for the widget's connection."""
    rasa_http, rasa_ws = settings.rasa_origins
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            # The widget injects its stylesheets as <style> elements at run time.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            # The carousel's arrow font is inlined as a data: URL.
            "font-src 'self' data:",
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
    app[TEMPLATES] = pages.read_templates()
    if not settings.webchat_bundle.is_file():
        logger.warning(
            "The chat widget %s is missing: run `npm ci` at the repository root.",
            settings.webchat_bundle,
        )
    yield


def create_app(settings: Settings) -> web.Application:
    app = web.Application(middlewares=[error_middleware], client_max_size=settings.client_max_size)
    app[SETTINGS] = settings
    app.cleanup_ctx.append(load_resources)
    policy = content_security_policy(settings)

    async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
        # On prepare, so that error pages, static files and the widget get them too.
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"

    app.on_response_prepare.append(add_security_headers)
    setup_routes(app)
    return app
