"""The HTML the app serves: the chat page and the error page, in the reader's language."""

from __future__ import annotations

import json
import logging
from html import escape
from http import HTTPStatus
from pathlib import Path
from string import Template
from typing import Any

from aiohttp import web

from locales import Catalog
from web.language import choose_language, chooser_order, text_direction
from web.state import CATALOG, CONSOLE_CATALOG, SETTINGS, TEMPLATES

logger = logging.getLogger(__name__)

TEMPLATE_DIRECTORY = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAMES = ("chat.html", "error.html", "console.html")

WIDGET_SCRIPT_PATH = "/static/vendor/rasa-webchat.js"
# The widget keeps its conversation under this sessionStorage key (rasa-webchat 1.0.1); the
# page clears it to start a new conversation when the language changes.
WIDGET_SESSION_KEY = "chat_session"

# Template fields of the chat page and the locales/ keys they show.
CHAT_PAGE_TEXTS = {
    "title": "page_title",
    "heading": "page_heading",
    "intro": "page_intro",
    "privacy_note": "page_privacy_note",
    "language_label": "page_language_label",
    "noscript": "page_noscript",
}
# Read by the page script and the widget rather than placed in the template.
WIDGET_TEXTS = ("page_input_placeholder", "page_send_label", "page_connecting")
ERROR_PAGE_KEYS = ("page_not_found", "page_error", "page_home_link")
# Every key the pages read: a test checks each exists in every language, without placeholders.
PAGE_KEYS = ("language_name", *CHAT_PAGE_TEXTS.values(), *WIDGET_TEXTS, *ERROR_PAGE_KEYS)


def read_templates() -> dict[str, Template]:
    return {
        name: Template((TEMPLATE_DIRECTORY / name).read_text(encoding="utf-8"))
        for name in TEMPLATE_NAMES
    }


def _text(catalog: Catalog, key: str, lang: str) -> str:
    try:
        return catalog.render(key, lang)["text"]
    except KeyError:
        # A page text missing from locales/ leaves a gap on the page rather than taking the
        # chat down; tests/web/test_web_consistency.py fails on it.
        logger.warning("locales/ has no text for %r", key)
        return ""


def _script_json(value: Any) -> str:
    """JSON that can sit inside a <script> element without ending it."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _html_response(body: str, status: int = 200) -> web.Response:
    response = web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response


def _status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return str(status)


def _language_links(catalog: Catalog, current: str) -> str:
    """One link per language, each named in its own language (links need no submit button)."""
    links = []
    for code in chooser_order(catalog.languages):
        name = escape(_text(catalog, "language_name", code))
        code = escape(code)
        if code == current:
            links.append(
                f'<li><a href="/?lang={code}" lang="{code}" hreflang="{code}" '
                f'aria-current="page">{name}</a></li>'
            )
        else:
            links.append(
                f'<li><a href="/?lang={code}" lang="{code}" hreflang="{code}">{name}</a></li>'
            )
    return "\n".join(links)


def chat_page(request: web.Request) -> web.Response:
    catalog = request.app[CATALOG]
    settings = request.app[SETTINGS]
    lang = choose_language(request, catalog.languages)
    widget = {
        "socketUrl": settings.rasa_url,
        "socketPath": "/socket.io/",
        "customData": {"language": lang},
        "initPayload": "/greet",
        "params": {"storage": "session"},
        "embedded": True,
        # Show the conversation, with its "connecting" line, even while Rasa is unreachable.
        "hideWhenNotConnected": False,
        # Rules would hide the widget until Rasa confirms a session and let it change our props.
        "withRules": False,
        "showFullScreenButton": False,
        "title": _text(catalog, "page_heading", lang),
        "inputTextFieldHint": _text(catalog, "page_input_placeholder", lang),
        "connectingText": _text(catalog, "page_connecting", lang),
    }
    config = {
        "language": lang,
        "sessionKey": WIDGET_SESSION_KEY,
        "sendLabel": _text(catalog, "page_send_label", lang),
        "widget": widget,
    }
    texts = {field: escape(_text(catalog, key, lang)) for field, key in CHAT_PAGE_TEXTS.items()}
    body = request.app[TEMPLATES]["chat.html"].substitute(
        lang=escape(lang),
        dir=text_direction(lang),
        languages=_language_links(catalog, lang),
        widget_script=WIDGET_SCRIPT_PATH,
        config=_script_json(config),
        **texts,
    )
    return _html_response(body)


def error_page(request: web.Request, status: int) -> web.Response:
    """A short page saying what went wrong, in the reader's language, with a way home."""
    catalog = request.app[CATALOG]
    lang = choose_language(request, catalog.languages)
    # The status phrase when locales/ lacks the text: an error page must not fail in turn.
    message = _text(
        catalog, "page_not_found" if status == 404 else "page_error", lang
    ) or _status_phrase(status)
    home = _text(catalog, "page_home_link", lang) or "/"
    body = request.app[TEMPLATES]["error.html"].substitute(
        lang=escape(lang),
        dir=text_direction(lang),
        status=status,
        message=escape(message),
        home=escape(home),
        home_href=f"/?lang={escape(lang)}",
    )
    return _html_response(body, status=status)


def console_page(request: web.Request) -> web.Response:
    """The adviser console: one page; its script logs in and talks to /api."""
    catalog = request.app[CONSOLE_CATALOG]
    lang = choose_language(request, catalog.languages)
    texts = {key: catalog.template(key, lang) for key in sorted(catalog.keys(lang))}
    body = request.app[TEMPLATES]["console.html"].substitute(
        lang=escape(lang),
        title=escape(texts.get("page_title", "Opas")),
        config=_script_json({"language": lang, "texts": texts}),
    )
    return _html_response(body)
