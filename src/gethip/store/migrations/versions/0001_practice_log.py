"""The practice log: users, practices and their finished segments.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "practices",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("session", sa.String(60), nullable=False),
        sa.Column("breath_seconds", sa.Float, nullable=False),
        sa.Column("minutes", sa.Integer, nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("segments_total", sa.Integer, nullable=False),
        sa.Column("tightness", sa.Integer, nullable=True),
        sa.Column("pain", sa.Integer, nullable=True),
        sa.Column("deviation", sa.JSON, nullable=True),
    )
    op.create_table(
        "practice_segments",
        sa.Column(
            "practice_id",
            sa.String(36),
            sa.ForeignKey("practices.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("index", sa.Integer, primary_key=True),
        sa.Column("move", sa.String(60), nullable=False),
        sa.Column("side", sa.String(10), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("start", sa.Float, nullable=False),
        sa.Column("duration", sa.Float, nullable=False),
        sa.Column("reps", sa.Integer, nullable=True),
        sa.Column("breaths", sa.Integer, nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("practice_segments")
    op.drop_table("practices")
    op.drop_table("users")
