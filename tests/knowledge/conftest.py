"""Knowledge tests run on in-memory SQLite loaded from the real data files, and on PostgreSQL.

The PostgreSQL run needs a server: `.ci/run` starts one and sets OPAS_TEST_POSTGRES_URL to an
empty database that these fixtures may wipe. Without it the PostgreSQL cases are skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, make_url, text
from sqlalchemy.orm import Session

from knowledge.db import create_engine_for, create_schema
from knowledge.loader import load

FIXTURES = Path(__file__).parent / "fixtures"


POSTGRES_URL_VARIABLE = "OPAS_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


def fresh_engine(backend: str, schema: str, directory: Path) -> Engine:
    """An engine on an empty database (a PostgreSQL schema of its own) with our tables."""
    if backend == "sqlite":
        # A file, as in production: the in-memory base (knowledge.snapshot) reads on a
        # connection of its own, which an in-memory database shared by one connection lacks.
        path = directory / f"{schema}.db"
        engine = create_engine_for(f"sqlite:///{path}")
    else:
        url = os.environ.get(POSTGRES_URL_VARIABLE)
        if not url:
            if os.environ.get("CI"):
                pytest.fail(f"CI must test PostgreSQL too: {POSTGRES_URL_VARIABLE} is not set")
            pytest.skip(f"PostgreSQL: set {POSTGRES_URL_VARIABLE} (.ci/run does)")
        # The session-wide loaded data and each test's scratch data live side by side.
        engine = create_engine_for(
            make_url(url)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    create_schema(engine)
    return engine


@pytest.fixture(scope="session", params=BACKENDS)
def loaded_engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    directory = request.getfixturevalue("tmp_path_factory").mktemp("loaded")
    engine = fresh_engine(request.param, schema="loaded", directory=directory)
    load(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(loaded_engine: Engine) -> Iterator[Session]:
    # Each test's writes are rolled back so the loaded data stays as the files say.
    with loaded_engine.connect() as connection:
        transaction = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
            yield session
        transaction.rollback()


@pytest.fixture(params=BACKENDS)
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    engine = fresh_engine(request.param, schema="scratch", directory=tmp_path)
    yield engine
    engine.dispose()
