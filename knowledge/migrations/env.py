"""Alembic environment: runs on the connection create_schema() passes, or on DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import knowledge.handoffs  # noqa: F401  (registers the handoff and adviser tables)
from knowledge.db import create_engine_for
from knowledge.models import Base
from knowledge.settings import Settings

target_metadata = Base.metadata


def run_on(connection: Connection) -> None:
    # render_as_batch: SQLite can only alter tables by copying them.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    engine = create_engine_for(Settings.from_env().database_url)
    with engine.begin() as own_connection:
        run_on(own_connection)
