"""What the log adds up to, as of today where the runner is."""

from __future__ import annotations

from gethip.app.context import Context
from gethip.core.stats import Stats, compute_stats


def stats(ctx: Context) -> Stats:
    return compute_stats(ctx.practices, ctx.today, ctx.zone)
