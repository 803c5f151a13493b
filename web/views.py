"""Thin views: read the request, call the part that knows, answer."""

from __future__ import annotations

from aiohttp import web

from locales import MissingArgument
from web import pages
from web.errors import ClientError
from web.json_body import read_json
from web.nlg import NlgRequest, unknown_response_message
from web.state import CATALOG, SETTINGS


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def render_response(request: web.Request) -> web.Response:
    """Rasa's NLG call: the response in the conversation's language, with its arguments."""
    wanted = NlgRequest.from_body(await read_json(request))
    catalog = request.app[CATALOG]
    try:
        rendered = catalog.render(wanted.response, wanted.language, **wanted.arguments)
    except MissingArgument as error:
        # A KeyError too: caught first, because the response exists but was called wrongly.
        raise ClientError(422, str(error)) from None
    except KeyError:
        raise ClientError(404, unknown_response_message(wanted.response)) from None
    return web.json_response(rendered)


async def chat_page(request: web.Request) -> web.Response:
    return pages.chat_page(request)


async def socketio_client(request: web.Request) -> web.FileResponse:
    """socket.io's browser client for the widget, from the npm package beside the app."""
    bundle = request.app[SETTINGS].socketio_client
    if not bundle.is_file():
        raise web.HTTPNotFound()
    return web.FileResponse(bundle, headers={"Content-Type": "text/javascript; charset=utf-8"})


async def console_page(request: web.Request) -> web.Response:
    return pages.console_page(request)
