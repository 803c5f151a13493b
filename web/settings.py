"""The web app's settings, read from the environment into a frozen dataclass."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from locales import LOCALES_DIRECTORY

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
# `npm ci` at the repository root puts the widget here (package.json pins the version).
DEFAULT_WEBCHAT_BUNDLE = REPOSITORY_ROOT / "node_modules" / "rasa-webchat" / "lib" / "index.js"


class SettingsError(ValueError):
    """An environment variable holds a value the web app cannot use."""


@dataclass(frozen=True)
class Settings:
    """Where the web app listens, where the browser finds Rasa, and what it reads at start."""

    host: str = "127.0.0.1"
    port: int = 8000
    # The public socket.io address of Rasa, as the user's browser reaches it.
    rasa_url: str = "http://127.0.0.1:5005"
    database_url: str | None = None
    locales_directory: Path = LOCALES_DIRECTORY
    webchat_bundle: Path = DEFAULT_WEBCHAT_BUNDLE
    # Rasa posts the whole tracker to /nlg, which grows with the conversation: room for a long
    # one, but not for a body meant to exhaust memory.
    client_max_size: int = field(default=1024 * 1024)

    def __post_init__(self) -> None:
        if not 0 < self.port < 65536:
            raise SettingsError(f"WEB_PORT must be a port number, not {self.port}")
        parts = urlsplit(self.rasa_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SettingsError(f"RASA_URL must be an http(s) address, not {self.rasa_url!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from WEB_HOST, WEB_PORT, RASA_URL, DATABASE_URL and WEBCHAT_BUNDLE."""
        env = os.environ if environ is None else environ
        port_text = env.get("WEB_PORT", "8000")
        try:
            port = int(port_text)
        except ValueError:
            raise SettingsError(f"WEB_PORT must be a number, not {port_text!r}") from None
        return cls(
            host=env.get("WEB_HOST", "127.0.0.1"),
            port=port,
            rasa_url=env.get("RASA_URL", "http://127.0.0.1:5005").rstrip("/"),
            database_url=env.get("DATABASE_URL") or None,
            webchat_bundle=Path(env.get("WEBCHAT_BUNDLE") or DEFAULT_WEBCHAT_BUNDLE),
        )

    @property
    def rasa_origins(self) -> tuple[str, str]:
        """Rasa's origin for HTTP polling and for the WebSocket, as a browser compares them."""
        parts = urlsplit(self.rasa_url)
        websocket = "wss" if parts.scheme == "https" else "ws"
        return f"{parts.scheme}://{parts.netloc}", f"{websocket}://{parts.netloc}"
