"""Shared by the handoff tests: a stand-in for Rasa's conversations API and a logged-in adviser."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import Engine

from knowledge.db import create_engine_for, create_schema, session_scope
from knowledge.loader import load
from web.advisers import create_user
from web.service_hours import ServiceHours
from web.settings import Settings

SERVICE_TOKEN = "test-service-token-not-a-secret"
PASSWORD = "correct horse battery staple"
BEARER = {"Authorization": f"Bearer {SERVICE_TOKEN}"}


@dataclass
class FakeRasa:
    """Records what the web app appends to conversations; `down` makes it refuse."""

    url: str = ""
    down: bool = False
    appended: list[tuple[str, dict[str, str], list[dict[str, Any]]]] = field(default_factory=list)

    def events_for(self, sender_id: str) -> list[dict[str, Any]]:
        return [e for sender, _, events in self.appended if sender == sender_id for e in events]

    def bot_texts(self, sender_id: str) -> list[str]:
        return [e["text"] for e in self.events_for(sender_id) if e["event"] == "bot"]

    def app(self) -> web.Application:
        async def append(request: web.Request) -> web.Response:
            if self.down:
                return web.json_response({"error": "down"}, status=503)
            events = await request.json()
            self.appended.append((request.match_info["sender"], dict(request.query), list(events)))
            return web.json_response({"events": events})

        app = web.Application()
        app.router.add_post("/conversations/{sender}/tracker/events", append)
        return app


def handoff_settings(tmp_path: Path, rasa_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "rasa_url": "http://127.0.0.1:5005",
        "rasa_api_url": rasa_url,
        "database_url": f"sqlite:///{tmp_path / 'handoffs.db'}",
        "service_token": SERVICE_TOKEN,
        "handoff_hours": ServiceHours(),
        **overrides,
    }
    return Settings(**values)


def loaded_database(path: Path) -> Path:
    """A SQLite file with the knowledge base loaded (copy it per test: loading takes seconds)."""
    engine = create_engine_for(f"sqlite:///{path}")
    create_schema(engine)
    load(engine)
    engine.dispose()
    return path


def database(settings: Settings) -> Engine:
    assert settings.database_url
    engine = create_engine_for(settings.database_url)
    create_schema(engine)
    return engine


def add_adviser(engine: Engine, name: str, org: str, *, admin: bool = False) -> None:
    with session_scope(engine) as session:
        create_user(session, name, org, PASSWORD, admin=admin)


async def log_in(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Log in on this client (its cookie jar keeps the session); returns the CSRF token."""
    response = await client.post("/api/login", json={"username": name, "password": password})
    assert response.status == 200, await response.text()
    return str((await response.json())["csrf_token"])


async def request_handoff(
    client: TestClient, sender: str, *, channel: str = "socketio", **fields: Any
) -> dict[str, Any]:
    body = {
        "sender_id": sender,
        "channel": channel,
        "language": "en",
        "reason": "asked",
        "topic": None,
        "municipality": None,
        "collected": {},
        "transcript": [
            ["user", "hello, my phone is 040 123 4567"],
            ["bot", "Hi! I'm Opas."],
            ["user", "I want to talk to a person"],
        ],
        **fields,
    }
    response = await client.post("/internal/handoffs", json=body, headers=BEARER)
    assert response.status == 200, await response.text()
    return dict(await response.json())
