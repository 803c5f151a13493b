"""The handoff loop with the three real processes: a website user on a real socket.io client
asks for a person; an adviser logs in through the API, claims, replies; the bot stays silent;
the adviser resolves; the bot answers again. And a claimed conversation stays with the adviser
when Rasa restarts."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import socketio

from knowledge.db import session_scope
from web.advisers import create_user

pytestmark = pytest.mark.e2e

PASSWORD = "e2e adviser passphrase"


@pytest.fixture
def adviser(knowledge_engine: Any) -> str:
    name = f"adviser-{uuid.uuid4().hex[:8]}"
    with session_scope(knowledge_engine) as session:
        create_user(session, name, "national", PASSWORD, admin=False)
    return name


class WebsiteUser:
    """The chat widget's side of socket.io: one session, the bot's messages in a queue."""

    def __init__(self, rasa_url: str) -> None:
        self.rasa_url = rasa_url
        self.session_id = uuid.uuid4().hex
        self.client = socketio.AsyncClient(reconnection=False)
        self.replies: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def __aenter__(self) -> WebsiteUser:
        confirmed = asyncio.Event()
        self.client.on("session_confirm", lambda *_: confirmed.set())
        self.client.on("bot_uttered", self.replies.put_nowait)
        await self.client.connect(self.rasa_url, socketio_path="/socket.io",
                                  transports=["websocket"])  # fmt: skip
        await self.client.emit("session_request", {"session_id": self.session_id})
        await asyncio.wait_for(confirmed.wait(), timeout=10)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.client.disconnect()

    async def say(self, text: str) -> None:
        await self.client.emit(
            "user_uttered",
            {"message": text, "session_id": self.session_id, "customData": {"language": "en"}},
        )

    async def hears(self, timeout: float = 30) -> str:
        return str((await asyncio.wait_for(self.replies.get(), timeout=timeout))["text"])

    async def hears_nothing(self, seconds: float) -> bool:
        try:
            await asyncio.wait_for(self.replies.get(), timeout=seconds)
        except TimeoutError:
            return True
        return False


@pytest.fixture
async def console(stack: Any, adviser: str) -> AsyncIterator[Any]:
    """An adviser's HTTP session with the web app, logged in; `.csrf` holds the token."""
    # unsafe: aiohttp otherwise keeps no cookies from an IP address such as 127.0.0.1.
    async with aiohttp.ClientSession(
        base_url=stack.web_url, cookie_jar=aiohttp.CookieJar(unsafe=True)
    ) as http:
        async with http.post("/api/login", json={"username": adviser, "password": PASSWORD}) as r:
            assert r.status == 200, await r.text()
            http.csrf = (await r.json())["csrf_token"]  # type: ignore[attr-defined]
        yield http


async def find_handoff(http: Any, marker: str) -> dict[str, Any]:
    """The waiting handoff whose summary holds the marker the user wrote."""
    for _ in range(20):
        async with http.get("/api/handoffs?status=waiting") as response:
            for handoff in (await response.json())["handoffs"]:
                if marker in handoff["summary"]:
                    return dict(handoff)
        await asyncio.sleep(0.25)
    raise AssertionError(f"no waiting handoff mentions {marker}")


async def post(http: Any, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    async with http.post(path, json=body or {}, headers={"X-CSRF-Token": http.csrf}) as response:
        assert response.status == 200, await response.text()
        return dict(await response.json())


async def test_the_whole_loop_on_the_website_channel(stack, console, catalog):
    marker = uuid.uuid4().hex[:6]
    async with WebsiteUser(stack.rasa_url) as user:
        await user.say(f"I want to talk to a person about case {marker}")
        queued = await user.hears()
        assert queued.startswith("I've passed your conversation to an adviser")

        handoff = await find_handoff(console, marker)
        path = f"/api/handoffs/{handoff['id']}"
        async with console.ws_connect("/api/live") as live:
            claimed = await post(console, f"{path}/claim")
            assert claimed["status"] == "claimed"
            assert await user.hears() == catalog.render("utter_adviser_joined", "en")["text"]

            await post(console, f"{path}/messages", {"text": "Hello, I'm Maija. How can I help?"})
            assert await user.hears() == "Adviser: Hello, I'm Maija. How can I help?"

            # The bot stays silent while the adviser holds the conversation ...
            await user.say("where do I register as a jobseeker?")
            assert await user.hears_nothing(4)
            # ... and the adviser sees the message arrive.
            async with asyncio.timeout(10):
                while True:
                    frame = await live.receive_json()
                    if frame["type"] == "message" and frame["message"]["author"] == "user":
                        break
            assert frame["message"]["text"] == "where do I register as a jobseeker?"

        resolved = await post(console, f"{path}/resolve", {"outcome": "answered"})
        assert resolved["status"] == "resolved"
        assert await user.hears() == catalog.render("utter_handoff_ended", "en")["text"]

        await user.say("hello")
        assert await user.hears() == catalog.render("utter_greet", "en")["text"]


async def test_a_claimed_conversation_stays_with_the_adviser_when_rasa_restarts(
    stack, console, conversation, catalog
):
    marker = uuid.uuid4().hex[:6]
    say = conversation("en")
    say(f"I want to talk to a person, case {marker}")
    handoff = await find_handoff(console, marker)
    path = f"/api/handoffs/{handoff['id']}"
    await post(console, f"{path}/claim")

    await asyncio.to_thread(stack.restart_process, "rasa")  # its in-memory trackers are gone

    # A REST user collects what the adviser sent with their next message; the bot says nothing.
    reply = say("hello, are you still there?")
    assert [m["text"] for m in reply] == [catalog.render("utter_adviser_joined", "en")["text"]]
    async with console.get(path) as response:
        detail = await response.json()
    assert detail["transcript"][-1]["text"] == "hello, are you still there?"
    await post(console, f"{path}/messages", {"text": "Yes, I'm here."})
    assert [m["text"] for m in say("ok")] == ["Adviser: Yes, I'm here."]
