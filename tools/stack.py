"""Start the three Opas processes on loopback, wait until they answer, and stop them together."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from tools.paths import APP_PYTHON, ENGINE_PYTHON, ROOT
from tools.train import engine_env

# Loading the model takes 30-40 s on two cores; CI machines can be slower still.
READY_TIMEOUT_S = 240.0
STOP_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class Ports:
    """Where each process listens on 127.0.0.1."""

    rasa: int = 5005
    actions: int = 5055
    web: int = 8000


@dataclass
class Stack:
    """The Rasa server, the action server and the web app, as child processes."""

    model: Path
    token: str
    ports: Ports = Ports()
    database_url: str | None = None
    log_dir: Path | None = None  # None: children write to this terminal
    # Settings for this stack only (tests: HANDOFF_HOURS=always), over the environment.
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _commands: dict[str, list[str]] = field(default_factory=dict)
    _logs: list[IO[bytes]] = field(default_factory=list)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.rasa}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.web}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.actions}"

    def _env(self) -> dict[str, str]:
        env = {
            **engine_env(),
            "ACTION_SERVER_URL": f"{self.actions_url}/webhook",
            "NLG_URL": f"{self.web_url}/nlg",
            "RASA_URL": self.rasa_url,
            "RASA_API_URL": self.rasa_url,
            "WEB_PORT": str(self.ports.web),
            # One secret for the three: Rasa's API token and the handoff service's.
            "OPAS_SERVICE_TOKEN": self.token,
            "HANDOFF_SERVICE_URL": f"{self.web_url}/internal",
        }
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        env.update(self.extra_env)
        return env

    def _spawn(self, name: str, command: list[str]) -> None:
        self._commands[name] = command
        output: IO[bytes] | None = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            output = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed in stop()
            self._logs.append(output)
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self._env(),
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
            start_new_session=True,  # our own process group: Ctrl-C is handled once, by us
        )

    def start(self) -> None:
        """Start all three and return once each one answers."""
        self._spawn(
            "actions",
            [str(APP_PYTHON), "-m", "rasa_sdk", "--actions", "bot.actions",
             "--port", str(self.ports.actions), "--quiet"],
        )  # fmt: skip
        self._spawn("web", [str(APP_PYTHON), "-m", "web"])
        self._spawn(
            "rasa",
            [str(ENGINE_PYTHON), "-m", "rasa", "run", "--model", str(self.model),
             "--endpoints", "bot/endpoints.yml", "--credentials", "bot/credentials.yml",
             "--enable-api", f"--auth-token={self.token}",  # a token may start with "-"
             "--interface", "127.0.0.1", "--port", str(self.ports.rasa),
             "--cors", self.web_url, *embedding_origins()],
        )  # fmt: skip
        try:
            self.wait_until_ready()
        except BaseException:
            self.stop()
            raise

    def wait_until_ready(self, timeout_s: float = READY_TIMEOUT_S) -> None:
        """Poll each process's health address until all answer or one of them dies."""
        checks = {
            "actions": f"{self.actions_url}/health",
            "web": f"{self.web_url}/healthz",
            "rasa": f"{self.rasa_url}/status?token={self.token}",
        }
        deadline = time.monotonic() + timeout_s
        pending = dict(checks)
        while pending:
            for name, url in list(pending.items()):
                if self.processes[name].poll() is not None:
                    raise RuntimeError(f"{name} exited with {self.processes[name].returncode}")
                if answers(url, expect_model=name == "rasa"):
                    del pending[name]
            if pending and time.monotonic() > deadline:
                raise TimeoutError(f"not ready after {timeout_s:.0f} s: {', '.join(pending)}")
            time.sleep(0.5)

    def stop_process(self, name: str) -> None:
        """Stop one process (a test of what users get while it is down)."""
        terminate(self.processes[name])

    def restart_process(self, name: str) -> None:
        """Start a stopped process again with the same command and wait until all answer."""
        self.stop_process(name)
        self._spawn(name, self._commands[name])
        self.wait_until_ready()

    def stop(self) -> None:
        """Stop every process: SIGTERM, then SIGKILL for any that lingers."""
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for process in self.processes.values():
            terminate(process, timeout_s=max(0.1, deadline - time.monotonic()))
        for log in self._logs:
            log.close()
        self._logs.clear()


def embedding_origins() -> list[str]:
    """Other sites that embed the chat (CHAT_ALLOWED_ORIGINS, space- or comma-separated).

    The widget talks to Rasa over a WebSocket, which needs no CORS; its fallback, HTTP long
    polling, does, so a site behind a proxy that blocks WebSockets needs its origin here.
    """
    raw = os.environ.get("CHAT_ALLOWED_ORIGINS", "")
    return [origin for origin in raw.replace(",", " ").split() if origin]


def terminate(process: subprocess.Popen[bytes], timeout_s: float = STOP_TIMEOUT_S) -> None:
    """SIGTERM to the leader only, then SIGKILL to whatever is left of its process group.

    The leader shuts its own children down in order. Signalling the whole group at once
    killed the action server's worker-state manager before Sanic's monitor, which then
    logged a BrokenPipeError traceback on every stop.
    """
    if process.poll() is None:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=timeout_s)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # stragglers; the group outlives its leader
    process.wait()


def answers(url: str, *, expect_model: bool) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            if response.status != 200:
                return False
            if expect_model:
                return bool(json.loads(response.read()).get("model_file"))
            return True
    except (urllib.error.URLError, OSError, ValueError):
        return False
