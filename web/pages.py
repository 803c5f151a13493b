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
from web.state import CATALOG, CONSOLE_CATALOG, TEMPLATES

logger = logging.getLogger(__name__)

TEMPLATE_DIRECTORY = Path(__file__).resolve().parent / "templates"

SOCKETIO_CLIENT_PATH = "/static/vendor/socket.io.min.js"

# Template fields of the chat page and the locales/ keys they show.
CHAT_PAGE_TEXTS = {
    "title": "page_title",
    "heading": "page_heading",
    "intro": "page_intro",
    "privacy_note": "page_privacy_note",
    "language_label": "page_language_label",
    "noscript": "page_noscript",
}
ERROR_PAGE_KEYS = ("page_not_found", "page_error", "page_home_link")
# The chat widget's texts (web/widget.py), by the name the widget's script reads them under.
WIDGET_TEXTS = {
    "title": "widget_title",
    "log": "widget_log_label",
    "input": "widget_input_label",
    "placeholder": "page_input_placeholder",
    "send": "page_send_label",
    "connecting": "page_connecting",
    "unreachable": "widget_unreachable",
    "newConversation": "widget_new_conversation",
    "newConversationStarted": "widget_new_conversation_started",
    "notSent": "widget_not_sent",
    "typing": "widget_typing",
    "newTab": "widget_opens_new_tab",
    "you": "widget_you",
    "bot": "widget_bot",
    "choices": "widget_choices",
}
# The example page of embedding (web/widget.py).
EMBED_EXAMPLE_TEXTS = {
    "site": "embed_example_site_name",
    "title": "embed_example_title",
    "intro": "embed_example_intro",
    "snippet_label": "embed_example_snippet_label",
    "more_link": "embed_example_more_link",
    "more_intro": "embed_example_more_intro",
    "back_link": "embed_example_back_link",
}
# Every key the pages read: a test checks each exists in every language, without placeholders.
PAGE_KEYS = (
    "language_name",
    *CHAT_PAGE_TEXTS.values(),
    *WIDGET_TEXTS.values(),
    *EMBED_EXAMPLE_TEXTS.values(),
    *ERROR_PAGE_KEYS,
)
TEMPLATE_NAMES = ("chat.html", "error.html", "console.html", "embed_example.html")


def read_templates() -> dict[str, Template]:
    return {
        name: Template((TEMPLATE_DIRECTORY / name).read_text(encoding="utf-8"))
        for name in TEMPLATE_NAMES
    }


def text(catalog: Catalog, key: str, lang: str) -> str:
    try:
        return catalog.render(key, lang)["text"]
    except KeyError:
        # A page text missing from locales/ leaves a gap on the page rather than taking the
        # chat down; tests/web/test_web_consistency.py fails on it.
        logger.warning("locales/ has no text for %r", key)
        return ""


def _script_json(value: Any) -> str:
    """JSON that can sit inside a <script> element without ending it."""
    encoded = json.dumps(value, ensure_ascii=False)
    return encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def html_response(body: str, status: int = 200) -> web.Response:
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
        name = escape(text(catalog, "language_name", code))
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
    lang = choose_language(request, catalog.languages)
    texts = {field: escape(text(catalog, key, lang)) for field, key in CHAT_PAGE_TEXTS.items()}
    body = request.app[TEMPLATES]["chat.html"].substitute(
        lang=escape(lang),
        dir=text_direction(lang),
        languages=_language_links(catalog, lang),
        **texts,
    )
    return html_response(body)


def error_page(request: web.Request, status: int) -> web.Response:
    """A short page saying what went wrong, in the reader's language, with a way home."""
    catalog = request.app[CATALOG]
    lang = choose_language(request, catalog.languages)
    # The status phrase when locales/ lacks the text: an error page must not fail in turn.
    message = text(
        catalog, "page_not_found" if status == 404 else "page_error", lang
    ) or _status_phrase(status)
    home = text(catalog, "page_home_link", lang) or "/"
    body = request.app[TEMPLATES]["error.html"].substitute(
        lang=escape(lang),
        dir=text_direction(lang),
        status=status,
        message=escape(message),
        home=escape(home),
        home_href=f"/?lang={escape(lang)}",
    )
    return html_response(body, status=status)


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
    return html_response(body)
