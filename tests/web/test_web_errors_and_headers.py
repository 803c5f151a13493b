"""Errors never show a trace, and every response carries the security headers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestClient

from web.app import content_security_policy, create_app
from web.settings import Settings


async def test_a_missing_page_is_a_small_html_404_in_the_readers_language(client: TestClient):
    reply = await client.get("/no/such/page?lang=fi")
    assert reply.status == 404
    assert reply.content_type == "text/html"
    text = await reply.text()
    assert '<html lang="fi"' in text
    assert "Tätä sivua ei ole." in text
    assert 'href="/?lang=fi"' in text
    assert "Traceback" not in text


async def test_an_unexpected_failure_is_a_500_page_without_a_trace(
    aiohttp_client, settings: Settings
):
    app = create_app(settings)

    async def broken(request: web.Request) -> web.Response:
        raise RuntimeError("secret internals")

    app.router.add_get("/broken", broken)
    app.router.add_get("/api/broken", broken)
    client = await aiohttp_client(app)

    page = await client.get("/broken")
    assert page.status == 500
    page_text = await page.text()
    assert "Something went wrong." in page_text
    assert "secret internals" not in page_text and "Traceback" not in page_text

    api = await client.get("/api/broken")
    assert api.status == 500
    assert await api.json() == {"error": "Internal Server Error"}


async def test_api_paths_get_json_errors_not_pages(client: TestClient):
    reply = await client.get("/api/nothing-here")
    assert reply.status == 404
    assert reply.content_type == "application/json"
    assert "error" in await reply.json()


async def test_every_kind_of_response_carries_the_security_headers(client: TestClient):
    paths = [
        "/", "/healthz", "/static/chat.css", "/static/chat-widget.js",
        "/static/vendor/socket.io.min.js", "/widget/config", "/embed-example", "/missing",
    ]  # fmt: skip
    for path in paths:
        reply = await client.get(path)
        assert "Content-Security-Policy" in reply.headers, path
        assert reply.headers["X-Content-Type-Options"] == "nosniff", path
        assert reply.headers["Referrer-Policy"] == "no-referrer", path
    nlg = await client.post("/nlg", data=b"not json")
    assert "Content-Security-Policy" in nlg.headers


def test_the_policy_allows_scripts_from_this_site_only_and_connections_to_rasa():
    policy = content_security_policy(Settings(rasa_url="https://chat.example.org"))
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"  # no inline styles anywhere
    assert directives["connect-src"] == "'self' https://chat.example.org wss://chat.example.org"
    assert "googleapis" not in policy


async def test_pages_are_still_served_when_the_locales_lack_the_page_texts(
    aiohttp_client, settings: Settings, tmp_path: Path
):
    # As during a partial translation: a locale file with responses but no page_* keys.
    bare = tmp_path / "bare-locales"
    bare.mkdir()
    (bare / "en.yml").write_text("utter_greet: Hello!\n", encoding="utf-8")
    client = await aiohttp_client(create_app(replace(settings, locales_directory=bare)))
    reply = await client.get("/missing")
    assert reply.status == 404
    assert "Not Found" in await reply.text()
    chat = await client.get("/")
    assert chat.status == 200
    assert "chat-widget.js" in await chat.text()
    # The widget gets its texts even so (empty ones), not an error.
    config = await client.get("/widget/config?lang=en")
    assert config.status == 200 and (await config.json())["language"] == "en"
