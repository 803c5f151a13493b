"""The Bot API, as the web app uses it: an adviser's words to a Telegram user.

Rasa 3.6's conversations API cannot send through its Telegram channel from inside its own event
loop (../shared/stack-notes.md), so for Telegram conversations the web app records the message
in Rasa without side effects and sends it here itself.
"""

from __future__ import annotations

import logging

import aiohttp

logger = logging.getLogger(__name__)

CHANNEL = "telegram"
TIMEOUT = aiohttp.ClientTimeout(total=10)
# Telegram's limit for one message; an adviser's reply (4000) and its label fit in it.
MAX_TEXT_CHARS = 4096


class TelegramSender:
    def __init__(self, api_url: str, token: str, http: aiohttp.ClientSession) -> None:
        self._base = f"{api_url.rstrip('/')}/bot{token}"
        self._http = http

    async def send_text(self, chat_id: str, text: str) -> bool:
        """True once Telegram has the message; False if it could not be sent (kept for later)."""
        body = {"chat_id": chat_id, "text": text[:MAX_TEXT_CHARS], "disable_web_page_preview": True}
        try:
            async with self._http.post(
                f"{self._base}/sendMessage", json=body, timeout=TIMEOUT
            ) as reply:
                answer = await reply.json(content_type=None)
                if reply.status == 200 and isinstance(answer, dict) and answer.get("ok"):
                    return True
                # Never log the URL: it holds the bot's token.
                logger.warning("Telegram refused a message (%s)", reply.status)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            logger.warning("Telegram is unreachable: %s", type(error).__name__)
        return False
