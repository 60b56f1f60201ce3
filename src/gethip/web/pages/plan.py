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
from gethip.core.profile import Level, Profile, Weekday
from gethip.web.csrf import check_form_token
from gethip.web.dependencies import CalendarCtx, Ctx
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


def _form_values(profile: Profile | None) -> dict[str, Any]:
    """What the form shows: the saved profile, or sensible blanks before the first save."""
    if profile is None:
        return {
            "run_days": [],
            "run_times": {},
            "long_run_day": "",
            "sitting_hours": "0",
            "minutes": "",
            "timezone": "UTC",
            "level": Level.INTERMEDIATE.value,
            "notes": "",
        }
    data = profile.model_dump(mode="json")
    data["long_run_day"] = data["long_run_day"] or ""
    data["sitting_hours"] = f"{profile.sitting_hours:g}"
    data["minutes"] = "" if profile.minutes is None else str(profile.minutes)
    return data


def _changes(form: Any) -> dict[str, Any]:
    """The form's fields in the profile's own terms; the profile checks every value."""
    run_days = [day.value for day in Weekday if day.value in form.getlist("run_days")]
    return {
        "run_days": run_days,
        # A time typed for a day that is not ticked is ignored, not an error.
        "run_times": {
            day: str(form.get(f"time_{day}", "")).strip()
            for day in run_days
            if str(form.get(f"time_{day}", "")).strip()
        },
        "long_run_day": str(form.get("long_run_day", "")).strip() or None,
        "sitting_hours": str(form.get("sitting_hours", "")).strip() or "0",
        "minutes": str(form.get("minutes", "")).strip(),
        "timezone": str(form.get("timezone", "")).strip(),
        "level": str(form.get("level", "")).strip(),
        "notes": str(form.get("notes", "")).replace("\r\n", "\n"),
    }


def _profile_page(
    request: Request,
    values: dict[str, Any],
    *,
    error: InvalidProfile | None = None,
    saved: int | None = None,
    status: int = 200,
) -> HTMLResponse:
    field = None if error is None else error.field.split(".")[0]
    return page(
        request,
        "profile.html",
        "profile",
        status=status,
        values=values,
        weekdays=list(Weekday),
        levels=[level.value for level in Level],
        error=error,
        error_field=field,
        saved=saved,
    )


@router.get("/profile", response_class=HTMLResponse)
def profile_page(
    request: Request, ctx: Ctx, saved: Annotated[int | None, Query(ge=1)] = None
) -> HTMLResponse:
    return _profile_page(request, _form_values(profiles.profile(ctx)), saved=saved)


@router.post("/profile", response_class=HTMLResponse)
async def save_profile(request: Request, ctx: Ctx) -> Response:
    form = await request.form(max_files=0, max_fields=50, max_part_size=64 * 1024)
    check_form_token(request, form)
    changes = _changes(form)
    try:
        record = await run_in_threadpool(profiles.update, ctx, changes)
    except InvalidProfile as error:
        # The runner's own input comes back with the field named; nothing was stored.
        values = {
            **changes,
            "run_times": {day.value: str(form.get(f"time_{day.value}", "")) for day in Weekday},
            "long_run_day": changes["long_run_day"] or "",
        }
        return _profile_page(request, values, error=error, status=422)
    # Post, redirect, get: reloading the page does not send the form again.
    return RedirectResponse(f"/profile?saved={record.version}", status_code=303)
