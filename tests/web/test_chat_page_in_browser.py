"""The chat widget in Debian's Chromium, talking to a stand-in for Rasa's socket.io channel.

The stand-in makes the widget's own behaviour testable in isolation: what it sends, how it
draws what it gets, reloads, new conversations, and a server that goes away and comes back.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import socketio
from aiohttp import web
from playwright.async_api import Browser, Page, async_playwright

from web.app import create_app
from web.settings import DEFAULT_SOCKETIO_CLIENT, Settings

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
LINK_REQUEST = "links please"
CHOICE_REQUEST = "choices please"
CHOICES = [
    {"content_type": "text", "title": "Kyllä olen", "payload": "/affirm"},
    {"content_type": "text", "title": "En ole", "payload": "/deny"},
]
# A bot message with Markdown and raw HTML: shown as the text it is, its address a link.
LINK_REPLY = "See [Kela](https://www.kela.fi/) <b>now</b> <img src=x onerror=alert(1)>"


@dataclass
class FakeRasa:
    """What Rasa's socketio channel does, as far as the widget can tell, and what it heard."""

    url: str = ""
    heard: list[dict[str, Any]] = field(default_factory=list)

    async def said(self, message: str, timeout: float = 10) -> dict[str, Any]:
        """The first user_uttered with this text, waiting for it to arrive."""
        async with asyncio.timeout(timeout):
            while True:
                for data in self.heard:
                    if data.get("message") == message:
                        return data
                await asyncio.sleep(0.05)

    async def greetings(self, count: int, timeout: float = 10) -> list[dict[str, Any]]:
        async with asyncio.timeout(timeout):
            while len(found := [d for d in self.heard if d.get("message") == "/greet"]) < count:
                await asyncio.sleep(0.05)
        return found


@pytest.fixture
async def fake_rasa(aiohttp_server) -> FakeRasa:  # type: ignore[no-untyped-def]
    fake = FakeRasa()
    server = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*")

    @server.on("session_request")
    async def session_request(sid: str, data: dict[str, Any] | None) -> None:
        session_id = (data or {}).get("session_id") or uuid.uuid4().hex
        await server.emit("session_confirm", session_id, room=sid)

    @server.on("user_uttered")
    async def user_uttered(sid: str, data: dict[str, Any]) -> None:
        fake.heard.append(data)
        if data.get("message") == "/greet":
            language = (data.get("customData") or {}).get("language")
            await server.emit("bot_uttered", {"text": f"greeting in {language}"}, room=sid)
        elif data.get("message") == LINK_REQUEST:
            await server.emit("bot_uttered", {"text": LINK_REPLY}, room=sid)
        elif data.get("message") == CHOICE_REQUEST:
            question = {"text": "Oletko?", "quick_replies": CHOICES}
            await server.emit("bot_uttered", question, room=sid)
        else:
            # Odd shapes a channel might send: the widget must draw nothing and keep working.
            for odd in (None, "text", [1, 2], {"attachment": {"type": "video"}}, {"text": 5}):
                await server.emit("bot_uttered", odd, room=sid)

    app = web.Application()
    server.attach(app)
    running = await aiohttp_server(app)
    fake.url = str(running.make_url("")).rstrip("/")
    return fake


@pytest.fixture
async def site(aiohttp_server, settings: Settings, fake_rasa: FakeRasa) -> str:  # type: ignore[no-untyped-def]
    real_widget = replace(settings, rasa_url=fake_rasa.url, socketio_client=DEFAULT_SOCKETIO_CLIENT)
    running = await aiohttp_server(create_app(real_widget))
    return str(running.make_url("")).rstrip("/")


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    assert CHROMIUM.exists(), "Debian's Chromium is needed: apt-get install chromium"
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        await launched.close()


@pytest.fixture
async def phone(browser: Browser, site: str) -> AsyncIterator[Page]:
    # Needs the site so that the page closes before the servers stop: an open socket would
    # hold their shutdown.
    context = await browser.new_context(viewport={"width": 375, "height": 667})
    page = await context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    yield page
    await context.close()
    assert dialogs == [], "a script ran that should not have"


async def send(page: Page, text: str) -> None:
    box = page.locator(".opas-input")
    await box.fill(text)
    await box.press("Enter")


async def test_the_conversation_starts_with_greet_in_the_pages_language(
    phone: Page, site: str, fake_rasa: FakeRasa
):
    await phone.goto(f"{site}/?lang=sv")
    (greeting,) = await fake_rasa.greetings(1)
    assert greeting["customData"] == {"language": "sv"}
    await phone.locator(".opas-bot", has_text="greeting in sv").wait_for()


async def test_markup_the_user_types_is_shown_as_text(phone: Page, site: str, fake_rasa: FakeRasa):
    await phone.goto(f"{site}/?lang=en")
    await fake_rasa.greetings(1)
    typed = "<img src=x onerror=alert(1)>"
    await send(phone, typed)
    await fake_rasa.said(typed)
    bubble = phone.locator(".opas-user").last
    assert await bubble.locator(".opas-paragraph").inner_text() == typed
    assert await phone.locator('[data-opas-chat] img[src="x"]').count() == 0


async def test_links_from_the_bot_open_in_a_new_tab_and_its_html_stays_text(
    phone: Page, site: str, fake_rasa: FakeRasa
):
    await phone.goto(f"{site}/?lang=en")
    await fake_rasa.greetings(1)
    await send(phone, LINK_REQUEST)
    link = phone.locator('.opas-bot a[href="https://www.kela.fi/"]')
    await link.wait_for()
    assert await link.get_attribute("target") == "_blank"
    assert "noopener" in (await link.get_attribute("rel") or "")
    reply = phone.locator(".opas-bot", has=phone.locator('a[href="https://www.kela.fi/"]'))
    assert "<b>now</b>" in await reply.inner_text()
    assert await phone.locator('[data-opas-chat] b, [data-opas-chat] img[src="x"]').count() == 0


async def test_choosing_another_language_starts_a_new_conversation_in_it(
    phone: Page, site: str, fake_rasa: FakeRasa
):
    await phone.goto(f"{site}/?lang=fi")
    (finnish,) = await fake_rasa.greetings(1)
    await phone.get_by_role("link", name="Svenska").click()
    await phone.wait_for_url("**/?lang=sv")
    swedish = (await fake_rasa.greetings(2))[1]
    assert swedish["customData"] == {"language": "sv"}
    assert swedish["session_id"] != finnish["session_id"]
    assert await phone.locator("html").get_attribute("lang") == "sv"


async def test_reloading_in_the_same_language_keeps_the_conversation(
    phone: Page, site: str, fake_rasa: FakeRasa
):
    await phone.goto(f"{site}/?lang=fi")
    (first,) = await fake_rasa.greetings(1)
    await send(phone, "hei")
    heard = await fake_rasa.said("hei")
    await phone.reload()
    await phone.locator(".opas-user", has_text="hei").wait_for()
    assert heard["session_id"] == first["session_id"]


async def test_the_chat_fills_a_phone_screen_and_names_its_controls(phone: Page, site: str):
    await phone.goto(f"{site}/?lang=fi")
    box = phone.get_by_role("textbox", name="FI widget_input_label")
    await box.wait_for()
    bounds = await box.bounding_box()
    assert bounds is not None
    assert bounds["y"] + bounds["height"] <= 667, "the message box is below the screen"
    chat = await phone.locator("[data-opas-chat]").bounding_box()
    assert chat is not None and chat["height"] >= 300
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert await box.get_attribute("placeholder") == "Kirjoita kysymyksesi"
    assert await phone.get_by_role("button", name="Lähetä").is_visible()
    assert await phone.get_by_role("button", name="FI widget_new_conversation").is_visible()


async def test_arabic_reads_right_to_left_with_links_left_to_right(
    phone: Page, site: str, fake_rasa: FakeRasa
):
    await phone.goto(f"{site}/?lang=ar")
    await fake_rasa.greetings(1)
    assert await phone.get_attribute("html", "dir") == "rtl"
    await send(phone, LINK_REQUEST)
    link = phone.locator('.opas-bot a[href="https://www.kela.fi/"]')
    await link.wait_for()

    async def computed(css: str, prop: str) -> str:
        return str(await phone.locator(css).last.evaluate(f"e => getComputedStyle(e).{prop}"))

    assert await computed(".opas", "direction") == "rtl"
    assert await computed(".opas-input", "direction") == "rtl"
    assert await computed(".opas-send", "direction") == "rtl"
    assert await computed(".opas-link", "direction") == "ltr"
    assert await computed(".opas-link", "unicodeBidi") == "isolate"
    # The user's own bubble sits on the left in a right-to-left page, the bot's on the right.
    bubble = await phone.locator(".opas-user").last.bounding_box()
    assert bubble is not None and bubble["x"] < 375 / 4
    answer = await phone.locator(".opas-bot").last.bounding_box()
    assert answer is not None and answer["x"] + answer["width"] > 375 * 3 / 4


async def test_choices_are_buttons_that_send_their_payload_and_then_go_away(
    phone: Page, site: str, fake_rasa: FakeRasa
):
    await phone.goto(f"{site}/?lang=fi")
    await fake_rasa.greetings(1)
    await send(phone, CHOICE_REQUEST)
    group = phone.get_by_role("group", name="FI widget_choices")
    await group.get_by_role("button", name="En ole").click()
    chosen = await fake_rasa.said("/deny")
    assert chosen["customData"] == {"language": "fi"}
    await phone.locator(".opas-user", has_text="En ole").wait_for()
    assert await phone.locator(".opas-choice").count() == 0
    # Focus is back in the message box, ready for the next message.
    assert (
        await phone.evaluate(
            "document.querySelector('[data-opas-chat]').shadowRoot.activeElement.className"
        )
        == "opas-input"
    )


async def test_reloading_redraws_the_conversation_without_greeting_again(
    phone: Page, site: str, fake_rasa: FakeRasa
):
    await phone.goto(f"{site}/?lang=fi")
    await fake_rasa.greetings(1)
    await send(phone, CHOICE_REQUEST)
    await phone.get_by_role("button", name="Kyllä olen").wait_for()
    await phone.reload()
    await phone.locator(".opas-bot", has_text="greeting in fi").wait_for()
    # The question's buttons are still there after the reload, and still work.
    await phone.get_by_role("button", name="Kyllä olen").click()
    await fake_rasa.said("/affirm")
    assert len(await fake_rasa.greetings(1)) == 1


async def test_a_new_conversation_clears_the_log_and_starts_a_new_session(
    phone: Page, site: str, fake_rasa: FakeRasa
):
    await phone.goto(f"{site}/?lang=fi")
    (first,) = await fake_rasa.greetings(1)
    await send(phone, "hei")
    await fake_rasa.said("hei")
    await phone.get_by_role("button", name="FI widget_new_conversation").click()
    second = (await fake_rasa.greetings(2))[1]
    assert second["session_id"] != first["session_id"]
    await phone.locator(".opas-bot", has_text="greeting in fi").wait_for()
    assert await phone.locator(".opas-user").count() == 0
    assert await phone.locator(".opas-bot").count() == 1


async def test_the_embedded_widget_passes_the_sites_municipality_with_every_message(
    phone: Page, site: str, fake_rasa: FakeRasa
):
    await phone.goto(f"{site}/embed-example?lang=sv&municipality=Vantaa")
    (greeting,) = await fake_rasa.greetings(1)
    assert greeting["customData"] == {"language": "sv", "municipality": "Vantaa"}
    await send(phone, "hej")
    assert (await fake_rasa.said("hej"))["customData"]["municipality"] == "Vantaa"
    # The next page of the same site continues the same conversation.
    await phone.get_by_role("link", name="SV embed_example_more_link").click()
    await phone.locator(".opas-user", has_text="hej").wait_for()
    await send(phone, "igen")
    assert (await fake_rasa.said("igen"))["session_id"] == greeting["session_id"]
    assert len(await fake_rasa.greetings(1)) == 1
