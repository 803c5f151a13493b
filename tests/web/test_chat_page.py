"""GET /: the chat page in the reader's language, with the widget served from this site."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from aiohttp.test_utils import TestClient

from web.pages import WIDGET_SCRIPT_PATH


class PageParts(HTMLParser):
    """The parts of a page these tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.html_attributes: dict[str, str | None] = {}
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self.language_links: dict[str, dict[str, str | None]] = {}
        self.json_config: str = ""
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.html_attributes = attributes
        elif tag == "script" and attributes.get("src"):
            self.scripts.append(attributes["src"] or "")
        elif tag == "script" and attributes.get("type") == "application/json":
            self._in_config = True
        elif tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes.get("href") or "")
        elif tag == "a" and attributes.get("hreflang"):
            self.language_links[attributes["hreflang"] or ""] = attributes

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.json_config += data


async def fetch_page(client: TestClient, path: str = "/", **headers: str) -> tuple[str, PageParts]:
    reply = await client.get(path, headers=headers)
    assert reply.status == 200
    assert reply.content_type == "text/html"
    text = await reply.text()
    parts = PageParts()
    parts.feed(text)
    return text, parts


def widget_config(parts: PageParts) -> dict[str, object]:
    config: dict[str, object] = json.loads(parts.json_config)["widget"]
    return config


async def test_lang_query_gives_the_finnish_page(client: TestClient):
    text, parts = await fetch_page(client, "/?lang=fi")
    assert parts.html_attributes["lang"] == "fi"
    assert "Opas: löydä oikea palvelu" in text
    assert "Kysy omin sanoin." in text
    assert "Kysy Oppaalta" in text
    assert "Älä kirjoita tähän henkilötunnustasi." in text
    assert widget_config(parts)["customData"] == {"language": "fi"}


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
    assert WIDGET_SCRIPT_PATH in parts.scripts
    for source in parts.scripts + parts.stylesheets:
        assert source.startswith("/"), source
        assert not source.startswith("//"), source
    # The only absolute address on the page is Rasa's, for the widget's socket.
    assert re.findall(r"(?:https?:)?//[\w.-]+", text) == ["http://127.0.0.1"]


async def test_the_widget_connects_to_rasa_and_greets_in_the_pages_language(client: TestClient):
    _, parts = await fetch_page(client, "/?lang=sv")
    config = widget_config(parts)
    assert config["socketUrl"] == "http://127.0.0.1:5005"
    assert config["socketPath"] == "/socket.io/"
    assert config["initPayload"] == "/greet"
    assert config["params"] == {"storage": "session"}
    assert config["embedded"] is True
    assert config["inputTextFieldHint"] == "Skriv din fråga"
    assert json.loads(parts.json_config)["sendLabel"] == "Skicka"


async def test_the_widget_bundle_is_served_as_javascript(client: TestClient):
    reply = await client.get(WIDGET_SCRIPT_PATH)
    assert reply.status == 200
    assert reply.content_type == "text/javascript"
    assert "rasa-webchat stand-in" in await reply.text()


async def test_the_stylesheet_is_served(client: TestClient):
    reply = await client.get("/static/chat.css")
    assert reply.status == 200
    assert reply.content_type == "text/css"
