"""Responsibilities say whether they are for minors or adults and for people granted
international protection or not; employment areas say who organises them; a version row
tells readers when a load changed the base (a random generation token).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 21:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("responsibilities") as table:
        for column in ("age", "protection"):
            table.add_column(
                sa.Column(column, sa.String(length=20), nullable=False, server_default="any")
            )
    with op.batch_alter_table("areas") as table:
        table.add_column(sa.Column("organiser", sa.String(length=300), nullable=True))
        table.add_column(sa.Column("organiser_type", sa.String(length=40), nullable=True))
    op.create_table(
        "knowledge_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("knowledge_version")
    with op.batch_alter_table("areas") as table:
        table.drop_column("organiser_type")
        table.drop_column("organiser")
    with op.batch_alter_table("responsibilities") as table:
        table.drop_column("protection")
        table.drop_column("age")
