"""The first visit: three short screens that make the profile, then Today shows the plan.

Each screen is a plain form that saves its own fields through the same use
case as the Profile page (so the same values are refused for the same
reasons) and redirects to the next screen: the saved profile is the state,
so the screens work without JavaScript and a runner who stops half-way
keeps what they gave.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from gethip.app import profiles
from gethip.app.errors import InvalidProfile
from gethip.core.profile import Weekday
from gethip.web.csrf import check_form_token
from gethip.web.dependencies import Ctx
from gethip.web.pages.profile_form import (
    FIELD_LABELS,
    RUN_WEEK,
    SITTING,
    TIME,
    form_values,
    problems_in_words,
    read_changes,
    typed_back,
)
from gethip.web.pages.templating import page

router = APIRouter(include_in_schema=False)

START = "/start"


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    fields: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"{START}/{self.slug}"


STEPS = (
    Step("runs", "When do you run?", RUN_WEEK),
    Step("sitting", "How long do you sit?", SITTING),
    Step("time", "How much time do you have?", TIME),
)
_BY_SLUG = {step.slug: step for step in STEPS}


def _step(slug: str) -> Step:
    if slug not in _BY_SLUG:
        raise HTTPException(404, f"no onboarding screen called {slug!r}")
    return _BY_SLUG[slug]


def _known_zone(name: object) -> str | None:
    if not isinstance(name, str) or not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return name


def _after(step: Step) -> str:
    """The next screen, or Today with its plan after the last one."""
    position = STEPS.index(step)
    return STEPS[position + 1].path if position + 1 < len(STEPS) else "/"


def _screen(
    request: Request,
    step: Step,
    values: dict[str, Any],
    problems: dict[str, str] | None = None,
    status: int = 200,
    *,
    no_profile: bool,
) -> HTMLResponse:
    position = STEPS.index(step)
    return page(
        request,
        "onboarding.html",
        "today",
        status=status,
        step=step,
        number=position + 1,
        total=len(STEPS),
        back=STEPS[position - 1].path if position else "/",
        values=values,
        problems=problems or {},
        labels=FIELD_LABELS,
        weekdays=list(Weekday),
        no_profile=no_profile,
    )


@router.get(START)
def start() -> RedirectResponse:
    return RedirectResponse(STEPS[0].path, status_code=303)


@router.get(START + "/{slug}", response_class=HTMLResponse)
def onboarding_screen(request: Request, ctx: Ctx, slug: str) -> HTMLResponse:
    current = profiles.profile(ctx)
    return _screen(
        request, _step(slug), form_values(current, ctx.zone_name), no_profile=current is None
    )


@router.post(START + "/{slug}", response_class=HTMLResponse)
async def save_screen(request: Request, ctx: Ctx, slug: str) -> Response:
    step = _step(slug)
    form = await request.form(max_files=0, max_fields=50, max_part_size=64 * 1024)
    check_form_token(request, form)
    changes = read_changes(form, step.fields)
    if ctx.profile is None and "timezone" not in changes:
        # The first save needs a zone before the last screen asks: the phone's when its
        # script sent one we know, else where the server is; the last screen can change it.
        changes["timezone"] = _known_zone(form.get("phone_zone")) or ctx.zone_name
    try:
        await run_in_threadpool(profiles.update, ctx, changes)
    except InvalidProfile as error:
        values = typed_back(form, changes, form_values(ctx.profile, ctx.zone_name))
        return _screen(
            request,
            step,
            values,
            problems_in_words(error),
            status=422,
            no_profile=ctx.profile is None,
        )
    return RedirectResponse(_after(step), status_code=303)
