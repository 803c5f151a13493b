"""Knowledge tests run on in-memory SQLite loaded from the real data files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from knowledge.db import create_engine_for, create_schema
from knowledge.loader import load

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def loaded_engine() -> Engine:
    engine = create_engine_for("sqlite://")
    create_schema(engine)
    load(engine)
    return engine


@pytest.fixture
def session(loaded_engine: Engine) -> Iterator[Session]:
    # Each test's writes are rolled back so the loaded data stays as the files say.
    with loaded_engine.connect() as connection:
        transaction = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
            yield session
        transaction.rollback()


@pytest.fixture
def empty_engine() -> Engine:
    engine = create_engine_for("sqlite://")
    create_schema(engine)
    return engine
