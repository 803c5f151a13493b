"""Settings and wiring shared by the REST and socket.io channels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.guard import APOLOGY_KEY, ReplyGuard, in_language, load_texts
from bot.channels.handoff_link import HandoffLink

DEFAULT_LOCALES_DIR = "locales"
# What a messaging app's user is told when they send something other than text.
TEXT_ONLY_KEY = "utter_text_only"


class AppHolder:
    """Remembers the Sanic app a channel's blueprint was started in, to reach the agent."""

    def __init__(self) -> None:
        self.app: Sanic | None = None

    def attach(self, blueprint: Blueprint) -> None:
        @blueprint.listener("before_server_start")
        async def remember_app(app: Sanic, _loop: Any) -> None:
            self.app = app

    def agent(self) -> Any:
        app = self.app
        if app is None:
            app = Sanic.get_app()  # only one app in a Rasa server process
        return getattr(app.ctx, "agent", None)


def locales_dir_of(credentials: dict[str, Any] | None) -> Path:
    return Path((credentials or {}).get("locales_dir") or DEFAULT_LOCALES_DIR)


def make_guard(credentials: dict[str, Any] | None, holder: AppHolder) -> ReplyGuard:
    """Read the apologies once, when Rasa creates the channel from credentials.yml."""
    apologies = load_texts(locales_dir_of(credentials), APOLOGY_KEY)
    return ReplyGuard(apologies, holder.agent, HandoffLink.from_env())


def load_text_only(credentials: dict[str, Any] | None) -> dict[str, str]:
    return load_texts(locales_dir_of(credentials), TEXT_ONLY_KEY)


async def say_text_only(
    guard: ReplyGuard,
    output: Any,
    texts: dict[str, str],
    recipient: str,
    metadata: dict[str, Any] | None,
) -> None:
    """Tell the user "I can only read text", in their conversation's language (else the app's)."""
    language = await guard.language_of(recipient, metadata)
    await output.send_text_message(recipient, in_language(texts, language))


def answer_not_configured(blueprint: Blueprint, channel: str) -> Blueprint:
    """The routes of a channel that is off: 404 JSON, saying why."""

    async def off(_: Request) -> HTTPResponse:
        return response.json({"error": f"{channel} is not configured here."}, status=404)

    blueprint.add_route(off, "/", methods=["GET"])
    blueprint.add_route(off, "/webhook", methods=["GET", "POST"], name="off_webhook")
    return blueprint
