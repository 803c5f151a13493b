"""Every route of the web app, in one place."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from web import api, internal, pages, views, widget

STATIC_DIRECTORY = Path(__file__).resolve().parent / "static"


def setup_routes(app: web.Application) -> None:
    app.router.add_get("/", views.chat_page, name="chat")
    app.router.add_post("/nlg", views.render_response, name="nlg")
    app.router.add_get("/healthz", views.health, name="health")
    app.router.add_get("/console", views.console_page, name="console")
    app.router.add_get("/widget/config", widget.widget_config, name="widget_config")
    app.router.add_get("/embed-example", widget.embed_example, name="embed_example")
    app.router.add_get("/embed-example/{page:more}", widget.embed_example, name="embed_more")
    api.setup_api_routes(app)
    internal.setup_internal_routes(app)
    # Before the static directory, so this path is not looked up among the files there.
    app.router.add_get(pages.SOCKETIO_CLIENT_PATH, views.socketio_client, name="socketio")
    app.router.add_static("/static/", STATIC_DIRECTORY, name="static")
