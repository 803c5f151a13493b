"""The Telegram channel: what each kind of update does, against a recorded Bot API."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest
from rasa.core.channels.channel import register
from rasa.shared.core.events import SlotSet
from sanic import Sanic

from bot.channels.telegram import (
    MAX_TEXT_CHARS,
    OpasTelegramInput,
    OpasTelegramOutput,
    keyboard,
    read_update,
)
from bot.channels.pieces import split_message
from tests.engine.test_channels import FakeAgent

TOKEN = "123456:test-token"
TEXT_ONLY = {"en": "I can only read text.", "fi": "Osaan lukea vain tekstiä."}
APOLOGY = {"en": "Sorry, not now.", "fi": "Anteeksi, ei nyt."}


def private(chat_id: int = 42, **fields: Any) -> dict[str, Any]:
    return {"message_id": 7, "chat": {"id": chat_id, "type": "private"}, **fields}


def text_update(text: str, language: str | None = "fi", chat_id: int = 42) -> dict[str, Any]:
    sender = {"id": chat_id, "is_bot": False, "first_name": "A"}
    if language:
        sender["language_code"] = language
    return {"update_id": 1, "message": private(chat_id, text=text, **{"from": sender})}


# ---- reading updates -------------------------------------------------------------------------


def test_a_text_message_is_read_with_its_chat_and_language():
    incoming = read_update(text_update("Missä on TE-toimisto?", "fi", 99))
    assert (incoming.kind, incoming.chat_id, incoming.text, incoming.language) == (
        "text", "99", "Missä on TE-toimisto?", "fi"
    )  # fmt: skip


@pytest.mark.parametrize("command", ["/start", "/start@OpasBot", "/start from-the-website"])
def test_telegrams_start_command_greets(command):
    assert read_update(text_update(command)).text == "/greet"


def test_a_photo_with_a_caption_is_answered_as_the_caption():
    update = {"update_id": 1, "message": private(photo=[{"file_id": "x"}], caption="Mikä tämä on?")}
    assert read_update(update).text == "Mikä tämä on?"


@pytest.mark.parametrize(
    "media",
    [{"sticker": {"file_id": "s"}}, {"photo": [{"file_id": "p"}]}, {"voice": {"file_id": "v"}},
     {"document": {"file_id": "d"}}, {"location": {"latitude": 60.1, "longitude": 24.9}}],
)  # fmt: skip
def test_media_without_text_is_told_that_opas_reads_text(media):
    assert read_update({"update_id": 1, "message": private(**media)}).kind == "media"


@pytest.mark.parametrize(
    "update",
    [
        {"update_id": 1, "edited_message": private(text="korjattu")},
        {"update_id": 1, "channel_post": {"chat": {"id": 5, "type": "channel"}, "text": "hi"}},
        {"update_id": 1, "my_chat_member": {"chat": {"id": 5}}},
        {"update_id": 1, "poll_answer": {}},
        {"update_id": 1, "message": {"chat": {"id": 5, "type": "group"}, "text": "hi all"}},
        {"update_id": 1, "message": {"text": "no chat"}},
        {"update_id": 1, "message": {"chat": {"id": True}, "text": "odd id"}},
        {"update_id": 1, "message": {"chat": {"id": 5}, "text": "   "}},
        {"update_id": 1, "message": "not an object"},
        {"update_id": 1, "callback_query": {"id": "1", "data": "/affirm"}},
        ["not", "an", "update"],
        None,
    ],
)
def test_edits_groups_unknown_kinds_and_broken_updates_are_ignored(update):
    assert read_update(update).kind == "ignore"


def test_a_pressed_button_sends_its_payload_and_names_the_keyboard():
    update = {
        "update_id": 3,
        "callback_query": {
            "id": "cb1", "data": "/affirm", "from": {"id": 42, "language_code": "ar"},
            "message": private(42, text="Haluatko?", message_id=11),
        },
    }  # fmt: skip
    incoming = read_update(update)
    assert (incoming.kind, incoming.text, incoming.callback_id) == ("text", "/affirm", "cb1")
    assert (incoming.keyboard_message_id, incoming.language) == (11, "ar")


# ---- sending ---------------------------------------------------------------------------------


def test_long_answers_are_cut_between_paragraphs_within_the_limit():
    first, second = "Ensimmäinen kappale. " * 150, "Toinen kappale. " * 150
    pieces = split_message(f"{first.strip()}\n\n{second.strip()}", MAX_TEXT_CHARS)
    # Cut where the paragraphs meet, though a later space would also have fitted.
    assert pieces == [first.strip(), second.strip()]
    assert split_message("lyhyt", MAX_TEXT_CHARS) == ["lyhyt"]
    assert split_message(None, 10) == []


def test_without_paragraphs_the_cut_is_between_lines_then_words_then_anywhere():
    lines = "\n".join(["rivi " * 10] * 10)
    assert all(not piece.endswith("rivi rivi ri") for piece in split_message(lines, 120))
    assert all(len(piece) <= 120 for piece in split_message(lines, 120))
    words = "sana " * 100
    assert all(piece.endswith("sana") for piece in split_message(words, 77))
    assert split_message("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_short_choices_go_two_to_a_row_and_long_ones_one_to_a_row():
    short = keyboard([{"title": t, "payload": f"/{t}"} for t in ("Kyllä", "Ei", "Ehkä")])
    assert short == {"inline_keyboard": [
        [{"text": "Kyllä", "callback_data": "/Kyllä"}, {"text": "Ei", "callback_data": "/Ei"}],
        [{"text": "Ehkä", "callback_data": "/Ehkä"}],
    ]}  # fmt: skip
    long = keyboard([{"title": "Kyllä, haluan puhua ihmisen kanssa", "payload": "/affirm"},
                     {"title": "Ei kiitos", "payload": "/deny"}])  # fmt: skip
    assert [len(row) for row in long["inline_keyboard"]] == [1, 1]


def test_a_payload_too_long_for_telegram_becomes_a_reply_keyboard_of_titles():
    markup = keyboard([{"title": "Helsinki", "payload": "/inform" + "x" * 80}])
    assert markup["keyboard"] == [[{"text": "Helsinki"}]]
    assert markup["one_time_keyboard"] is True


# ---- the webhook -----------------------------------------------------------------------------


class RecordedBotApi:
    """Stands in for the Bot API: records every call; can be made to fail."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.fail = False

    async def request(self, method: str, data: dict[str, Any] | None = None, **_: Any) -> Any:
        if self.fail:
            raise OSError("the Bot API is unreachable")
        self.calls.append((method, dict(data or {})))
        return {"message_id": len(self.calls), "date": 1_700_000_000_000}

    def sent(self) -> list[dict[str, Any]]:
        return [data for method, data in self.calls if method == "sendMessage"]


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    for lang in ("en", "fi"):
        (tmp_path / f"{lang}.yml").write_text(
            f'utter_unavailable: "{APOLOGY[lang]}"\nutter_text_only: "{TEXT_ONLY[lang]}"\n',
            encoding="utf-8",
        )
    return tmp_path


@pytest.fixture
def bot_api(monkeypatch: pytest.MonkeyPatch) -> RecordedBotApi:
    api = RecordedBotApi()
    monkeypatch.setattr(OpasTelegramOutput, "request", lambda self, *a, **k: api.request(*a, **k))
    return api


def telegram_app(
    locales: Path, agent: FakeAgent, monkeypatch: pytest.MonkeyPatch, **env: str
) -> Sanic:
    monkeypatch.delenv("TELEGRAM_TOKEN", raising=False)
    monkeypatch.delenv("TELEGRAM_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    monkeypatch.delenv("HANDOFF_SERVICE_URL", raising=False)
    # Most tests post as the emulator does, without a secret; the secret has tests of its own.
    monkeypatch.setenv("TELEGRAM_WEBHOOK_INSECURE", "1")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = Sanic(f"telegram_{id(agent)}")
    app.ctx.agent = agent
    channel = OpasTelegramInput.from_credentials({"locales_dir": str(locales)})
    register([channel], app, "/webhooks/")
    return app


def post(app: Sanic, body: Any, **headers: str) -> Any:
    data = body if isinstance(body, bytes) else json.dumps(body)
    _, reply = app.test_client.post("/webhooks/telegram/webhook", data=data, headers=headers)
    return reply


def test_without_a_token_the_channel_is_off(locales, monkeypatch, bot_api):
    agent = FakeAgent(reply="Hei!")
    app = telegram_app(locales, agent, monkeypatch)
    reply = post(app, text_update("hei"))
    assert reply.status == 404 and "not configured" in reply.json["error"]
    assert agent.seen == [] and bot_api.calls == []


def test_a_message_reaches_the_bot_in_the_users_language_and_is_answered(
    locales, monkeypatch, bot_api
):
    agent = FakeAgent(reply="Hei! Miten voin auttaa?")
    app = telegram_app(locales, agent, monkeypatch, TELEGRAM_TOKEN=TOKEN)
    reply = post(app, text_update("/start", "fi", 42))
    assert reply.status == 200
    [seen] = agent.seen
    assert (seen.text, seen.sender_id, seen.input_channel) == ("/greet", "42", "telegram")
    assert seen.metadata == {"language": "fi"}
    assert bot_api.sent() == [
        {"chat_id": "42", "text": "Hei! Miten voin auttaa?", "disable_web_page_preview": "true"}
    ]


def test_buttons_arrive_as_an_inline_keyboard(locales, monkeypatch, bot_api):
    class AskingAgent(FakeAgent):
        async def handle_message(self, message):
            self.seen.append(message)
            await message.output_channel.send_response(message.sender_id, {
                "text": "Oletko työnhakija?",
                "buttons": [{"title": "Kyllä", "payload": "/affirm"},
                            {"title": "En", "payload": "/deny"}],
            })  # fmt: skip

    app = telegram_app(locales, AskingAgent(), monkeypatch, TELEGRAM_TOKEN=TOKEN)
    post(app, text_update("kotoutumissuunnitelma"))
    [sent] = bot_api.sent()
    assert json.loads(sent["reply_markup"]) == {"inline_keyboard": [[
        {"text": "Kyllä", "callback_data": "/affirm"}, {"text": "En", "callback_data": "/deny"}
    ]]}  # fmt: skip


def test_a_pressed_button_is_acknowledged_and_its_keyboard_removed(locales, monkeypatch, bot_api):
    agent = FakeAgent(reply="Selvä.")
    app = telegram_app(locales, agent, monkeypatch, TELEGRAM_TOKEN=TOKEN)
    post(app, {"update_id": 5, "callback_query": {
        "id": "cb9", "data": "/affirm", "from": {"id": 42},
        "message": private(42, text="Oletko työnhakija?", message_id=31),
    }})  # fmt: skip
    assert agent.seen[0].text == "/affirm"
    methods = [method for method, _ in bot_api.calls]
    assert methods[:2] == ["answerCallbackQuery", "editMessageReplyMarkup"]
    assert bot_api.calls[1][1]["message_id"] == 31
    assert bot_api.sent()[-1]["text"] == "Selvä."


def test_a_sticker_gets_i_can_only_read_text_in_the_users_language(locales, monkeypatch, bot_api):
    agent = FakeAgent(reply="never")
    app = telegram_app(locales, agent, monkeypatch, TELEGRAM_TOKEN=TOKEN)
    sticker = {"update_id": 1, "message": private(
        42, sticker={"file_id": "s"}, **{"from": {"id": 42, "language_code": "fi"}})}  # fmt: skip
    assert post(app, sticker).status == 200
    assert agent.seen == []
    assert [m["text"] for m in bot_api.sent()] == [TEXT_ONLY["fi"]]


def test_the_conversation_language_wins_over_telegrams_for_the_text_only_reply(
    locales, monkeypatch, bot_api
):
    agent = FakeAgent()
    agent.remember("42", SlotSet("language", "en"))
    app = telegram_app(locales, agent, monkeypatch, TELEGRAM_TOKEN=TOKEN)
    voice = {"update_id": 1, "message": private(
        42, voice={"file_id": "v"}, **{"from": {"id": 42, "language_code": "fi"}})}  # fmt: skip
    post(app, voice)
    assert [m["text"] for m in bot_api.sent()] == [TEXT_ONLY["en"]]


@pytest.mark.parametrize(
    "body",
    [
        {"update_id": 1, "edited_message": private(text="korjattu")},
        {"update_id": 1, "my_chat_member": {}},
        {"update_id": 1},
        ["a", "list"],
        "a string",
        {"update_id": 1, "message": {"chat": {"id": 5, "type": "supergroup"}, "text": "hi"}},
    ],
)
def test_updates_it_does_not_use_are_acknowledged_without_a_reply(
    locales, monkeypatch, bot_api, body
):
    agent = FakeAgent(reply="never")
    app = telegram_app(locales, agent, monkeypatch, TELEGRAM_TOKEN=TOKEN)
    reply = post(app, body)
    assert reply.status == 200 and reply.json == {"ok": True}
    assert agent.seen == [] and bot_api.calls == []


@pytest.mark.parametrize("body", [b"{not json", b"", b"\xff\xfe\x00binary"])
def test_a_body_that_is_not_json_gets_a_json_400(locales, monkeypatch, bot_api, body):
    app = telegram_app(locales, FakeAgent(reply="never"), monkeypatch, TELEGRAM_TOKEN=TOKEN)
    reply = post(app, body)
    assert reply.status == 400 and "JSON" in reply.json["error"]


def test_with_a_secret_set_updates_without_it_are_refused(locales, monkeypatch, bot_api):
    agent = FakeAgent(reply="Hei!")
    app = telegram_app(
        locales, agent, monkeypatch, TELEGRAM_TOKEN=TOKEN, TELEGRAM_WEBHOOK_SECRET="s3cret-value"
    )
    assert post(app, text_update("hei")).status == 403
    wrong = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
    assert post(app, text_update("hei"), **wrong).status == 403
    assert agent.seen == []
    ok = post(app, text_update("hei"), **{"X-Telegram-Bot-Api-Secret-Token": "s3cret-value"})
    assert ok.status == 200 and len(agent.seen) == 1


def test_a_silent_bot_gets_the_apology_in_the_telegram_language(locales, monkeypatch, bot_api):
    app = telegram_app(locales, FakeAgent(reply=None), monkeypatch, TELEGRAM_TOKEN=TOKEN)
    post(app, text_update("hei", "fi"))
    assert [m["text"] for m in bot_api.sent()] == [APOLOGY["fi"]]


def test_an_unreachable_bot_api_still_acknowledges_the_update(locales, monkeypatch, bot_api):
    bot_api.fail = True
    app = telegram_app(locales, FakeAgent(reply="Hei!"), monkeypatch, TELEGRAM_TOKEN=TOKEN)
    reply = post(app, text_update("hei"))
    assert reply.status == 200


def test_the_webhook_is_set_at_start_with_the_secret_and_the_update_kinds(
    locales, monkeypatch, bot_api
):
    app = telegram_app(
        locales, FakeAgent(reply="Hei!"), monkeypatch, TELEGRAM_TOKEN=TOKEN,
        TELEGRAM_WEBHOOK_URL="https://opas.example/webhooks/telegram/webhook",
        TELEGRAM_WEBHOOK_SECRET="s3cret-value",
    )  # fmt: skip
    _, reply = app.test_client.get("/webhooks/telegram/")
    assert reply.status == 200
    [(method, data)] = [call for call in bot_api.calls if call[0] == "setWebhook"]
    assert data["url"] == "https://opas.example/webhooks/telegram/webhook"
    assert data["secret_token"] == "s3cret-value"
    assert json.loads(data["allowed_updates"]) == ["message", "callback_query"]


async def test_two_users_writing_at_once_each_get_their_answer_and_no_apology(
    locales, monkeypatch, bot_api
):
    class SlowAgent(FakeAgent):
        async def handle_message(self, message):
            self.seen.append(message)
            await asyncio.sleep(0.2 if message.sender_id == "1" else 0)
            await message.output_channel.send_response(
                message.sender_id, {"text": f"answer for {message.sender_id}"}
            )

    agent = SlowAgent()
    monkeypatch.setenv("TELEGRAM_TOKEN", TOKEN)
    monkeypatch.delenv("HANDOFF_SERVICE_URL", raising=False)
    channel = OpasTelegramInput.from_credentials({"locales_dir": str(locales)})
    app = Sanic(f"telegram_concurrent_{id(agent)}")
    app.ctx.agent = agent
    channel.holder.app = app
    guarded = channel.guard.wrap(agent.handle_message)
    output = channel.get_output_channel()
    await asyncio.gather(
        channel._handle(read_update(text_update("a", chat_id=1)), guarded, output),
        channel._handle(read_update(text_update("b", chat_id=2)), guarded, output),
    )
    sent = sorted((m["chat_id"], m["text"]) for m in bot_api.sent())
    assert sent == [("1", "answer for 1"), ("2", "answer for 2")]


async def test_each_message_gets_its_own_output_sharing_one_connection_pool():
    root = OpasTelegramOutput(TOKEN, "http://127.0.0.1:1")
    one, two = root.for_one_message(), root.for_one_message()
    assert one is not two and one is not root
    assert one.session is root.session and two.session is root.session


def test_a_webhook_set_here_gets_a_made_up_secret_that_updates_must_carry(
    locales, monkeypatch, bot_api
):
    agent = FakeAgent(reply="Hei!")
    app = telegram_app(
        locales, agent, monkeypatch, TELEGRAM_TOKEN=TOKEN, TELEGRAM_WEBHOOK_INSECURE="",
        TELEGRAM_WEBHOOK_URL="https://opas.example/webhooks/telegram/webhook",
    )  # fmt: skip
    assert post(app, text_update("hei")).status == 403
    [secret] = [data["secret_token"] for method, data in bot_api.calls if method == "setWebhook"]
    assert len(secret) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", secret)
    carried = {"X-Telegram-Bot-Api-Secret-Token": secret}
    assert post(app, text_update("hei"), **carried).status == 200
    assert len(agent.seen) == 1


def test_without_a_secret_or_the_insecure_switch_updates_are_refused(
    locales, monkeypatch, bot_api
):
    agent = FakeAgent(reply="Hei!")
    app = telegram_app(
        locales, agent, monkeypatch, TELEGRAM_TOKEN=TOKEN, TELEGRAM_WEBHOOK_INSECURE=""
    )
    assert post(app, text_update("hei")).status == 403
    assert agent.seen == []


def test_a_secret_header_with_odd_bytes_is_a_403_not_a_500(locales, monkeypatch, bot_api):
    app = telegram_app(
        locales, FakeAgent(reply="Hei!"), monkeypatch, TELEGRAM_TOKEN=TOKEN,
        TELEGRAM_WEBHOOK_SECRET="s3cret-value",
    )  # fmt: skip
    _, reply = app.test_client.post(
        "/webhooks/telegram/webhook", data=json.dumps(text_update("hei")),
        headers={"X-Telegram-Bot-Api-Secret-Token": "s3cré t".encode()},
    )  # fmt: skip
    assert reply.status == 403


def test_an_api_address_that_is_not_http_turns_the_channel_off(locales, monkeypatch, bot_api):
    agent = FakeAgent(reply="Hei!")
    app = telegram_app(
        locales, agent, monkeypatch, TELEGRAM_TOKEN=TOKEN, TELEGRAM_API_URL="localhost:8081"
    )
    assert post(app, text_update("hei")).status == 404
    assert agent.seen == []


def test_a_regional_telegram_language_is_read_as_its_language():
    assert read_update(text_update("hei", "pt-BR")).language == "pt"
    assert read_update(text_update("你好", "zh-hans")).language == "zh"


def test_buttons_without_text_still_arrive(locales, monkeypatch, bot_api):
    class ButtonsOnly(FakeAgent):
        async def handle_message(self, message):
            self.seen.append(message)
            await message.output_channel.send_response(
                message.sender_id, {"text": None, "buttons": [{"title": "Suomi", "payload": "/fi"}]}
            )

    app = telegram_app(locales, ButtonsOnly(), monkeypatch, TELEGRAM_TOKEN=TOKEN)
    post(app, text_update("hei"))
    [sent] = bot_api.sent()
    assert json.loads(sent["reply_markup"])["inline_keyboard"][0][0]["text"] == "Suomi"
