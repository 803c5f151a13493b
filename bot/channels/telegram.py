"""OpasTelegramInput: Rasa's Telegram channel with a configurable Bot API and tolerant updates.

Configured from the environment, never from the repository:
  TELEGRAM_TOKEN           the bot's token from @BotFather; without it the channel is off
  TELEGRAM_API_URL         the Bot API (default https://api.telegram.org; tests use an emulator)
  TELEGRAM_WEBHOOK_URL     the public address Telegram posts updates to; set at start if given
  TELEGRAM_WEBHOOK_SECRET  what updates must carry in Telegram's secret_token header; made up
                           at start when the webhook is set here and no secret is given
  TELEGRAM_WEBHOOK_INSECURE=1  accept updates without a secret (the tests' Bot API emulator
                           cannot send one); never in production: anyone could write as anyone

What it changes from Rasa 3.6's channel:
- The Bot API address is configurable, and the webhook is set from Sanic's own event loop
  (Rasa's runs `asyncio.run` at start, which leaves the HTTP session bound to a dead loop).
- Updates are read as plain JSON, one kind at a time: text and button presses reach the bot;
  stickers, photos, voice and other media get "I can only read text" in the user's language;
  edited messages, group chats and unknown update types are acknowledged and ignored. Nothing
  answers 500, so Telegram never retries an update it cannot use.
- The user's Telegram language is the conversation's starting language, and every message
  goes through the reply guard (handoffs, an apology when the bot cannot answer).
- Keyboards are laid out in rows that fit a phone, and a pressed keyboard is removed.
"""

from __future__ import annotations

import asyncio
import copy
import hmac
import json
import logging
import os
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiogram.bot.api import TelegramAPIServer
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.common import (
    AppHolder,
    answer_not_configured,
    load_text_only,
    make_guard,
    say_text_only,
)
from bot.channels.guard import ReplyGuard, tidy_text
from bot.channels.pieces import split_message

logger = logging.getLogger(__name__)

# What a Bot API call can fail with: an error answer, or no answer at all.
API_ERRORS = (TelegramAPIError, aiohttp.ClientError, asyncio.TimeoutError, OSError)

DEFAULT_API_URL = "https://api.telegram.org"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's limits: a message's text and a button's callback data.
MAX_TEXT_CHARS = 4096
MAX_CALLBACK_BYTES = 64
# Buttons with titles this short go two to a row; longer ones get a row each.
SHORT_TITLE_CHARS = 18
# Kinds of message Opas cannot read: the user is told it reads text only.
MEDIA_FIELDS = (
    "sticker", "photo", "voice", "audio", "video", "video_note", "animation", "document",
    "location", "venue", "contact", "poll", "dice",
)  # fmt: skip
# Telegram's command to start a bot; Opas's greeting intent.
START_COMMAND = "/start"
GREET_PAYLOAD = "/greet"


@dataclass(frozen=True)
class Incoming:
    """What one Telegram update asks of the bot."""

    kind: str  # "text", "media" or "ignore"
    chat_id: str = ""
    text: str = ""
    language: str | None = None
    callback_id: str | None = None
    # The bot message whose keyboard was pressed, to take the keyboard away.
    keyboard_message_id: int | None = None


IGNORE = Incoming("ignore")


def _chat_id(message: Any) -> str | None:
    """The private chat's id, or None for anything else (groups, channels, missing fields)."""
    chat = message.get("chat") if isinstance(message, dict) else None
    if not isinstance(chat, dict) or chat.get("type", "private") != "private":
        return None
    chat_id = chat.get("id")
    if isinstance(chat_id, bool) or not isinstance(chat_id, int | str) or not str(chat_id):
        return None
    return str(chat_id)


def _language(sender: Any) -> str | None:
    """The language part of the user's app language ("pt-br" -> "pt", "zh-hans" -> "zh")."""
    code = sender.get("language_code") if isinstance(sender, dict) else None
    if not isinstance(code, str) or not code.strip():
        return None
    return re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0] or None


def _as_command(text: str) -> str:
    """Telegram's /start ("/start@OpasBot", "/start campaign" too) greets; the rest is as typed."""
    first = text.strip().split(maxsplit=1)[0] if text.strip() else ""
    if first.split("@", 1)[0] == START_COMMAND:
        return GREET_PAYLOAD
    return text


def read_update(update: Any) -> Incoming:
    """Classify a Telegram update; anything unexpected is ignored, never an error."""
    if not isinstance(update, dict):
        return IGNORE
    query = update.get("callback_query")
    if isinstance(query, dict):
        message = query.get("message")
        chat_id = _chat_id(message)
        data = query.get("data")
        if chat_id is None or not isinstance(data, str):
            return IGNORE
        query_id = query.get("id")
        message_id = message.get("message_id")
        return Incoming(
            "text", chat_id, data, _language(query.get("from")),
            callback_id=str(query_id) if query_id is not None else None,
            keyboard_message_id=message_id if isinstance(message_id, int) else None,
        )  # fmt: skip
    # Edited messages are ignored: the answer to the first version is already there, and a
    # second answer to the same question would be confusing.
    message = update.get("message")
    chat_id = _chat_id(message)
    if chat_id is None:
        return IGNORE
    language = _language(message.get("from"))
    text = message.get("text")
    if not isinstance(text, str):
        text = message.get("caption")  # a photo with a question under it: answer the question
    if isinstance(text, str) and text.strip():
        return Incoming("text", chat_id, _as_command(text), language)
    if any(field in message for field in MEDIA_FIELDS):
        return Incoming("media", chat_id, language=language)
    return IGNORE


def keyboard(buttons: list[dict[str, Any]]) -> dict[str, Any]:
    """An inline keyboard; a reply keyboard if a payload is too long for callback data."""
    usable = [b for b in buttons if isinstance(b.get("title"), str) and b.get("title")]
    payloads = [str(b.get("payload") or b["title"]) for b in usable]
    if any(len(p.encode("utf-8")) > MAX_CALLBACK_BYTES for p in payloads):
        # The title is sent as the user's message, and understood like typed text.
        rows = [[{"text": b["title"]}] for b in usable]
        return {"keyboard": rows, "one_time_keyboard": True, "resize_keyboard": True}
    pairs = zip(usable, payloads, strict=True)
    cells = [{"text": b["title"], "callback_data": p} for b, p in pairs]
    if all(len(cell["text"]) <= SHORT_TITLE_CHARS for cell in cells):
        rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    else:
        rows = [[cell] for cell in cells]
    return {"inline_keyboard": rows}


class OpasTelegramOutput(TelegramOutput):
    """Sends through the configured Bot API, and never parses the API's replies into objects.

    aiogram's objects are not needed here, and reading a reply must not fail a message that
    was already sent.
    """

    def __init__(self, access_token: str, api_url: str = DEFAULT_API_URL) -> None:
        # TelegramOutput's own __init__ knows no server; set up aiogram's Bot directly.
        super(TelegramOutput, self).__init__(
            access_token, server=TelegramAPIServer.from_base(api_url)
        )
        self._root: OpasTelegramOutput | None = None

    def for_one_message(self) -> OpasTelegramOutput:
        """A copy for one message, sharing this one's connection pool.

        The reply guard counts the replies to a message on its output channel; two users
        writing at once must not share that count.
        """
        twin = copy.copy(self)
        twin._root = self._root or self
        return twin

    @property
    def session(self) -> aiohttp.ClientSession | None:
        return self._root.session if self._root is not None else super().session

    async def call(self, method: str, **fields: Any) -> Any:
        """A Bot API method with form fields; objects, lists and booleans sent as JSON."""
        data = {
            name: json.dumps(value) if isinstance(value, dict | list | bool) else value
            for name, value in fields.items()
            if value is not None
        }
        return await self.request(method, data)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for piece in split_message(text, MAX_TEXT_CHARS):
            await self.call(
                "sendMessage", chat_id=recipient_id, text=piece, disable_web_page_preview=True
            )

    async def send_text_with_buttons(
        self, recipient_id: str, text: str | None, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        *leading, last = split_message(text, MAX_TEXT_CHARS) or [""]
        for piece in leading:
            await self.send_text_message(recipient_id, piece)
        await self.call(
            "sendMessage", chat_id=recipient_id, text=last or "…",
            reply_markup=keyboard(buttons), disable_web_page_preview=True,
        )  # fmt: skip

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.call("sendPhoto", chat_id=recipient_id, photo=image)


class OpasTelegramInput(TelegramInput):
    """`POST /webhooks/telegram/webhook`: Telegram's updates in, Opas's answers out."""

    guard: ReplyGuard
    holder: AppHolder

    def __init__(
        self,
        access_token: str | None,
        api_url: str = DEFAULT_API_URL,
        webhook_url: str | None = None,
        secret: str | None = None,
        text_only: dict[str, str] | None = None,
        insecure: bool = False,
    ) -> None:
        super().__init__(access_token, verify=None, webhook_url=webhook_url, debug_mode=False)
        self.api_url = api_url
        if not secret and webhook_url and not insecure:
            # We tell Telegram the webhook, so we may choose its secret (A-Z a-z 0-9 _ -).
            secret = secrets.token_urlsafe(32)
        self.secret = secret or None
        self.insecure = insecure
        self.text_only = text_only or {}
        self._output: OpasTelegramOutput | None = None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        env = os.environ
        token = env.get("TELEGRAM_TOKEN", "").strip() or None
        api_url = env.get("TELEGRAM_API_URL", "").strip() or DEFAULT_API_URL
        parts = urlsplit(api_url)
        if token and (parts.scheme not in ("http", "https") or not parts.hostname):
            # Off rather than wrong: an address aiogram cannot use would end up in its error
            # messages together with the token.
            logger.error("TELEGRAM_API_URL must be an http(s) address; Telegram is off.")
            token = None
        channel = cls(
            token,
            api_url=api_url,
            webhook_url=env.get("TELEGRAM_WEBHOOK_URL", "").strip() or None,
            secret=env.get("TELEGRAM_WEBHOOK_SECRET", "").strip() or None,
            text_only=load_text_only(credentials),
            insecure=env.get("TELEGRAM_WEBHOOK_INSECURE", "") == "1",
        )
        channel.holder = AppHolder()
        channel.guard = make_guard(credentials, channel.holder)
        return channel

    def get_output_channel(self) -> OpasTelegramOutput | None:  # type: ignore[override]
        """One output for the server's life; its HTTP session opens in Sanic's loop on first use."""
        if self._output is None and self.access_token:
            self._output = OpasTelegramOutput(self.access_token, self.api_url)
        return self._output

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("opas_telegram", __name__)
        self.holder.attach(blueprint)

        output = self.get_output_channel()
        if output is None:
            return answer_not_configured(blueprint, "Telegram")

        guarded = self.guard.wrap(on_new_message)

        @blueprint.listener("after_server_start")
        async def set_webhook(_app: Sanic, _loop: Any) -> None:
            await self._set_webhook(output)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self._from_telegram(request):
                return response.json({"error": "Wrong or missing secret token."}, status=403)
            try:
                update = json.loads(request.body or b"")
            except ValueError:
                return response.json({"error": "The body is not JSON."}, status=400)
            incoming = read_update(update)
            try:
                await self._handle(incoming, guarded, output)
            except Exception as error:
                # Acknowledged anyway: Telegram would resend the update for as long as we fail.
                # The error's type only: aiogram's messages can hold the address with the token.
                logger.error("Handling a Telegram update failed: %s", type(error).__name__)
            return response.json({"ok": True})

        return blueprint

    def _from_telegram(self, request: Request) -> bool:
        """Whether the update carries our secret (compared as bytes: any header is safe)."""
        if self.secret is None:
            if not self.insecure:
                logger.warning("Refused a Telegram update: set TELEGRAM_WEBHOOK_SECRET.")
            return self.insecure
        given = request.headers.get(SECRET_HEADER, "")
        return hmac.compare_digest(
            given.encode("utf-8", "surrogateescape"), self.secret.encode("utf-8")
        )

    async def _handle(
        self,
        incoming: Incoming,
        guarded: Callable[[UserMessage], Awaitable[Any]],
        output: OpasTelegramOutput,
    ) -> None:
        metadata = {"language": incoming.language} if incoming.language else {}
        if incoming.kind == "media":
            await say_text_only(self.guard, output, self.text_only, incoming.chat_id, metadata)
            return
        if incoming.kind != "text":
            return
        if incoming.callback_id is not None:
            await self._close_keyboard(output, incoming)
        message = UserMessage(
            tidy_text(incoming.text), output.for_one_message(), incoming.chat_id,
            input_channel=self.name(), metadata=metadata,
        )  # fmt: skip
        await guarded(message)

    @staticmethod
    async def _close_keyboard(output: OpasTelegramOutput, incoming: Incoming) -> None:
        """Stop the button's spinner and take the keyboard away, so a choice is made once."""
        try:
            await output.call("answerCallbackQuery", callback_query_id=incoming.callback_id)
            if incoming.keyboard_message_id is not None:
                await output.call(
                    "editMessageReplyMarkup", chat_id=incoming.chat_id,
                    message_id=incoming.keyboard_message_id,
                    reply_markup={"inline_keyboard": []},
                )  # fmt: skip
        except API_ERRORS as error:
            logger.info("Could not close a Telegram keyboard: %s", type(error).__name__)

    async def _set_webhook(self, output: OpasTelegramOutput) -> None:
        if not self.webhook_url:
            logger.info("TELEGRAM_WEBHOOK_URL is not set: set the bot's webhook yourself.")
            return
        try:
            await output.call(
                "setWebhook", url=self.webhook_url, secret_token=self.secret,
                allowed_updates=["message", "callback_query"],
            )  # fmt: skip
            logger.info("Telegram webhook set to %s", self.webhook_url)
        except API_ERRORS as error:
            # Rasa keeps answering the other channels; the log says what failed, never the
            # address (it holds the token).
            logger.warning("Could not set the Telegram webhook: %s", type(error).__name__)
