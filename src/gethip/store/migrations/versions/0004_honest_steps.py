"""Honest steps: how each step ended and the seconds worked in it; work time per practice.

Existing rows are brought under the new rules: every stored step ran to its
end (the old players saved only those), a deviation becomes the structured
dose changes it was made from, and a practice marked completed with steps of
work missing becomes partial.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("practice_segments") as batch:
        batch.add_column(sa.Column("outcome", sa.String(10), nullable=False, server_default="done"))
        batch.add_column(sa.Column("worked_seconds", sa.Float, nullable=False, server_default="0"))
    with op.batch_alter_table("practices") as batch:
        batch.add_column(
            sa.Column("work_seconds_total", sa.Float, nullable=False, server_default="0")
        )
    op.create_index("ix_practices_user_started", "practices", ["user_id", "started_at"])
    op.execute("UPDATE practice_segments SET worked_seconds = duration")
    _recompile_practices()


def _recompile_practices() -> None:
    # The compiler is pure: a practice's session and settings give back exactly
    # the timeline it played, and so its work time and its structured deviation.
    from gethip.content import load_sessions
    from gethip.core.errors import GethipError
    from gethip.core.practice import work_indexes, work_seconds
    from gethip.core.timeline import Settings, compile_session

    book = load_sessions()
    bind = op.get_bind()
    practices = sa.table(
        "practices",
        sa.column("id", sa.String),
        sa.column("session", sa.String),
        sa.column("breath_seconds", sa.Float),
        sa.column("minutes", sa.Integer),
        sa.column("status", sa.String),
        sa.column("work_seconds_total", sa.Float),
        sa.column("deviation", sa.JSON),
    )
    segments = sa.table(
        "practice_segments", sa.column("practice_id", sa.String), sa.column("index", sa.Integer)
    )
    rows = bind.execute(
        sa.select(
            practices.c.id,
            practices.c.session,
            practices.c.breath_seconds,
            practices.c.minutes,
            practices.c.status,
        )
    ).all()
    for practice_id, session, breath, minutes, status in rows:
        try:
            timeline = compile_session(
                book.get(session), book.catalog, Settings(breath_seconds=breath, minutes=minutes)
            )
        except (GethipError, ValueError):
            continue  # a session this version does not know: left as it was
        done = set(
            bind.execute(
                sa.select(segments.c.index).where(segments.c.practice_id == practice_id)
            ).scalars()
        )
        changes: dict[str, object] = {
            "work_seconds_total": work_seconds(timeline),
            "deviation": timeline.deviation.model_dump(mode="json", exclude_computed_fields=True)
            if timeline.deviation
            else None,
        }
        if status == "completed" and not work_indexes(timeline) <= done:
            changes["status"] = "partial"
        bind.execute(practices.update().where(practices.c.id == practice_id).values(**changes))


def downgrade() -> None:
    op.drop_index("ix_practices_user_started", table_name="practices")
    with op.batch_alter_table("practices") as batch:
        batch.drop_column("work_seconds_total")
    with op.batch_alter_table("practice_segments") as batch:
        batch.drop_column("worked_seconds")
        batch.drop_column("outcome")
