"""The chat widget in Debian's Chromium when the connection fails, and at large text sizes.

A stand-in for Rasa's socket.io channel that can be switched off (its handshake then fails,
as when Rasa is down) shows what a reader relies on: what they type while Opas is unreachable
is kept, marked, and sent once it is back, even across a reload.
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
STORE_KEY = "opas-chat:v1"


@dataclass
class SwitchableRasa:
    """Rasa's socketio channel as the widget sees it; `up = False` fails every handshake."""

    url: str = ""
    up: bool = True
    websocket_blocked: bool = False
    heard: list[dict[str, Any]] = field(default_factory=list)
    server: socketio.AsyncServer | None = None

    def messages(self) -> list[str]:
        return [str(data.get("message")) for data in self.heard]

    async def said(self, message: str, timeout: float = 15) -> dict[str, Any]:
        async with asyncio.timeout(timeout):
            while True:
                for data in self.heard:
                    if data.get("message") == message:
                        return data
                await asyncio.sleep(0.05)


@pytest.fixture
async def rasa(aiohttp_server) -> SwitchableRasa:  # type: ignore[no-untyped-def]
    fake = SwitchableRasa()
    server = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*")
    fake.server = server

    @server.on("session_request")
    async def session_request(sid: str, data: Any) -> None:
        session_id = (data or {}).get("session_id") or uuid.uuid4().hex
        await server.enter_room(sid, session_id)
        await server.emit("session_confirm", session_id, room=sid)

    @server.on("user_uttered")
    async def user_uttered(sid: str, data: dict[str, Any]) -> None:
        fake.heard.append(data)
        await server.emit("bot_uttered", {"text": f"echo {data.get('message')}"}, room=sid)

    @web.middleware
    async def down(request: web.Request, handler):  # type: ignore[no-untyped-def]
        if not request.path.startswith("/socket.io"):
            return await handler(request)
        if not fake.up:
            return web.Response(status=503)
        if fake.websocket_blocked and request.query.get("transport") == "websocket":
            return web.Response(status=403)  # a proxy that lets no WebSocket through
        return await handler(request)

    app = web.Application(middlewares=[down])
    server.attach(app)
    running = await aiohttp_server(app)
    fake.url = str(running.make_url("")).rstrip("/")
    return fake


@pytest.fixture
async def site(aiohttp_server, settings: Settings, rasa: SwitchableRasa) -> str:  # type: ignore[no-untyped-def]
    real_widget = replace(settings, rasa_url=rasa.url, socketio_client=DEFAULT_SOCKETIO_CLIENT)
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
    context = await browser.new_context(viewport={"width": 375, "height": 667})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    await context.close()
    assert errors == [], "the widget threw"


async def send(page: Page, text: str) -> None:
    box = page.locator(".opas-input")
    await box.fill(text)
    await box.press("Enter")


async def go_offline(page: Page, rasa: SwitchableRasa) -> None:
    """Rasa goes away: the connection drops and every new handshake fails."""
    rasa.up = False
    await page.context.set_offline(True)
    status = page.get_by_role("status")
    await status.filter(has_text="FI widget_unreachable").wait_for(timeout=10_000)
    await page.context.set_offline(False)


async def test_a_message_typed_while_opas_is_unreachable_is_sent_when_it_is_back(
    phone: Page, site: str, rasa: SwitchableRasa
):
    await phone.goto(f"{site}/?lang=fi")
    await phone.locator(".opas-bot", has_text="echo /greet").wait_for()
    await go_offline(phone, rasa)
    await send(phone, "odottava viesti")
    bubble = phone.locator(".opas-user", has_text="odottava viesti")
    await bubble.locator(".opas-pending", has_text="FI widget_not_sent").wait_for()
    # The box stays usable while waiting.
    assert await phone.locator(".opas-input").is_editable()
    rasa.up = True
    await phone.locator(".opas-bot", has_text="echo odottava viesti").wait_for(timeout=15_000)
    assert await bubble.locator(".opas-pending").count() == 0
    assert await phone.get_by_role("status").text_content() == ""
    assert rasa.messages().count("odottava viesti") == 1


async def test_a_waiting_message_is_still_sent_after_a_reload(
    phone: Page, site: str, rasa: SwitchableRasa
):
    await phone.goto(f"{site}/?lang=fi")
    first = await rasa.said("/greet")
    await go_offline(phone, rasa)
    await send(phone, "odottava viesti")
    await phone.locator(".opas-pending").wait_for()
    await phone.reload()
    await phone.locator(".opas-pending").wait_for()
    rasa.up = True
    sent = await rasa.said("odottava viesti")
    assert sent["session_id"] == first["session_id"]
    await phone.locator(".opas-bot", has_text="echo odottava viesti").wait_for()
    assert await phone.locator(".opas-pending").count() == 0
    assert rasa.messages().count("/greet") == 1


async def test_the_widget_reconnects_when_the_server_ends_the_connection(
    phone: Page, site: str, rasa: SwitchableRasa
):
    await phone.goto(f"{site}/?lang=fi")
    await rasa.said("/greet")
    assert rasa.server is not None
    for sid, _ in list(rasa.server.manager.get_participants("/", None)):
        await rasa.server.disconnect(sid)
    # socket.io itself does not retry after a server-side disconnect; the widget does.
    await phone.locator(".opas-bot", has_text="echo /greet").wait_for()
    await phone.wait_for_timeout(5_000)
    await send(phone, "taas yhteys")
    await rasa.said("taas yhteys")
    await phone.locator(".opas-bot", has_text="echo taas yhteys").wait_for()


async def test_a_new_conversation_is_announced_in_the_status_line(
    phone: Page, site: str, rasa: SwitchableRasa
):
    await phone.goto(f"{site}/?lang=fi")
    await phone.locator(".opas-bot", has_text="echo /greet").wait_for()
    status = phone.get_by_role("status")
    # Empty, yet in the page: a live region must exist before what it announces arrives.
    assert await status.text_content() == ""
    assert await status.evaluate("e => getComputedStyle(e).display") != "none"
    await phone.get_by_role("button", name="FI widget_new_conversation").click()
    await status.filter(has_text="FI widget_new_conversation_started").wait_for()
    # The announcement goes once the reader carries on.
    await send(phone, "hei")
    await phone.locator(".opas-bot", has_text="echo hei").wait_for()
    assert await status.text_content() == ""


async def test_odd_stored_data_does_not_stop_the_widget(
    phone: Page, site: str, rasa: SwitchableRasa
):
    await phone.goto(f"{site}/?lang=fi")
    await rasa.said("/greet")
    # Another script on the host page, or an older version, left this in the tab's storage.
    odd = {
        "language": "fi",
        "municipality": "",
        "sessionId": 7,
        "greeted": True,
        "messages": [None, 5, "text", {"from": "bot", "text": {"a": 1}, "choices": "no"},
                     {"from": "bot", "text": "vanha viesti", "choices": [None, {"title": 1}]}],
    }  # fmt: skip
    await phone.evaluate(
        "([key, value]) => sessionStorage.setItem(key, JSON.stringify(value))", [STORE_KEY, odd]
    )
    await phone.reload()
    await phone.locator(".opas-bot", has_text="vanha viesti").wait_for()
    assert await phone.locator(".opas-choice").count() == 0
    await send(phone, "toimiiko")
    await phone.locator(".opas-bot", has_text="echo toimiiko").wait_for()


async def test_at_200_percent_text_the_chat_stays_usable_on_a_phone(
    phone: Page, site: str, rasa: SwitchableRasa
):
    await phone.goto(f"{site}/?lang=fi")
    await phone.locator(".opas-bot", has_text="echo /greet").wait_for()
    # The reader's own text size (CSSOM, which the page's CSP allows).
    await phone.evaluate("document.documentElement.style.fontSize = '200%'")
    widget = await phone.locator("[data-opas-chat]").bounding_box()
    assert widget is not None and widget["height"] >= 300, "the chat collapsed under the header"
    for control in (".opas-input", ".opas-send", ".opas-new"):
        box = phone.locator(control)
        bounds = await box.bounding_box()
        assert bounds is not None and bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= 375
        clipped = await box.evaluate("e => e.scrollWidth > e.clientWidth + 1")
        assert not clipped, f"{control}: text cut off"
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 375


async def test_behind_a_proxy_that_blocks_websockets_the_widget_falls_back_to_polling(
    phone: Page, site: str, rasa: SwitchableRasa
):
    rasa.websocket_blocked = True
    await phone.goto(f"{site}/?lang=fi")
    await phone.locator(".opas-bot", has_text="echo /greet").wait_for(timeout=15_000)
    await send(phone, "hei")
    await phone.locator(".opas-bot", has_text="echo hei").wait_for()
