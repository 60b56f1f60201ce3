"""Runs: imported runs with their figures and packed per-second samples.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Registers the runs table on Base.metadata for whoever compares models with migrations.
import gethip.store.run_models  # noqa: F401

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("utc_offset_minutes", sa.Integer, nullable=True),
        sa.Column("sport", sa.String(40), nullable=False),
        sa.Column("sub_sport", sa.String(40), nullable=True),
        sa.Column("elapsed_s", sa.Float, nullable=False),
        sa.Column("moving_s", sa.Float, nullable=True),
        sa.Column("distance_m", sa.Float, nullable=True),
        sa.Column("cadence_spm", sa.Float, nullable=True),
        sa.Column("step_length_m", sa.Float, nullable=True),
        sa.Column("step_length_from_device", sa.Boolean, nullable=False),
        sa.Column("ascent_m", sa.Float, nullable=True),
        sa.Column("source", sa.String(1000), nullable=False),
        sa.Column("source_format", sa.String(10), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("leg", sa.Integer, nullable=False),
        sa.Column("samples", sa.LargeBinary, nullable=False),
        sa.Column("sample_count", sa.Integer, nullable=False),
        sa.Column("speed_samples", sa.Integer, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("user_id", "sha256", "leg", name="uq_runs_user_file_leg"),
    )
    op.create_index("ix_runs_user_start", "runs", ["user_id", "start"])


def downgrade() -> None:
    op.drop_index("ix_runs_user_start", table_name="runs")
    op.drop_table("runs")
