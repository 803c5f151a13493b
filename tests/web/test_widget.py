"""What the chat widget reads from the web app, and the example page of embedding it."""

from __future__ import annotations

import re

import pytest
from aiohttp.test_utils import TestClient

from web.pages import WIDGET_TEXTS


async def config(client: TestClient, query: str = "", **headers: str) -> dict:
    reply = await client.get(f"/widget/config{query}", headers=headers)
    assert reply.status == 200
    assert reply.content_type == "application/json"
    # Any site that embeds the chat may read it.
    assert reply.headers["Access-Control-Allow-Origin"] == "*"
    # Cached briefly, one copy per browser language (without ?lang= that language chooses).
    assert reply.headers["Cache-Control"] == "public, max-age=300"
    assert "Accept-Language" in reply.headers["Vary"]
    return dict(await reply.json())


async def test_the_config_gives_the_language_its_texts_and_where_rasa_is(client: TestClient):
    body = await config(client, "?lang=fi")
    assert (body["language"], body["dir"]) == ("fi", "ltr")
    assert (body["socketUrl"], body["socketPath"]) == ("http://127.0.0.1:5005", "/socket.io/")
    assert set(body["texts"]) == set(WIDGET_TEXTS)
    assert body["texts"]["send"] == "Lähetä"
    assert body["texts"]["newConversation"] == "FI widget_new_conversation"


async def test_arabic_is_right_to_left(client: TestClient):
    assert (await config(client, "?lang=ar"))["dir"] == "rtl"


async def test_a_regional_tag_or_the_browsers_language_chooses_the_language(client: TestClient):
    assert (await config(client, "?lang=sv-FI"))["language"] == "sv"
    assert (await config(client, "", **{"Accept-Language": "fi-FI,en;q=0.5"}))["language"] == "fi"


@pytest.mark.parametrize(
    "query",
    ["?lang=xx", "?lang=" + "a" * 5000, "?lang=%00%ff", '?lang="><script>', "?lang=&lang=fi"],
)
async def test_an_odd_language_gets_a_working_config_in_english(client: TestClient, query):
    body = await config(client, query, **{"Accept-Language": ""})
    assert body["language"] in ("en", "fi")
    assert body["texts"]["send"] in ("Send", "Lähetä")


async def example(client: TestClient, path: str) -> str:
    reply = await client.get(path)
    assert reply.status == 200
    assert reply.content_type == "text/html"
    return await reply.text()


async def test_the_example_page_embeds_the_chat_with_the_snippet_it_shows(client: TestClient):
    page = await example(client, "/embed-example?lang=fi&municipality=Vantaa")
    assert '<div data-opas-chat data-language="fi" data-municipality="Vantaa"></div>' in page
    assert re.search(r'<script src="http://127\.0\.0\.1:\d+/static/chat-widget\.js" defer>', page)
    # The same code, shown to copy.
    assert "&lt;div data-opas-chat data-language=&quot;fi&quot;" in page
    assert 'href="/embed-example/more?lang=fi&amp;municipality=Vantaa"' in page
    assert '<html lang="fi" dir="ltr">' in page


async def test_the_second_example_page_links_back_and_embeds_the_same_chat(client: TestClient):
    page = await example(client, "/embed-example/more?lang=sv&municipality=Vanda")
    assert 'data-municipality="Vanda"' in page
    assert "SV embed_example_more_intro" in page
    assert 'href="/embed-example?lang=sv&amp;municipality=Vanda"' in page


@pytest.mark.parametrize(
    "municipality",
    ['"><script>alert(1)</script>', "Vantaa'; DROP TABLE x;--", "x" * 200, "12345", ""],
)
async def test_a_hostile_or_odd_municipality_is_left_out_of_the_example(
    client: TestClient, municipality
):
    page = await example(client, f"/embed-example?lang=en&municipality={municipality}")
    assert "data-municipality" not in page
    assert "<script>alert" not in page


async def test_a_municipality_with_a_space_stays_whole_in_the_link_to_the_next_page(
    client: TestClient,
):
    page = await example(client, "/embed-example?lang=sv&municipality=Pedersören kunta")
    assert 'data-municipality="Pedersören kunta"' in page
    assert 'href="/embed-example/more?lang=sv&amp;municipality=Peders%C3%B6ren+kunta"' in page


async def test_other_example_pages_do_not_exist(client: TestClient):
    reply = await client.get("/embed-example/other")
    assert reply.status == 404
