"""Handoffs from Telegram and WhatsApp: the web app sends the adviser's words itself.

Rasa records them (without side effects: its conversations API cannot send on these channels),
and stand-ins for Telegram's Bot API and Twilio's Messages API record what would have been
delivered.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from tests.web.handoff_support import (
    BEARER,
    FakeRasa,
    add_adviser,
    database,
    handoff_settings,
    loaded_database,
    log_in,
    request_handoff,
)
from web.app import create_app

CSRF = "X-CSRF-Token"
TOKEN = "123456:test-token"
CHAT = "987654"


@dataclass
class FakeBotApi:
    """What Telegram's sendMessage took, per chat; `down` makes it refuse."""

    url: str = ""
    down: bool = False
    sent: list[dict[str, Any]] = field(default_factory=list)

    def app(self) -> web.Application:
        async def send_message(request: web.Request) -> web.Response:
            if request.match_info["token"] != TOKEN:
                return web.json_response({"ok": False, "description": "Unauthorized"}, status=401)
            if self.down:
                return web.json_response({"ok": False, "description": "busy"}, status=502)
            body = await request.json()
            self.sent.append(body)
            return web.json_response({"ok": True, "result": {"message_id": len(self.sent)}})

        app = web.Application()
        app.router.add_post("/bot{token}/sendMessage", send_message)
        return app

    def texts(self, chat_id: str) -> list[str]:
        return [m["text"] for m in self.sent if str(m["chat_id"]) == chat_id]


@dataclass
class FakeTwilio:
    """What Twilio's Messages API took, and with which credentials."""

    url: str = ""
    sent: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def app(self) -> web.Application:
        async def create(request: web.Request) -> web.Response:
            form = {key: str(value) for key, value in (await request.post()).items()}
            self.sent.append((request.headers.get("Authorization", ""), form))
            return web.json_response({"sid": "SM1", "status": "queued"}, status=201)

        app = web.Application()
        app.router.add_post("/2010-04-01/Accounts/{sid}/Messages.json", create)
        return app


@pytest.fixture
async def rasa(aiohttp_server) -> FakeRasa:  # type: ignore[no-untyped-def]
    fake = FakeRasa()
    fake.url = str((await aiohttp_server(fake.app())).make_url("")).rstrip("/")
    return fake


@pytest.fixture
async def telegram(aiohttp_server) -> FakeBotApi:  # type: ignore[no-untyped-def]
    fake = FakeBotApi()
    fake.url = str((await aiohttp_server(fake.app())).make_url("")).rstrip("/")
    return fake


@pytest.fixture
async def twilio(aiohttp_server) -> FakeTwilio:  # type: ignore[no-untyped-def]
    fake = FakeTwilio()
    fake.url = str((await aiohttp_server(fake.app())).make_url("")).rstrip("/")
    return fake


@pytest.fixture(scope="module")
def knowledge_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return loaded_database(tmp_path_factory.mktemp("knowledge") / "knowledge.db")


@pytest.fixture
async def client(aiohttp_client, tmp_path, knowledge_file, rasa, telegram) -> TestClient:  # type: ignore[no-untyped-def]
    shutil.copyfile(knowledge_file, tmp_path / "handoffs.db")
    settings = handoff_settings(
        tmp_path, rasa.url, telegram_token=TOKEN, telegram_api_url=telegram.url
    )
    add_adviser(database(settings), "noora", "national")
    return await aiohttp_client(create_app(settings))


async def claim(client: TestClient, sender: str) -> tuple[str, str]:
    created = await request_handoff(client, sender, channel="telegram")
    token = await log_in(client, "noora")
    handoff = f"/api/handoffs/{created['id']}"
    assert (await client.post(f"{handoff}/claim", headers={CSRF: token})).status == 200
    return handoff, token


async def inbound(client: TestClient, sender: str, text: str) -> dict[str, Any]:
    reply = await client.post(
        "/internal/inbound", json={"sender_id": sender, "text": text}, headers=BEARER
    )
    return dict(await reply.json())


async def test_the_advisers_reply_reaches_the_telegram_user_and_is_recorded_in_rasa(
    client, rasa, telegram
):
    handoff, token = await claim(client, CHAT)
    sent = await client.post(f"{handoff}/messages", json={"text": "Hei, autan mielelläni."},
                             headers={CSRF: token})  # fmt: skip
    assert (await sent.json())["delivered"] is True
    assert telegram.texts(CHAT)[-1] == "Adviser: Hei, autan mielelläni."
    # Recorded in the conversation, without Rasa trying to send it itself.
    shown = telegram.texts(CHAT)[-1]
    [query] = [
        q for sender, q, events in rasa.appended
        if sender == CHAT and any(e.get("text") == shown for e in events)
    ]  # fmt: skip
    assert query["execute_side_effects"] == "false"
    # Delivered once: the user's next message does not bring it again.
    assert (await inbound(client, CHAT, "kiitos"))["deliver"] == []


async def test_joined_and_finished_notices_go_through_telegram_too(client, telegram, rasa):
    handoff, token = await claim(client, CHAT)
    resolved = await client.post(f"{handoff}/resolve", json={"outcome": "answered"},
                                 headers={CSRF: token})  # fmt: skip
    assert resolved.status == 200
    texts = telegram.texts(CHAT)
    assert len(texts) == 2  # "an adviser has joined", then "back with Opas"
    assert {"event": "resume"} in rasa.events_for(CHAT)


async def test_a_long_reply_in_paragraphs_arrives_whole(client, telegram):
    handoff, token = await claim(client, CHAT)
    text = "Ensimmäinen kappale. " * 40 + "\n\n" + "Toinen kappale. " * 60
    await client.post(f"{handoff}/messages", json={"text": text.strip()}, headers={CSRF: token})
    assert telegram.texts(CHAT)[-1] == f"Adviser: {text.strip()}"


async def test_with_telegram_down_the_reply_waits_for_the_users_next_message(client, telegram):
    handoff, token = await claim(client, CHAT)
    telegram.down = True
    sent = await client.post(f"{handoff}/messages", json={"text": "Oletko siellä?"},
                             headers={CSRF: token})  # fmt: skip
    assert (await sent.json())["delivered"] is False
    assert (await inbound(client, CHAT, "olen"))["deliver"] == ["Adviser: Oletko siellä?"]


async def test_with_rasa_down_telegram_is_not_used_and_the_reply_waits(client, rasa, telegram):
    handoff, token = await claim(client, CHAT)
    before = len(telegram.sent)
    rasa.down = True
    await client.post(f"{handoff}/messages", json={"text": "Hetki vain."}, headers={CSRF: token})
    # Sent only once Rasa has recorded it; the next message brings it, with Rasa in step.
    assert len(telegram.sent) == before
    assert (await inbound(client, CHAT, "?"))["deliver"] == ["Adviser: Hetki vain."]


async def test_a_website_conversation_never_goes_through_telegram(client, rasa, telegram):
    created = await request_handoff(client, "web-user", channel="socketio")
    token = await log_in(client, "noora")
    handoff = f"/api/handoffs/{created['id']}"
    await client.post(f"{handoff}/claim", headers={CSRF: token})
    await client.post(f"{handoff}/messages", json={"text": "Hei"}, headers={CSRF: token})
    assert telegram.sent == []
    assert rasa.bot_texts("web-user")[-1] == "Adviser: Hei"


async def test_a_whatsapp_user_gets_the_advisers_reply_through_twilio(
    aiohttp_client, tmp_path, knowledge_file, rasa, twilio, monkeypatch
):
    monkeypatch.setattr("web.twilio.API_URL", twilio.url)
    shutil.copyfile(knowledge_file, tmp_path / "handoffs.db")
    sid, number, user = "AC" + "1" * 32, "whatsapp:+3580000000", "whatsapp:+358401234567"
    settings = handoff_settings(tmp_path, rasa.url, twilio=(sid, "auth-token", number))
    add_adviser(database(settings), "noora", "national")
    client = await aiohttp_client(create_app(settings))
    created = await request_handoff(client, user, channel="twilio")
    token = await log_in(client, "noora")
    handoff = f"/api/handoffs/{created['id']}"
    await client.post(f"{handoff}/claim", headers={CSRF: token})
    sent = await client.post(f"{handoff}/messages", json={"text": "Hei!"}, headers={CSRF: token})
    assert (await sent.json())["delivered"] is True
    authorization, form = twilio.sent[-1]
    assert form == {"From": number, "To": user, "Body": "Adviser: Hei!"}
    assert authorization.startswith("Basic ")


async def test_a_long_reply_reaches_whatsapp_in_pieces_and_sms_from_the_sms_number(
    aiohttp_client, tmp_path, knowledge_file, rasa, twilio, monkeypatch
):
    monkeypatch.setattr("web.twilio.API_URL", twilio.url)
    shutil.copyfile(knowledge_file, tmp_path / "handoffs.db")
    settings = handoff_settings(
        tmp_path, rasa.url, twilio=("AC" + "2" * 32, "auth-token", "whatsapp:+3580000000")
    )
    add_adviser(database(settings), "noora", "national")
    client = await aiohttp_client(create_app(settings))
    token = await log_in(client, "noora")
    for user in ("whatsapp:+358401111111", "+358402222222"):
        created = await request_handoff(client, user, channel="twilio")
        handoff = f"/api/handoffs/{created['id']}"
        await client.post(f"{handoff}/claim", headers={CSRF: token})
        text = ("Ensimmäinen kappale. " * 50).strip() + "\n\n" + ("Toinen kappale. " * 50).strip()
        sent = await client.post(f"{handoff}/messages", json={"text": text}, headers={CSRF: token})
        assert (await sent.json())["delivered"] is True
    whatsapp = [form for _, form in twilio.sent if form["To"] == "whatsapp:+358401111111"]
    sms = [form for _, form in twilio.sent if form["To"] == "+358402222222"]
    assert all(len(form["Body"]) <= 1600 for form in whatsapp + sms)
    assert {form["From"] for form in whatsapp} == {"whatsapp:+3580000000"}
    assert {form["From"] for form in sms} == {"+3580000000"}
    # The adviser's reply, whole and in order, after the "adviser joined" line.
    assert whatsapp[-2]["Body"].startswith("Adviser: Ensimmäinen kappale.")
    assert whatsapp[-1]["Body"] == ("Toinen kappale. " * 50).strip()
