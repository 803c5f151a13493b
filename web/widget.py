"""What the chat widget (web/static/chat-widget.js) needs from the web app, and the example of
embedding it on another site."""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlencode

from aiohttp import web

from web.language import choose_language, text_direction
from web.pages import EMBED_EXAMPLE_TEXTS, WIDGET_TEXTS, html_response, text
from web.state import CATALOG, SETTINGS, TEMPLATES

# The texts are public and the same for everyone: any site that embeds the chat may read them.
# Without ?lang= the browser's languages choose, so a cache must keep one answer per language.
CONFIG_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": "public, max-age=300",
    "Vary": "Accept-Language",
}
# A municipality for the example page: letters, spaces and hyphens, as municipality names are.
_MUNICIPALITY = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ -]){0,59}$")
EXAMPLE_PAGES = {"first": "/embed-example", "more": "/embed-example/more"}


async def widget_config(request: web.Request) -> web.Response:
    """The widget's language (as asked, else the browser's, else English), its texts, and Rasa."""
    catalog = request.app[CATALOG]
    settings = request.app[SETTINGS]
    lang = choose_language(request, catalog.languages)
    body = {
        "language": lang,
        "dir": text_direction(lang),
        "socketUrl": settings.rasa_url,
        "socketPath": "/socket.io/",
        "texts": {name: text(catalog, key, lang) for name, key in WIDGET_TEXTS.items()},
    }
    return web.json_response(body, headers=CONFIG_HEADERS)


def snippet(origin: str, lang: str, municipality: str | None) -> str:
    """The embed code a site copies: one element and one script tag."""
    attributes = f'data-opas-chat data-language="{escape(lang)}"'
    if municipality:
        attributes += f' data-municipality="{escape(municipality)}"'
    return (
        f"<div {attributes}></div>\n"
        f'<script src="{escape(origin)}/static/chat-widget.js" defer></script>'
    )


async def embed_example(request: web.Request) -> web.Response:
    """A stand-in for a municipality's own page, embedding the chat with the snippet itself."""
    catalog = request.app[CATALOG]
    lang = choose_language(request, catalog.languages)
    asked = request.query.get("municipality", "").strip()
    municipality = asked if _MUNICIPALITY.match(asked) else None
    first = request.match_info.get("page") is None
    texts = {field: escape(text(catalog, key, lang)) for field, key in EMBED_EXAMPLE_TEXTS.items()}
    # The same language and municipality on the other example page (a name may hold a space).
    carried = {"lang": lang, "municipality": municipality} if municipality else {"lang": lang}
    query = "?" + urlencode(carried)
    code = snippet(f"{request.scheme}://{request.host}", lang, municipality)
    body = request.app[TEMPLATES]["embed_example.html"].substitute(
        lang=escape(lang),
        dir=text_direction(lang),
        site=texts["site"],
        title=texts["title"],
        intro=texts["intro"] if first else texts["more_intro"],
        snippet_label=texts["snippet_label"],
        snippet=escape(code),
        embed=code,
        link_href=escape(EXAMPLE_PAGES["more" if first else "first"] + query),
        link_text=texts["more_link"] if first else texts["back_link"],
    )
    return html_response(body)
