"""The web app's settings, read from the environment into a frozen dataclass."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from locales import LOCALES_DIRECTORY
from web.service_hours import ServiceHours, ServiceHoursError

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
# `npm ci` at the repository root puts the widget here (package.json pins the version).
# socket.io-client from npm (package.json), served to the chat widget: never from a CDN.
DEFAULT_SOCKETIO_CLIENT = (
    REPOSITORY_ROOT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
)


# The adviser team's own hours (web/service_hours.py); "always" for a 24/7 team.
DEFAULT_HANDOFF_HOURS = "mon-fri 08:00-16:00"
TWILIO_VARIABLES = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_NUMBER")


class SettingsError(ValueError):
    """An environment variable holds a value the web app cannot use."""


def _number(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, str(default))
    try:
        return int(text)
    except ValueError:
        raise SettingsError(f"{name} must be a number, not {text!r}") from None


def _twilio(env: Mapping[str, str]) -> tuple[str, str, str] | None:
    values = tuple(env.get(name, "").strip() for name in TWILIO_VARIABLES)
    return (values[0], values[1], values[2]) if all(values) else None


@dataclass(frozen=True)
class Settings:
    """Where the web app listens, where the browser finds Rasa, and what it reads at start."""

    host: str = "127.0.0.1"
    port: int = 8000
    # The public socket.io address of Rasa, as the user's browser reaches it.
    rasa_url: str = "http://127.0.0.1:5005"
    database_url: str | None = None
    locales_directory: Path = LOCALES_DIRECTORY
    # The adviser console's texts (fi, sv, en), apart from the users' thirteen languages.
    console_locales_directory: Path = LOCALES_DIRECTORY / "console"
    socketio_client: Path = DEFAULT_SOCKETIO_CLIENT
    # Server to server: where the web app reaches Rasa's HTTP API (defaults to rasa_url).
    rasa_api_url: str = ""
    # Shared by the three processes (Rasa's --auth-token, the action server and the channels
    # calling /internal): set in the environment, never in the repository. None: handoffs off.
    service_token: str | None = field(default=None, repr=False)
    handoff_hours: ServiceHours = field(default_factory=ServiceHours)
    # More waiting conversations than this in one queue: users are told it is full.
    handoff_queue_limit: int = 30
    # Secure cookies even over plain HTTP (behind a TLS-terminating proxy); HTTPS gets them anyway.
    secure_cookies: bool = False
    # Rasa posts the whole tracker to /nlg, which grows with the conversation: room for a long
    # one, but not for a body meant to exhaust memory.
    client_max_size: int = field(default=1024 * 1024)
    # Telegram (README, "Telegram"): the web app sends advisers' replies through the Bot API.
    telegram_token: str | None = field(default=None, repr=False)
    telegram_api_url: str = "https://api.telegram.org"
    # WhatsApp through Twilio (README, "WhatsApp"): account SID, auth token, sender number.
    twilio: tuple[str, str, str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not 0 < self.port < 65536:
            raise SettingsError(f"WEB_PORT must be a port number, not {self.port}")
        for name, url in (
            ("RASA_URL", self.rasa_url),
            ("RASA_API_URL", self.rasa_api),
            ("TELEGRAM_API_URL", self.telegram_api_url),
        ):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise SettingsError(f"{name} must be an http(s) address, not {url!r}")
        if self.handoff_queue_limit < 1:
            raise SettingsError("HANDOFF_QUEUE_LIMIT must be at least 1")

    @property
    def rasa_api(self) -> str:
        return self.rasa_api_url or self.rasa_url

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from WEB_HOST, WEB_PORT, RASA_URL, RASA_API_URL, DATABASE_URL,
        SOCKETIO_CLIENT, OPAS_SERVICE_TOKEN, HANDOFF_HOURS, HANDOFF_QUEUE_LIMIT, COOKIE_SECURE,
        TELEGRAM_TOKEN, TELEGRAM_API_URL, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_NUMBER."""
        env = os.environ if environ is None else environ
        try:
            hours = ServiceHours.parse(env.get("HANDOFF_HOURS", DEFAULT_HANDOFF_HOURS))
        except ServiceHoursError as error:
            raise SettingsError(str(error)) from None
        return cls(
            host=env.get("WEB_HOST", "127.0.0.1"),
            port=_number(env, "WEB_PORT", 8000),
            rasa_url=env.get("RASA_URL", "http://127.0.0.1:5005").rstrip("/"),
            database_url=env.get("DATABASE_URL") or None,
            socketio_client=Path(env.get("SOCKETIO_CLIENT") or DEFAULT_SOCKETIO_CLIENT),
            rasa_api_url=env.get("RASA_API_URL", "").rstrip("/"),
            service_token=env.get("OPAS_SERVICE_TOKEN") or None,
            handoff_hours=hours,
            handoff_queue_limit=_number(env, "HANDOFF_QUEUE_LIMIT", 30),
            secure_cookies=env.get("COOKIE_SECURE", "").lower() in ("1", "true", "yes"),
            telegram_token=env.get("TELEGRAM_TOKEN", "").strip() or None,
            telegram_api_url=(
                env.get("TELEGRAM_API_URL", "").strip() or "https://api.telegram.org"
            ).rstrip("/"),
            twilio=_twilio(env),
        )

    @property
    def rasa_origins(self) -> tuple[str, str]:
        """Rasa's origin for HTTP polling and for the WebSocket, as a browser compares them."""
        parts = urlsplit(self.rasa_url)
        websocket = "wss" if parts.scheme == "https" else "ws"
        return f"{parts.scheme}://{parts.netloc}", f"{websocket}://{parts.netloc}"
