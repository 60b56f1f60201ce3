"""The Plan and Profile pages, and the calendar a phone subscribes to."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from gethip.app import accounts, plans, profiles
from gethip.app.errors import InvalidProfile, NoProfile
from gethip.app.views import rows
from gethip.core.profile import Level, Weekday
from gethip.web.csrf import check_form_token
from gethip.web.dependencies import CalendarCtx, Ctx
from gethip.web.pages.profile_form import (
    FIELD_LABELS,
    LEVEL_HINTS,
    form_values,
    problems_in_words,
    read_changes,
    typed_back,
)
from gethip.web.pages.templating import page

router = APIRouter(include_in_schema=False)


@router.get("/plan", response_class=HTMLResponse)
def plan_page(
    request: Request, ctx: Ctx, week: Annotated[date | None, Query()] = None
) -> HTMLResponse:
    try:
        weeks = plans.planned_weeks(ctx, week)
    except NoProfile:
        return page(request, "plan.html", "plan", plan=None)
    plan = weeks.plans[0]
    long_run = weeks.profile.long_run_day
    days = [
        {
            "date": plan.week_start + timedelta(days=n),
            "today": plan.week_start + timedelta(days=n) == weeks.today,
            "rows": rows(plan.on(plan.week_start + timedelta(days=n)), long_run, ctx.book),
        }
        for n in range(7)
    ]
    return page(
        request,
        "plan.html",
        "plan",
        plan=plan,
        days=days,
        score=plan.adherence(),
        previous=(plan.week_start - timedelta(weeks=1)).isoformat(),
        next=(plan.week_start + timedelta(weeks=1)).isoformat(),
        this_week=plan.week_start <= weeks.today < plan.week_start + timedelta(weeks=1),
        calendar_url=_calendar_url(request, ctx),
    )


def _calendar_url(request: Request, ctx: Ctx) -> str:
    """Hosted: the address carries the runner's own secret key, since calendar apps send no cookie."""
    url = str(request.url_for("calendar"))
    if not request.app.state.identity.hosted:
        return url
    return f"{url}?key={accounts.calendar_key(ctx.store, ctx.user)}"


@router.get("/calendar.ics", name="calendar")
def calendar(request: Request, ctx: CalendarCtx) -> Response:
    """The next four weeks, made afresh on every fetch, so a subscribed calendar keeps up."""
    body, _ = plans.calendar(ctx, base_url=str(request.base_url))
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Cache-Control": "no-cache",
            "Content-Disposition": 'inline; filename="gethip.ics"',
        },
    )


# --- the profile form ----------------------------------------------------------------------


def _profile_page(
    request: Request,
    values: dict[str, Any],
    *,
    problems: dict[str, str] | None = None,
    saved: int | None = None,
    guess_zone: bool = False,
    status: int = 200,
) -> HTMLResponse:
    return page(
        request,
        "profile.html",
        "profile",
        status=status,
        values=values,
        weekdays=list(Weekday),
        levels=list(Level),
        level_hints=LEVEL_HINTS,
        labels=FIELD_LABELS,
        problems=problems or {},
        saved=saved,
        guess_zone=guess_zone,
    )


@router.get("/profile", response_class=HTMLResponse)
def profile_page(
    request: Request, ctx: Ctx, saved: Annotated[int | None, Query(ge=1)] = None
) -> HTMLResponse:
    current = profiles.profile(ctx)
    # Before the first save the zone shown is only the server's guess: the page's
    # script puts the phone's own in its place.
    return _profile_page(
        request, form_values(current, ctx.zone_name), saved=saved, guess_zone=current is None
    )


@router.post("/profile", response_class=HTMLResponse)
async def save_profile(request: Request, ctx: Ctx) -> Response:
    form = await request.form(max_files=0, max_fields=50, max_part_size=64 * 1024)
    check_form_token(request, form)
    changes = read_changes(form)
    try:
        record = await run_in_threadpool(profiles.update, ctx, changes)
    except InvalidProfile as error:
        # Every problem at once, each beside its field, and what was typed kept: nothing stored.
        values = typed_back(form, changes, form_values(ctx.profile, ctx.zone_name))
        return _profile_page(request, values, problems=problems_in_words(error), status=422)
    # Post, redirect, get: reloading the page does not send the form again.
    return RedirectResponse(f"/profile?saved={record.version}", status_code=303)
