"""End-to-end fixtures: the three real processes on loopback, on ports of their own."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from knowledge.db import create_engine_for
from locales import Catalog, load_catalog
from tools.paths import APP_PYTHON, ROOT
from tools.stack import Ports, Stack
from tools.train import model_path

# Ports of their own, so the tests run beside a `make run` on the default ones; an offset lets
# two test runs share a machine.
_OFFSET = int(os.environ.get("E2E_PORT_OFFSET", "0"))
E2E_PORTS = Ports(rasa=5105 + _OFFSET, actions=5155 + _OFFSET, web=8100 + _OFFSET)
TELEGRAM_PORT = 5190 + _OFFSET
# The shape of a real token (aiogram checks it); the emulator accepts any.
TELEGRAM_TOKEN = "424242:opas-e2e-token"


@pytest.fixture(scope="session")
def e2e_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh knowledge database, loaded by the same command `make db` uses."""
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'opas.db'}"
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    subprocess.run([str(APP_PYTHON), "-m", "knowledge", "load"], cwd=ROOT, env=env, check=True)
    return url


@pytest.fixture(scope="session")
def telegram_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str | None]:
    """npm telegram-test-api on loopback: the Bot API the stack's Telegram channel talks to.

    None if it did not start: the other tests still run, and test_telegram.py fails saying so.
    """
    log = tmp_path_factory.mktemp("telegram") / "emulator.log"
    try:
        with log.open("wb") as output:
            emulator = subprocess.Popen(
                ["node", str(ROOT / "tests" / "e2e" / "telegram_emulator.js"), str(TELEGRAM_PORT)],
                cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip
    except OSError:  # no Node.js
        yield None
        return
    deadline = time.monotonic() + 20
    while b"ready" not in log.read_bytes() and emulator.poll() is None:
        if time.monotonic() > deadline:
            break
        time.sleep(0.1)
    if b"ready" not in log.read_bytes():
        emulator.kill()
        emulator.wait(timeout=10)
        yield None
        return
    yield f"http://127.0.0.1:{TELEGRAM_PORT}"
    emulator.terminate()
    emulator.wait(timeout=10)


@pytest.fixture(scope="session")
def stack(
    e2e_database_url: str, telegram_api: str | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    model = model_path()
    if not model.exists():
        pytest.fail(f"No trained model {model.name}: run `make train` (make test does).")
    running = Stack(
        model=model,
        token=secrets.token_urlsafe(16),
        ports=E2E_PORTS,
        database_url=e2e_database_url,
        log_dir=Path(tmp_path_factory.mktemp("logs")),
        # Advisers answer at any hour in these tests (CI runs at night too).
        extra_env={"HANDOFF_HOURS": "always", **telegram_env(telegram_api)},
    )
    running.start()
    yield running
    running.stop()


def telegram_env(api_url: str | None) -> dict[str, str]:
    """Telegram through the emulator; Rasa sets its webhook there at start."""
    if api_url is None:
        return {}
    return {
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_API_URL": api_url,
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{E2E_PORTS.rasa}/webhooks/telegram/webhook",
        # The emulator cannot send Telegram's secret header (the secret has unit tests).
        "TELEGRAM_WEBHOOK_INSECURE": "1",
    }


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def knowledge_engine(e2e_database_url: str) -> Any:
    return create_engine_for(e2e_database_url)


Say = Callable[[str], list[dict[str, Any]]]


@pytest.fixture
def conversation(stack: Stack) -> Callable[..., Say]:
    """A new REST conversation; `say(text)` returns the bot's messages for that turn."""

    def start(language: str | None = None) -> Say:
        sender = f"e2e-{uuid.uuid4().hex[:12]}"

        def say(text: str) -> list[dict[str, Any]]:
            body: dict[str, Any] = {"sender": sender, "message": text}
            if language:
                body["metadata"] = {"language": language}
            request = urllib.request.Request(
                f"{stack.rasa_url}/webhooks/rest/webhook",
                data=json.dumps(body).encode(),
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                messages: list[dict[str, Any]] = json.loads(response.read())
            return messages

        say.sender = sender  # type: ignore[attr-defined]
        return say

    return start


def texts(messages: list[dict[str, Any]]) -> str:
    """All text of one bot turn, joined, for containment checks."""
    return "\n".join(m.get("text") or "" for m in messages)
