"""Knowledge base speed: loading the whole base, and the where-to-go query the bot makes.

Run with `make bench-knowledge` (also part of `make bench`). Loads knowledge/data into a fresh
SQLite file (as `make db` does) a few times, then asks where to go for every topic in every
municipality (Åland included) for someone who has answered every question, on today's date,
and reports p50/p95 of one query with its own session, as an action runs it.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from knowledge import queries
from knowledge.clock import today_in_finland
from knowledge.db import create_engine_for, create_schema, session_scope
from knowledge.loader import load
from knowledge.models import Municipality, Topic

LOAD_ROUNDS = 3
QUERY_ROUNDS = 3


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        load_seconds = []
        for round_number in range(LOAD_ROUNDS):
            engine = create_engine_for(f"sqlite:///{Path(directory) / f'load{round_number}.db'}")
            started = time.perf_counter()
            create_schema(engine)
            load(engine)
            load_seconds.append(time.perf_counter() - started)
            engine.dispose()

        engine = create_engine_for(f"sqlite:///{Path(directory) / 'load0.db'}")
        with session_scope(engine) as session:
            topics = list(session.scalars(select(Topic.key)))
            municipalities = list(session.scalars(select(Municipality.name_fi)))
        on = today_in_finland()
        timings: list[float] = []
        outcomes: dict[str, int] = {}
        for round_number in range(QUERY_ROUNDS):
            for topic in topics:
                for index, municipality in enumerate(municipalities):
                    started = time.perf_counter()
                    try:
                        with session_scope(engine) as session:
                            queries.where_to_go(
                                session,
                                topic,
                                municipality=municipality,
                                on=on,
                                lang=("fi", "sv", "en")[index % 3],
                                jobseeker=index % 2 == 0,
                                minor=False,
                                protection=index % 2 == 1,
                            )
                        outcome = "answered"
                    except queries.NoAreaForMunicipality:
                        outcome = "no local office (Åland)"
                    timings.append((time.perf_counter() - started) * 1000)
                    if round_number == 0:
                        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    print(f"knowledge base load (schema + all records, SQLite file), {LOAD_ROUNDS} runs:")
    print(f"  median {statistics.median(load_seconds):.2f} s, max {max(load_seconds):.2f} s")
    print(
        f"where-to-go: {len(topics)} topics x {len(municipalities)} municipalities x "
        f"{QUERY_ROUNDS} rounds = {len(timings)} queries on {on.isoformat()}"
    )
    print(f"  outcomes per round: {outcomes}")
    print(
        f"  p50 {percentile(timings, 0.5):.2f} ms, p95 {percentile(timings, 0.95):.2f} ms, "
        f"max {max(timings):.2f} ms (budget p95 <= 2 ms)"
    )


if __name__ == "__main__":
    main()
