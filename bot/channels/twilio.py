"""OpasTwilioInput: WhatsApp (and SMS) through Rasa's Twilio channel, checked and always answering.

Configured from the environment, never from the repository; off unless the first three are set:
  TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN  the Twilio account
  TWILIO_NUMBER                          the sender, "whatsapp:+358..." for WhatsApp
  TWILIO_WEBHOOK_URL                     the public address Twilio posts to, as configured
                                         there: Twilio signs it, and behind a proxy the
                                         address Rasa sees differs

What it changes from Rasa 3.6's channel:
- Requests must carry Twilio's signature (X-Twilio-Signature), or anyone could write into
  anyone's conversation by posting a phone number.
- Photos, voice messages and locations get "I can only read text" in the user's language, and
  nothing answers 500 (Rasa's channel fails on a message without a body).
- WhatsApp has no buttons: choices are sent as a numbered list, and a reply of just that
  number, as the very next message, means the choice. "Back to the automated assistant" is not
  offered: a "1" meant for the adviser must never end the handoff.
- Long messages are cut to Twilio's 1600 characters between paragraphs, lines or words, and
  the reply comes from the number the user wrote to (WhatsApp or SMS).
- Messages go through the reply guard (handoffs, an apology when the bot cannot answer), and
  Twilio's blocking client runs in threads of its own, with a timeout, on one connection pool.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.base.exceptions import TwilioException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

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

SIGNATURE_HEADER = "X-Twilio-Signature"
# Twilio's limit for one outgoing message body.
MAX_TEXT_CHARS = 1600
# Not offered as a number: during a handoff a bare "1" is an answer to the adviser.
CANCEL_HANDOFF = "/cancel_handoff"
# "Received, no reply from here" in Twilio's terms (replies go out through its API).
EMPTY_TWIML = "<Response></Response>"
# One connection pool and a few threads of its own for Twilio's blocking client, with a
# timeout: a slow Twilio must not hold up the event loop or the default thread pool.
_HTTP = TwilioHttpClient(timeout=10)
_THREADS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="twilio")
# Remembered choices: the latest numbered list per conversation, for this many conversations.
MAX_REMEMBERED_CHOICES = 10_000
_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


class NumberedChoices:
    """The choices last offered to each person, so that "2" means the second one."""

    def __init__(self, limit: int = MAX_REMEMBERED_CHOICES) -> None:
        self._offered: OrderedDict[str, list[str]] = OrderedDict()
        self._limit = limit

    def offer(self, recipient: str, payloads: list[str]) -> None:
        self._offered[recipient] = payloads
        self._offered.move_to_end(recipient)
        while len(self._offered) > self._limit:
            self._offered.popitem(last=False)

    def forget(self, recipient: str) -> None:
        self._offered.pop(recipient, None)

    def read(self, sender: str, text: str) -> str:
        """The payload a bare number picks, else the text as written.

        A list answers only the very next message: a number typed later means the number.
        """
        payloads = self._offered.pop(sender, None)
        match = _NUMBER.match(text)
        if match and payloads and 1 <= int(match.group(1)) <= len(payloads):
            return payloads[int(match.group(1)) - 1]
        return text


class OpasTwilioOutput(TwilioOutput):
    def __init__(self, account_sid: str, auth_token: str, number: str, choices: NumberedChoices):
        # TwilioOutput's own __init__ gives each output a client without a timeout.
        Client.__init__(self, account_sid, auth_token, http_client=_HTTP)
        self.twilio_number = number
        self.send_retry, self.max_retry = 0, 1
        self.choices = choices

    async def _send_message(self, message_data: dict[str, Any]) -> Any:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(
                _THREADS, lambda: self.messages.create(**message_data)
            )
        except (TwilioException, OSError) as error:
            logger.warning("Twilio did not take a message: %s", type(error).__name__)
            return None

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """The whole message, in as few pieces as Twilio's limit allows, in order."""
        self.choices.forget(recipient_id)  # the bot moved on: an old list no longer applies
        for piece in split_message(text, MAX_TEXT_CHARS):
            await self._send_message(
                {"to": recipient_id, "from_": self.twilio_number, "body": piece}
            )

    async def send_text_with_buttons(
        self, recipient_id: str, text: str | None, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        usable = [
            b for b in buttons
            if isinstance(b.get("title"), str) and b["title"] and b.get("payload") != CANCEL_HANDOFF
        ]  # fmt: skip
        lines = [f"{number}. {b['title']}" for number, b in enumerate(usable, start=1)]
        # One message: the question, then its choices (a blank line would split it in two).
        await self.send_text_message(recipient_id, "\n".join([text or "", *lines]).strip())
        if usable:
            self.choices.offer(recipient_id, [str(b.get("payload") or b["title"]) for b in usable])


class OpasTwilioInput(TwilioInput):
    """`POST /webhooks/twilio/webhook` (form fields From, Body, NumMedia, ...)."""

    guard: ReplyGuard
    holder: AppHolder

    def __init__(
        self,
        account_sid: str | None,
        auth_token: str | None,
        twilio_number: str | None,
        webhook_url: str | None = None,
        text_only: dict[str, str] | None = None,
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=False)
        self.webhook_url = webhook_url
        self.text_only = text_only or {}
        self.choices = NumberedChoices()

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        env = os.environ
        channel = cls(
            env.get("TWILIO_ACCOUNT_SID", "").strip() or None,
            env.get("TWILIO_AUTH_TOKEN", "").strip() or None,
            env.get("TWILIO_NUMBER", "").strip() or None,
            webhook_url=env.get("TWILIO_WEBHOOK_URL", "").strip() or None,
            text_only=load_text_only(credentials),
        )
        channel.holder = AppHolder()
        channel.guard = make_guard(credentials, channel.holder)
        return channel

    @property
    def configured(self) -> bool:
        return bool(self.account_sid and self.auth_token and self.twilio_number)

    def get_output_channel(self, reply_from: str | None = None) -> OpasTwilioOutput | None:  # type: ignore[override]
        """An output for one message; it answers from the number the user wrote to."""
        if not self.configured:
            return None
        number = reply_from or str(self.twilio_number)
        return OpasTwilioOutput(str(self.account_sid), str(self.auth_token), number, self.choices)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("opas_twilio", __name__)
        self.holder.attach(blueprint)
        guarded = self.guard.wrap(on_new_message)

        if not self.configured:
            return answer_not_configured(blueprint, "Twilio")

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            # Blank fields too: Twilio signs every field it sends, "Body" even when empty.
            form = {name: values[0] for name, values in parse_qs(
                request.body.decode("utf-8", "replace"), keep_blank_values=True
            ).items()}  # fmt: skip
            if not self._signed_by_twilio(request, form):
                return response.json({"error": "The request is not signed by Twilio."}, 403)
            sender = form.get("From", "")
            if not sender:
                return response.json({"error": "The request has no From field."}, 400)
            try:
                await self._handle(sender, form, guarded)
            except Exception as error:
                logger.error("Handling a Twilio message failed: %s", type(error).__name__)
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return blueprint

    def _signed_by_twilio(self, request: Request, form: dict[str, str]) -> bool:
        signature = request.headers.get(SIGNATURE_HEADER, "")
        url = self.webhook_url or request.url
        return bool(signature) and RequestValidator(str(self.auth_token)).validate(
            url, form, signature
        )

    async def _handle(
        self, sender: str, form: dict[str, str], guarded: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        output = self.get_output_channel(reply_from=form.get("To") or None)
        assert output is not None
        text = form.get("Body", "")
        if not text.strip():
            # A photo, a voice message or a location: nothing Opas can read.
            if form.get("NumMedia", "0") != "0" or form.get("Latitude"):
                await say_text_only(self.guard, output, self.text_only, sender, None)
            return
        text = self.choices.read(sender, text)
        await guarded(UserMessage(tidy_text(text), output, sender, input_channel=self.name()))
