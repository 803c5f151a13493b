"""Settings and wiring shared by the REST and socket.io channels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sanic import Blueprint, Sanic

from bot.channels.guard import APOLOGY_KEY, ReplyGuard, load_texts
from bot.channels.handoff_link import HandoffLink

DEFAULT_LOCALES_DIR = "locales"


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
