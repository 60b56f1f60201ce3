"""The Plan and Profile pages, and the calendar a phone subscribes to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from gethip.content import load_sessions
from gethip.core.planner import ItemKind, PlanItem, Rule
from gethip.core.profile import InvalidProfile, Level, Profile, Weekday
from gethip.exports.ics import plan_calendar
from gethip.store.profiles import Profiles
from gethip.web.csrf import check_form_token
from gethip.web.dependencies import StoreDep
from gethip.web.errors import NoProfile
from gethip.web.pages.templating import templates
from gethip.web.plans import CALENDAR_WEEKS, planned_weeks

router = APIRouter(include_in_schema=False)

DONE_TEXT = {True: ("✓", "done"), False: ("✗", "missed"), None: None}


@dataclass(frozen=True)
class Row:
    """One line of the week: a desk day's breaks share one, as they share one reason."""

    time: str
    what: str
    minutes: int | None
    reason: str
    notes: tuple[str, ...]
    done: tuple[str, str] | None
    play: str | None


def _what(item: PlanItem, long_run: Weekday | None, names: dict[str, str]) -> str:
    if item.kind == ItemKind.RUN:
        text = "Long run" if Weekday.of(item.date) == long_run else "Run"
        return text + " (planned)" if item.rule == Rule.PLANNED_RUN else text
    if item.kind == ItemKind.DESK_BREAK:
        return "Desk break: 3 openers"
    return names.get(item.session or "", item.session or "")


def _rows(items: tuple[PlanItem, ...], profile: Profile, names: dict[str, str]) -> list[Row]:
    rows: list[Row] = []
    breaks = [item for item in items if item.kind == ItemKind.DESK_BREAK]
    for item in items:
        if item.kind == ItemKind.DESK_BREAK and len(breaks) > 1:
            if item is not breaks[0]:
                continue
            rows.append(
                Row(
                    time=", ".join(b.time or "" for b in breaks),
                    what=f"{len(breaks)} desk breaks: 3 openers each",
                    minutes=item.minutes,
                    reason=item.reason.rsplit(" (", 1)[0] + ".",
                    notes=(),
                    done=None,
                    play=None,
                )
            )
            continue
        rows.append(
            Row(
                time=item.time or "",
                what=_what(item, profile.long_run_day, names),
                minutes=item.minutes,
                reason=item.reason,
                notes=tuple(adjustment.label for adjustment in item.adjustments),
                done=DONE_TEXT[item.done],
                play=f"/play/{item.session}" if item.session in names else None,
            )
        )
    return rows


@router.get("/plan", response_class=HTMLResponse)
def plan_page(
    request: Request, store: StoreDep, week: Annotated[date | None, Query()] = None
) -> HTMLResponse:
    try:
        weeks = planned_weeks(store, week)
    except NoProfile:
        return templates.TemplateResponse(request, "plan.html", {"page": "plan", "plan": None})
    plan = weeks.plans[0]
    names = {session.id: session.name for session in load_sessions()}
    days = [
        {
            "date": plan.week_start + timedelta(days=n),
            "today": plan.week_start + timedelta(days=n) == weeks.today,
            "rows": _rows(plan.on(plan.week_start + timedelta(days=n)), weeks.profile, names),
        }
        for n in range(7)
    ]
    return templates.TemplateResponse(
        request,
        "plan.html",
        {
            "page": "plan",
            "plan": plan,
            "days": days,
            "score": plan.adherence(),
            "previous": (plan.week_start - timedelta(weeks=1)).isoformat(),
            "next": (plan.week_start + timedelta(weeks=1)).isoformat(),
            "this_week": plan.week_start <= weeks.today < plan.week_start + timedelta(weeks=1),
            "calendar_url": str(request.url_for("calendar")),
        },
    )


@router.get("/calendar.ics", name="calendar")
def calendar(store: StoreDep) -> Response:
    """The next four weeks, made afresh on every fetch, so a subscribed calendar keeps up."""
    weeks = planned_weeks(store, count=CALENDAR_WEEKS)
    body = plan_calendar(weeks.plans, load_sessions(), datetime.now(UTC))
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
    return templates.TemplateResponse(
        request,
        "profile.html",
        {
            "page": "profile",
            "values": values,
            "weekdays": list(Weekday),
            "levels": [level.value for level in Level],
            "error": error,
            "error_field": field,
            "saved": saved,
        },
        status_code=status,
    )


@router.get("/profile", response_class=HTMLResponse)
def profile_page(
    request: Request, store: StoreDep, saved: Annotated[int | None, Query(ge=1)] = None
) -> HTMLResponse:
    return _profile_page(request, _form_values(Profiles(store).current()), saved=saved)


@router.post("/profile", response_class=HTMLResponse)
async def save_profile(request: Request, store: StoreDep) -> Response:
    form = await request.form(max_files=0, max_fields=50)
    check_form_token(request, form)
    changes = _changes(form)
    try:
        record = await run_in_threadpool(Profiles(store).update, changes, datetime.now(UTC))
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
