"""Handoffs with transcripts and queues, advisers, their sessions and the audit log.

Replaces handoff_requests. Each stored request is kept as a cancelled handoff: the old action
never paused the bot, so reopening them would silence it for people who moved on long ago.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 03:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "advisers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("organisation", sa.String(length=120), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "adviser_sessions",
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("adviser_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["adviser_id"], ["advisers.id"]),
        sa.PrimaryKeyConstraint("token_digest"),
    )
    op.create_index("ix_adviser_sessions_adviser_id", "adviser_sessions", ["adviser_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("adviser_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("handoff_id", sa.String(length=32), nullable=True),
        sa.Column("detail", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["adviser_id"], ["advisers.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_handoff_id", "audit_log", ["handoff_id"])
    handoffs = op.create_table(
        "handoffs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("sender_id", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=60), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("topic", sa.String(length=80), nullable=True),
        sa.Column("municipality", sa.String(length=120), nullable=True),
        sa.Column("queue", sa.String(length=120), nullable=False),
        sa.Column("collected", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("claimed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["claimed_by_id"], ["advisers.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_handoffs_sender_id", "handoffs", ["sender_id"])
    op.create_index("ix_handoffs_queue", "handoffs", ["queue"])
    op.create_index("ix_handoffs_status", "handoffs", ["status"])
    op.create_table(
        "handoff_messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("handoff_id", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(length=10), nullable=False),
        sa.Column("adviser_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["adviser_id"], ["advisers.id"]),
        sa.ForeignKeyConstraint(["handoff_id"], ["handoffs.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_handoff_messages_handoff_id", "handoff_messages", ["handoff_id"])

    old = sa.table(
        "handoff_requests",
        sa.column("id", sa.String),
        sa.column("sender_id", sa.String),
        sa.column("channel", sa.String),
        sa.column("language", sa.String),
        sa.column("topic", sa.String),
        sa.column("municipality", sa.String),
        sa.column("last_message", sa.Text),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("status", sa.String),
    )
    connection = op.get_bind()
    rows = [dict(row._mapping) for row in connection.execute(sa.select(old))]
    if rows:
        op.bulk_insert(
            handoffs,
            [
                {
                    "id": row["id"],
                    "sender_id": row["sender_id"],
                    "channel": row["channel"],
                    "language": row["language"],
                    "reason": "asked",
                    "topic": row["topic"],
                    "municipality": row["municipality"],
                    "queue": "national",
                    "collected": {},
                    "summary": row["last_message"][:280],  # masked when it was stored
                    "status": "cancelled",
                    "outcome": None,
                    "claimed_by_id": None,
                    "created_at": row["created_at"],
                    "claimed_at": None,
                    "closed_at": row["created_at"],
                }
                for row in rows
            ],
        )
    op.drop_table("handoff_requests")


def downgrade() -> None:
    op.create_table(
        "handoff_requests",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("sender_id", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=60), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("topic", sa.String(length=80), nullable=True),
        sa.Column("municipality", sa.String(length=120), nullable=True),
        sa.Column("last_message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_handoff_requests_sender_id", "handoff_requests", ["sender_id"])
    for table in ("handoff_messages", "handoffs", "audit_log", "adviser_sessions", "advisers"):
        op.drop_table(table)
