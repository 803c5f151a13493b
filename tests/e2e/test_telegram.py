"""Telegram end to end: users on the Bot API emulator (npm telegram-test-api) talk to the real
stack through its Telegram channel, press keyboard buttons, and get an adviser's reply, which the
web app sends through the Bot API itself."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.e2e.test_handoff import adviser, console, find_handoff, post  # noqa: F401 - fixtures

pytestmark = pytest.mark.e2e


def call(url: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


class TelegramUser:
    """One person in a private chat with the bot, as the emulator's client API sees it."""

    def __init__(self, api: str, chat_id: int, language: str) -> None:
        self.api, self.chat_id = api, chat_id
        self.person = {"id": chat_id, "is_bot": False, "first_name": "Testi",
                       "language_code": language}  # fmt: skip
        self.chat = {"id": chat_id, "type": "private", "first_name": "Testi"}

    def _common(self) -> dict[str, Any]:
        return {"botToken": TELEGRAM_TOKEN, "from": self.person, "chat": self.chat,
                "date": int(time.time())}  # fmt: skip

    def says(self, text: str) -> None:
        call(f"{self.api}/sendMessage", {**self._common(), "text": text})

    def sends(self, **media: Any) -> None:
        call(f"{self.api}/sendMessage", {**self._common(), **media})

    def presses(self, message: dict[str, Any], title: str) -> None:
        rows = message["message"]["reply_markup"]["inline_keyboard"]
        [button] = [b for row in rows for b in row if b["text"] == title]
        pressed_on = {"message_id": message["messageId"], "chat": self.chat}
        call(f"{self.api}/sendCallback", {**self._common(), "message": pressed_on,
                                          "data": button["callback_data"]})  # fmt: skip

    def hears(self, until: Callable[[dict[str, Any]], bool], timeout: float = 30) -> list[dict]:
        """The bot's messages to this chat, collected until one satisfies `until`."""
        heard: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = call(f"{self.api}/getUpdates",
                         {"token": TELEGRAM_TOKEN, "chatId": self.chat_id})["result"]  # fmt: skip
            heard.extend(found)
            if any(until(message) for message in found):
                return heard
            time.sleep(0.2)
        texts = [m["message"].get("text") for m in heard]
        raise AssertionError(f"chat {self.chat_id} never got the expected message; got {texts}")

    def hears_text(self, start: str, timeout: float = 30) -> dict[str, Any]:
        heard = self.hears(lambda m: str(m["message"].get("text", "")).startswith(start), timeout)
        return next(m for m in heard if str(m["message"].get("text", "")).startswith(start))

    def hears_nothing(self, seconds: float) -> bool:
        time.sleep(seconds)
        found = call(f"{self.api}/getUpdates", {"token": TELEGRAM_TOKEN, "chatId": self.chat_id})
        return found["result"] == []


@pytest.fixture
def telegram(telegram_api: str | None, stack: Any) -> Callable[[str], TelegramUser]:
    if telegram_api is None:
        pytest.fail("The Telegram emulator did not start: `npm ci` installs telegram-test-api.")

    def new_user(language: str) -> TelegramUser:
        return TelegramUser(telegram_api, 10_000 + uuid.uuid4().int % 1_000_000, language)

    return new_user


def first_line(catalog: Any, key: str, lang: str, **arguments: Any) -> str:
    return str(catalog.render(key, lang, **arguments)["text"]).split("\n")[0]


def test_a_finnish_user_is_greeted_and_answers_with_the_keyboard(telegram, catalog):
    user = telegram("fi")
    user.says("/start")
    user.hears_text(first_line(catalog, "utter_greet", "fi"))
    user.says("missä voin opiskella suomen kieltä")
    asked = user.hears_text(catalog.render("utter_ask_minor", "fi")["text"])
    keyboard = asked["message"]["reply_markup"]["inline_keyboard"]
    titles = [b["text"] for row in keyboard for b in row]
    assert titles == [b["title"] for b in catalog.render("utter_ask_minor", "fi")["buttons"]]
    user.presses(asked, titles[1])
    user.hears_text(catalog.render("utter_ask_jobseeker", "fi")["text"])


def test_an_arabic_user_starts_in_arabic_and_a_sticker_gets_text_only(telegram, catalog):
    user = telegram("ar")
    user.says("/start")  # Telegram's language code is the starting language
    user.hears_text(first_line(catalog, "utter_greet", "ar"))
    user.says("كيف اطلع اقامة")
    answer = user.hears(lambda m: "https://" in str(m["message"].get("text", "")))
    assert any("https://migri.fi" in str(m["message"].get("text")) for m in answer)
    user.sends(sticker={"file_id": "sticker-1", "emoji": "👍"})
    user.hears_text(catalog.render("utter_text_only", "ar")["text"])
    user.sends(voice={"file_id": "voice-1", "duration": 3})
    user.hears_text(catalog.render("utter_text_only", "ar")["text"])


async def test_asking_for_a_person_brings_the_advisers_reply_to_telegram(
    telegram,
    catalog,
    console,  # noqa: F811 - the fixture imported above
):
    user = telegram("fi")
    marker = uuid.uuid4().hex[:6]
    user.says(f"haluan puhua ihmisen kanssa, asia {marker}")
    user.hears_text(first_line(catalog, "utter_handoff_queued", "fi", position="", minutes=""))
    handoff = await find_handoff(console, marker)
    assert handoff["channel"] == "telegram"
    path = f"/api/handoffs/{handoff['id']}"
    await post(console, f"{path}/claim")
    user.hears_text(catalog.render("utter_adviser_joined", "fi")["text"])
    reply = "Hei, olen Maija. Miten voin auttaa?"
    assert (await post(console, f"{path}/messages", {"text": reply}))["delivered"] is True
    user.hears_text(catalog.render("utter_adviser_message", "fi", text=reply)["text"])
    # The bot stays silent while the adviser holds the conversation; the adviser sees it.
    user.says("Missä on lähin kirjasto?")
    assert user.hears_nothing(3)
    async with console.get(path) as response:
        transcript = (await response.json())["transcript"]
    assert transcript[-1]["text"] == "Missä on lähin kirjasto?"
    await post(console, f"{path}/resolve", {"outcome": "answered"})
    user.hears_text(catalog.render("utter_handoff_ended", "fi")["text"])


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b"\xff\xfe\x00", 400),
        (json.dumps({"update_id": 9, "edited_message": {"chat": {"id": 5}, "text": "x"}}), 200),
        (json.dumps({"update_id": 9, "chat_join_request": {}}), 200),
        (json.dumps({"update_id": 9, "message": {"text": "no chat"}}), 200),
    ],
)
def test_odd_updates_posted_to_the_webhook_get_json_and_never_a_500(telegram, stack, body, status):
    data = body if isinstance(body, bytes) else body.encode()
    request = urllib.request.Request(
        f"{stack.rasa_url}/webhooks/telegram/webhook", data=data,
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            got, answer = response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        got, answer = error.code, json.loads(error.read())
    assert got == status
    if status == 200:
        assert answer == {"ok": True}
    else:
        assert "error" in answer
