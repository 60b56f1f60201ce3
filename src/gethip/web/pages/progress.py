"""The Progress page: streak and weekly work, ratings, the stride trend, and the hip checks kept.

A kept hip check can be removed here, one reading at a time, behind a
confirmation box as on History.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from gethip.app import checks
from gethip.app.stats import stats
from gethip.app.trends import MAX_WEEKS, trends
from gethip.app.views import week_labels
from gethip.core.stride import StrideReport
from gethip.web.csrf import confirmed
from gethip.web.dependencies import Ctx
from gethip.web.pages.charts import StrideChart, bar_chart, rating_chart, stride_chart
from gethip.web.pages.progress_checks import checks_section
from gethip.web.pages.templating import page

router = APIRouter(include_in_schema=False)

# What the page offers besides its default window.
WINDOW_CHOICES = (13, 26, 52, 104)


def _stride_chart(report: StrideReport, labels: list[str]) -> StrideChart:
    # Days since the first week's Monday put runs and weekly means on one axis.
    if not report.weeks:
        return stride_chart([], [])
    origin = report.weeks[0].week_start
    return stride_chart(
        [
            ((run.week_start - origin).days + run.start.weekday(), run.step_length_m)
            for run in report.runs
        ],
        [
            (
                (week.week_start - origin).days + 3,
                week.step_length_m,
                week.ci_low_m,
                week.ci_high_m,
                label,
            )
            for week, label in zip(report.weeks, labels, strict=True)
            if week.step_length_m is not None
        ],
    )


@router.get("/progress", response_class=HTMLResponse)
def progress_page(
    request: Request,
    ctx: Ctx,
    weeks: Annotated[int | None, Query(ge=1, le=MAX_WEEKS)] = None,
    since: Annotated[date | None, Query()] = None,
    deleted: Annotated[bool, Query()] = False,
) -> HTMLResponse:
    summary = stats(ctx)
    stride = trends(ctx, weeks, since)
    labels = week_labels([week.week_start for week in summary.weeks])
    stride_labels = week_labels([week.week_start for week in stride.weeks])
    return page(
        request,
        "progress.html",
        "progress",
        stats=summary,
        stats_labels=labels,
        stride=stride,
        stride_labels=stride_labels,
        window_choices=WINDOW_CHOICES,
        chosen_weeks=weeks,
        stride_chart=_stride_chart(stride, stride_labels),
        hip_chart=bar_chart([week.hip_minutes for week in stride.weeks], stride_labels),
        sessions_chart=bar_chart([week.sessions for week in summary.weeks], labels),
        minutes_chart=bar_chart([week.minutes for week in summary.weeks], labels),
        checks=checks_section(ctx),
        deleted=deleted,
        ratings_chart=rating_chart(
            {
                "tightness": [point.tightness for point in summary.trend],
                "pain": [point.pain for point in summary.trend],
            }
        ),
    )


@router.post("/progress/checks/{check_id}/delete")
async def delete_check(request: Request, check_id: UUID, ctx: Ctx) -> Response:
    """Removes a hip check reading once the form's confirmation box was ticked."""
    ticked = await confirmed(request)
    found = await run_in_threadpool(checks.get, ctx, str(check_id))
    if not ticked:
        return RedirectResponse(f"/progress#check-{found.id}", status_code=303)
    await run_in_threadpool(checks.delete, ctx, found.id)
    return RedirectResponse("/progress?deleted=1#checks-title", status_code=303)
