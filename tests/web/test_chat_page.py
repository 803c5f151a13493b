"""GET /: the chat page in the reader's language, with the widget served from this site."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from aiohttp.test_utils import TestClient

from web.pages import SOCKETIO_CLIENT_PATH

WIDGET_SCRIPT = "/static/chat-widget.js"


class PageParts(HTMLParser):
    """The parts of a page these tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.html_attributes: dict[str, str | None] = {}
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self.language_links: dict[str, dict[str, str | None]] = {}
        self.widget_hosts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.html_attributes = attributes
        elif tag == "script" and attributes.get("src"):
            self.scripts.append(attributes["src"] or "")
        elif tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes.get("href") or "")
        elif tag == "a" and attributes.get("hreflang"):
            self.language_links[attributes["hreflang"] or ""] = attributes
        if "data-opas-chat" in attributes:
            self.widget_hosts.append(attributes)


async def fetch_page(client: TestClient, path: str = "/", **headers: str) -> tuple[str, PageParts]:
    reply = await client.get(path, headers=headers)
    assert reply.status == 200
    assert reply.content_type == "text/html"
    text = await reply.text()
    parts = PageParts()
    parts.feed(text)
    return text, parts


async def test_lang_query_gives_the_finnish_page(client: TestClient):
    text, parts = await fetch_page(client, "/?lang=fi")
    assert parts.html_attributes["lang"] == "fi"
    assert "Opas: löydä oikea palvelu" in text
    assert "Kysy omin sanoin." in text
    assert "Kysy Oppaalta" in text
    assert "Älä kirjoita tähän henkilötunnustasi." in text
    # The widget starts the conversation in the page's language.
    assert [host["data-language"] for host in parts.widget_hosts] == ["fi"]


async def test_the_browsers_preferred_language_is_the_default(client: TestClient):
    _, parts = await fetch_page(client, "/", **{"Accept-Language": "de-DE, sv-FI;q=0.8, en;q=0.5"})
    assert parts.html_attributes["lang"] == "sv"


async def test_without_a_preference_the_page_is_in_english(client: TestClient):
    text, parts = await fetch_page(client, "/", **{"Accept-Language": "de, fr;q=0.5"})
    assert parts.html_attributes["lang"] == "en"
    assert "Ask in your own words." in text


async def test_an_unknown_or_hostile_lang_value_is_ignored(client: TestClient):
    text, parts = await fetch_page(client, '/?lang="><script>alert(1)</script>')
    assert parts.html_attributes["lang"] == "en"
    assert "<script>alert" not in text


async def test_the_chooser_links_each_language_by_its_own_name_and_marks_the_current_one(
    client: TestClient,
):
    text, parts = await fetch_page(client, "/?lang=sv")
    assert list(parts.language_links) == ["fi", "sv", "en", "ar"]
    for code, link in parts.language_links.items():
        assert link["href"] == f"/?lang={code}"
        assert link["lang"] == code
    assert parts.language_links["sv"].get("aria-current") == "page"
    assert "aria-current" not in parts.language_links["fi"]
    for name in ("Suomi", "Svenska", "English"):
        assert name in text
    # The chooser is named in the page's language.
    assert re.search(r'aria-labelledby="languages-label"', text)
    assert re.search(r'id="languages-label"[^>]*>Språk<', text)


async def test_the_widget_script_comes_from_this_site_and_nothing_from_outside(
    client: TestClient,
):
    text, parts = await fetch_page(client, "/")
    assert parts.scripts == [WIDGET_SCRIPT]
    for source in parts.scripts + parts.stylesheets:
        assert source.startswith("/"), source
        assert not source.startswith("//"), source
    # No absolute address: the widget asks this site where Rasa is (/widget/config).
    assert re.findall(r"(?:https?:)?//[\w.-]+", text) == []


async def test_the_widget_and_the_socketio_client_are_served_as_javascript(client: TestClient):
    for path, expected in ((WIDGET_SCRIPT, "data-opas-chat"), (SOCKETIO_CLIENT_PATH, "stand-in")):
        reply = await client.get(path)
        assert reply.status == 200
        assert reply.content_type in ("text/javascript", "application/javascript")
        assert expected in await reply.text()


async def test_the_stylesheet_is_served(client: TestClient):
    reply = await client.get("/static/chat.css")
    assert reply.status == 200
    assert reply.content_type == "text/css"
