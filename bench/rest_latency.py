"""REST latency, throughput and memory of Opas, and of Rasa's moodbot in the same run.

Run with `make bench`. Trains Opas's model once from scratch (no cache) and reports the time
and the peak memory of training; starts the three processes and reports the cold start to the
first answer; then, for each assistant on its own loopback ports, warms it up, holds
conversations over the REST channel at 1 and 10 concurrent users and reports p50/p95 latency,
messages per second and the resident memory of every process. Opas's conversations are in all
thirteen languages. The moodbot is what `rasa init` creates, trained with its own default
config: the yardstick the foundation issue sets.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import secrets
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from tools.paths import ENGINE_PYTHON, ROOT, VAR
from tools.stack import Ports, Stack, answers, terminate
from tools.train import engine_env, model_path

MESSAGES_PER_USER = 40
CONVERSATIONS = 10
CONCURRENCY = (1, 10)

# Small talk, knowledge answers of up to six bubbles and follow-up questions, in every language.
OPAS_TURNS = [
    "Hei!",
    "Missä voin ilmoittautua työnhakijaksi?",
    "Asun Tampereella",
    "var hittar jag en kurs i finska i Åbo",
    "who pays the reimbursements under the Integration Act?",
    "Где найти курсы финского языка в Хельсинки?",
    "Хочу знайти роботу в Еспоо",
    "kus saab Vantaal soome keelt õppida",
    "أين أجد دورة لغة فنلندية في هلسنكي؟",
    "کجا می‌توانم در تامپره کار پیدا کنم؟",
    "Xagee ka helaa koorsada luqadda Finishka ee Turku?",
    "Oulu'da iş arıyorum",
    "où trouver des activités sportives à Lahti ?",
    "¿dónde está la oficina de empleo en Vaasa?",
    "我想在赫尔辛基找工作",
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


def train_from_scratch() -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of `rasa train` with an empty cache."""
    with tempfile.TemporaryDirectory(prefix="opas-train-") as scratch:
        started = time.perf_counter()
        subprocess.run(
            [str(ENGINE_PYTHON), "-m", "rasa", "train", "--config", "config.yml",
             "--domain", "bot/domain", "--data", "bot/data", "--out", scratch],
            cwd=ROOT, env={**engine_env(), "RASA_CACHE_DIRECTORY": f"{scratch}/cache"},
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        seconds = time.perf_counter() - started
    # ru_maxrss of waited-for children: the largest one, in KB on Linux.
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


async def first_answer(rasa_url: str) -> None:
    url = f"{rasa_url}/webhooks/rest/webhook"
    message = {"sender": "bench-cold", "message": "hei"}
    async with aiohttp.ClientSession() as session, session.post(url, json=message) as r:
        if r.status != 200 or not await r.json():
            raise RuntimeError(f"no first answer: {r.status}")


def main() -> None:
    results: list[Result] = []
    memory: dict[str, float] = {}
    train_seconds, train_peak_mb = train_from_scratch()
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
    started = time.perf_counter()
    stack.start()
    try:
        asyncio.run(first_answer(stack.rasa_url))
        cold_start_s = time.perf_counter() - started
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
        terminate(moodbot)

    startup = {
        "training_s": train_seconds,
        "training_peak_mb": train_peak_mb,
        "cold_start_to_first_answer_s": cold_start_s,
    }
    report = table(results, memory)
    report += "\n\n" + "\n".join(f"{name}: {value:.1f}" for name, value in startup.items())
    print(report)
    out = VAR / "bench" / "rest_latency.json"
    out.write_text(
        json.dumps(
            {"results": [r.__dict__ for r in results], "memory_mb": memory, **startup}, indent=2
        )
    )
    print(f"\nRaw figures: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
