"""The runner's imported runs: a page of them at a time, and a way to remove one."""

from __future__ import annotations

from datetime import datetime

from gethip.app.context import Context
from gethip.core.instants import bounded
from gethip.core.run_summary import RunSummary


def runs(
    ctx: Context, limit: int | None = None, before: datetime | None = None
) -> list[RunSummary]:
    if before is not None:
        before = bounded("before", before, ctx.now)
    return ctx.runs.summaries(limit=limit, before=before)


def delete(ctx: Context, run_id: int) -> None:
    ctx.runs.delete(run_id)
