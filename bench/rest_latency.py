"""REST latency, throughput and memory of Opas, and of Rasa's moodbot in the same run.

Run with `make bench`. Starts each assistant on its own loopback ports, warms it up, then holds
conversations over the REST channel at 1 and 10 concurrent users and reports p50/p95 latency,
messages per second and the resident memory of every process. The moodbot is what `rasa init`
creates, trained with its own default config: the yardstick the foundation issue sets.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from tools.paths import ENGINE_PYTHON, ROOT, VAR
from tools.stack import Ports, Stack, answers
from tools.train import engine_env, model_path

MESSAGES_PER_USER = 40
CONVERSATIONS = 10
CONCURRENCY = (1, 10)

OPAS_TURNS = [
    "Hei!",
    "Missä voin ilmoittautua työnhakijaksi?",
    "Asun Tampereella",
    "who pays the reimbursements under the Integration Act?",
    "var hittar jag en kurs i finska i Åbo",
    "I want to find sports clubs in Oulu",
    "thanks",
    "what can you do?",
]
MOODBOT_TURNS = ["hi", "I am sad", "yes", "great", "are you a bot?", "bye", "hello", "very good"]


@dataclass
class Result:
    name: str
    concurrency: int
    p50_ms: float
    p95_ms: float
    messages_per_s: float


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB, from /proc."""
    total_kb = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total_kb / 1024


async def _user(
    session: aiohttp.ClientSession, url: str, turns: list[str], latencies: list[float]
) -> None:
    sender = f"bench-{uuid.uuid4().hex[:10]}"
    for i in range(MESSAGES_PER_USER):
        started = time.perf_counter()
        async with session.post(
            url, json={"sender": sender, "message": turns[i % len(turns)]}
        ) as r:
            await r.read()
            if r.status != 200:
                raise RuntimeError(f"{url} answered {r.status}")
        latencies.append((time.perf_counter() - started) * 1000)


async def measure(name: str, rasa_url: str, turns: list[str], concurrency: int) -> Result:
    """Hold CONVERSATIONS conversations, `concurrency` at a time, and time every message.

    The same number of messages at every level, so p95 at one conversation is not the
    second-slowest of forty.
    """
    url = f"{rasa_url}/webhooks/rest/webhook"
    latencies: list[float] = []
    limit = asyncio.Semaphore(concurrency)

    async def one(session: aiohttp.ClientSession) -> None:
        async with limit:
            await _user(session, url, turns, latencies)

    async with aiohttp.ClientSession() as session:
        await _user(session, url, turns, [])  # warm-up: first-message costs are not latency
        started = time.perf_counter()
        await asyncio.gather(*(one(session) for _ in range(CONVERSATIONS)))
        elapsed = time.perf_counter() - started
    quantiles = statistics.quantiles(latencies, n=100)
    return Result(name, concurrency, quantiles[49], quantiles[94], len(latencies) / elapsed)


def prepare_moodbot() -> Path:
    """`rasa init` in var/bench/moodbot, trained once with its default config."""
    directory = VAR / "bench" / "moodbot"
    models = directory / "models"
    if not list(models.glob("*.tar.gz")):
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        subprocess.run(
            [str(ENGINE_PYTHON), "-m", "rasa", "init", "--no-prompt", "--init-dir", str(directory)],
            cwd=directory, env=engine_env(), check=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
    return sorted(models.glob("*.tar.gz"))[-1]


def start_moodbot(model: Path, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [str(ENGINE_PYTHON), "-m", "rasa", "run", "--model", str(model), "--enable-api",
         "--auth-token", "bench", "--port", str(port), "--interface", "127.0.0.1"],
        cwd=model.parent.parent, env=engine_env(), start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 240
    while not answers(f"http://127.0.0.1:{port}/status?token=bench", expect_model=True):
        if time.monotonic() > deadline or process.poll() is not None:
            raise RuntimeError("the moodbot did not start")
        time.sleep(0.5)
    return process


def table(results: list[Result], memory: dict[str, float]) -> str:
    lines = [
        "| assistant | concurrent | p50 ms | p95 ms | msg/s |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in results:
        figures = f"{r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.messages_per_s:.1f}"
        lines.append(f"| {r.name} | {r.concurrency} | {figures} |")
    by = {(r.name, r.concurrency): r for r in results}
    lines.append("")
    for c in CONCURRENCY:
        ratio = by[("opas", c)].p95_ms / by[("moodbot", c)].p95_ms
        lines.append(f"p95 ratio opas/moodbot at {c} concurrent: {ratio:.2f}")
    lines.append("")
    lines.append("| process | resident memory MB |")
    lines.append("| --- | --- |")
    lines += [f"| {name} | {mb:.0f} |" for name, mb in memory.items()]
    return "\n".join(lines)


def main() -> None:
    results: list[Result] = []
    memory: dict[str, float] = {}
    model = model_path()
    database = VAR / "bench" / "opas.db"
    database.parent.mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{database}"
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-m", "knowledge", "load"],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url}, check=True,
    )  # fmt: skip
    stack = Stack(
        model=model, token=secrets.token_urlsafe(16), ports=Ports(5205, 5255, 8200),
        database_url=database_url, log_dir=VAR / "bench" / "logs",
    )  # fmt: skip
    stack.start()
    try:
        for c in CONCURRENCY:
            results.append(asyncio.run(measure("opas", stack.rasa_url, OPAS_TURNS, c)))
        for name, process in stack.processes.items():
            memory[f"opas {name}"] = rss_mb(process.pid)
    finally:
        stack.stop()

    moodbot = start_moodbot(prepare_moodbot(), 5305)
    try:
        for c in CONCURRENCY:
            results.append(
                asyncio.run(measure("moodbot", "http://127.0.0.1:5305", MOODBOT_TURNS, c))
            )
        memory["moodbot rasa"] = rss_mb(moodbot.pid)
    finally:
        os.killpg(moodbot.pid, signal.SIGTERM)
        moodbot.wait(timeout=30)

    report = table(results, memory)
    print(report)
    out = VAR / "bench" / "rest_latency.json"
    out.write_text(
        json.dumps({"results": [r.__dict__ for r in results], "memory_mb": memory}, indent=2)
    )
    print(f"\nRaw figures: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
