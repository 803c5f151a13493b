"""Twilio's Messages API, as the web app uses it: an adviser's words to a WhatsApp (or SMS) user.

As for Telegram (web/telegram.py), Rasa records the message and the web app sends it.
"""

from __future__ import annotations

import logging

import aiohttp

logger = logging.getLogger(__name__)

CHANNEL = "twilio"
API_URL = "https://api.twilio.com"
TIMEOUT = aiohttp.ClientTimeout(total=10)
# WhatsApp's limit for one message body through Twilio; an adviser's reply (4000) fits.
MAX_TEXT_CHARS = 4096


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

    async def send_text(self, recipient: str, text: str) -> bool:
        """True once Twilio has accepted the message; False if not (kept for later)."""
        form = {"From": self._number, "To": recipient, "Body": text[:MAX_TEXT_CHARS]}
        try:
            async with self._http.post(
                self._url, data=form, auth=self._auth, timeout=TIMEOUT
            ) as reply:
                if reply.status in (200, 201):
                    return True
                logger.warning("Twilio refused a message (%s)", reply.status)
        except (aiohttp.ClientError, TimeoutError) as error:
            logger.warning("Twilio is unreachable: %s", type(error).__name__)
        return False
