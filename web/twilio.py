"""Twilio's Messages API, as the web app uses it: an adviser's words to a WhatsApp (or SMS) user.

As for Telegram (web/telegram.py), Rasa records the message and the web app sends it.
"""

from __future__ import annotations

import logging

import aiohttp

from bot.channels.pieces import split_message

logger = logging.getLogger(__name__)

CHANNEL = "twilio"
API_URL = "https://api.twilio.com"
TIMEOUT = aiohttp.ClientTimeout(total=10)
# Twilio's limit for one outgoing message body: a longer reply goes in pieces, in order.
MAX_TEXT_CHARS = 1600
WHATSAPP = "whatsapp:"


class TwilioSender:
    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        number: str,
        http: aiohttp.ClientSession,
        api_url: str | None = None,
    ) -> None:
        base = (api_url or API_URL).rstrip("/")
        self._url = f"{base}/2010-04-01/Accounts/{account_sid}/Messages.json"
        self._auth = aiohttp.BasicAuth(account_sid, auth_token)
        self._number = number
        self._http = http

    def _sender_for(self, recipient: str) -> str:
        """Our number on the user's own channel: WhatsApp to WhatsApp, SMS to SMS."""
        number = self._number.removeprefix(WHATSAPP)
        return WHATSAPP + number if recipient.startswith(WHATSAPP) else number

    async def send_text(self, recipient: str, text: str) -> bool:
        """True once Twilio has accepted every piece; False if not (kept for later)."""
        for piece in split_message(text, MAX_TEXT_CHARS):
            form = {"From": self._sender_for(recipient), "To": recipient, "Body": piece}
            try:
                async with self._http.post(
                    self._url, data=form, auth=self._auth, timeout=TIMEOUT
                ) as reply:
                    if reply.status not in (200, 201):
                        logger.warning("Twilio refused a message (%s)", reply.status)
                        return False
            except (aiohttp.ClientError, TimeoutError) as error:
                logger.warning("Twilio is unreachable: %s", type(error).__name__)
                return False
        return True
