"""The stride trend beside the weekly hip work, over a window of weeks the runner can widen.

Years of imported runs would make hundreds of weekly rows and a chart no one
can read, so a report covers a window: by default the 26 weeks up to the last
week that holds data (a run or a practice), or as many weeks, or from the
date, the runner asks for. The window is computed from the data's own range.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from gethip.app.context import Context
from gethip.core.instants import bounded_day
from gethip.core.stats import week_start
from gethip.core.stride import RunSamples, StrideReport, Window, analyse_stride

DEFAULT_WEEKS = 26
MAX_WEEKS = 520


def window_for(ctx: Context, weeks: int | None = None, since: date | None = None) -> Window | None:
    """The weeks to report, or None when there is no data at all."""
    local_weeks = [week_start(s.astimezone(ctx.zone).date()) for s in ctx.runs.starts()]
    local_weeks += [week_start(p.started_at.astimezone(ctx.zone).date()) for p in ctx.practices]
    if not local_weeks:
        return None
    data_first, data_last = min(local_weeks), max(local_weeks)
    last = data_last
    if since is not None:
        since = bounded_day("since", since, ctx.today)
        first = min(week_start(since), last)
    else:
        first = last - timedelta(weeks=min(weeks or DEFAULT_WEEKS, MAX_WEEKS) - 1)
    return Window(
        first_week=max(first, data_first),
        last_week=last,
        data_first_week=data_first,
        data_last_week=data_last,
    )


def trends(ctx: Context, weeks: int | None = None, since: date | None = None) -> StrideReport:
    from gethip.runs.activity import unpack_samples

    window = window_for(ctx, weeks, since)
    # Only the window's runs are read and unpacked (a day early, for the time zones).
    earliest = None
    if window is not None:
        earliest = datetime.combine(window.first_week, time(0), ctx.zone) - timedelta(days=1)
    runs = []
    for packed in ctx.runs.samples(since=earliest):
        t, speed, cadence = unpack_samples(packed.samples)
        runs.append(
            RunSamples(run_id=packed.run_id, start=packed.start, t=t, speed=speed, cadence=cadence)
        )
    return analyse_stride(runs, ctx.practices, ctx.zone, window)
