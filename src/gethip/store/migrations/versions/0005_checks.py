"""Checks: hip check readings, per user, test and side, with the day each was made.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Registers the checks table on Base.metadata for whoever compares models with migrations.
import gethip.store.check_models  # noqa: F401

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checks",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("measured_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("test", sa.String(10), nullable=False),
        sa.Column("side", sa.String(10), nullable=False),
        sa.Column("thigh_angle_deg", sa.Float, nullable=True),
        sa.Column("hip_extension_deg", sa.Float, nullable=True),
        sa.Column("knee_angle_deg", sa.Float, nullable=False),
        sa.Column("spread_deg", sa.Float, nullable=False),
        sa.Column("uncertainty_deg", sa.Float, nullable=False),
        sa.Column("frames_used", sa.Integer, nullable=False),
        sa.Column("frames_total", sa.Integer, nullable=False),
        sa.Column("verdict", sa.String(40), nullable=False),
        sa.Column("pose_model", sa.String(200), nullable=True),
        sa.Column("recording_sha256", sa.String(64), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_checks_user_measured", "checks", ["user_id", "measured_at"])
    op.create_index("ix_checks_user_recording", "checks", ["user_id", "recording_sha256"])


def downgrade() -> None:
    op.drop_index("ix_checks_user_recording", table_name="checks")
    op.drop_index("ix_checks_user_measured", table_name="checks")
    op.drop_table("checks")
