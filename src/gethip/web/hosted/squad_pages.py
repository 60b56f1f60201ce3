"""The squad pages: my squads (make one, join one), the coach's table and chart, the join link."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from gethip.app import squads
from gethip.app.errors import InvalidInput, NotFound
from gethip.app.views import week_labels
from gethip.web.csrf import check_form_token
from gethip.web.dependencies import Ctx
from gethip.web.pages.charts import bar_chart
from gethip.web.pages.templating import page

router = APIRouter(include_in_schema=False)


async def _form(request: Request) -> dict[str, str]:
    form = await request.form(max_files=0, max_fields=10, max_part_size=8 * 1024)
    check_form_token(request, form)
    return {key: str(value) for key, value in form.items()}


@router.get("/squads", response_class=HTMLResponse)
def squads_page(request: Request, ctx: Ctx, error: str | None = None) -> HTMLResponse:
    return page(request, "squads.html", "squads", squads=squads.mine(ctx), error=error)


@router.post("/squads")
async def create_squad(request: Request, ctx: Ctx) -> Response:
    form = await _form(request)
    try:
        made = await run_in_threadpool(squads.create, ctx, form.get("name", ""))
    except InvalidInput as error:
        return page(
            request, "squads.html", "squads", status=422, squads=squads.mine(ctx), error=str(error)
        )
    return RedirectResponse(f"/squads/{made.id}", status_code=303)


@router.get("/squads/join", response_class=HTMLResponse)
def join_page(
    request: Request, ctx: Ctx, code: Annotated[str, Query(max_length=32)] = ""
) -> HTMLResponse:
    return page(request, "join.html", "squads", code=code, error=None)


@router.post("/squads/join")
async def join_squad(request: Request, ctx: Ctx) -> Response:
    form = await _form(request)
    try:
        joined = await run_in_threadpool(squads.join, ctx, form.get("code", ""))
    except NotFound as error:
        return page(
            request, "join.html", "squads", status=404, code=form.get("code", ""), error=str(error)
        )
    return RedirectResponse(f"/squads/{joined.id}", status_code=303)


@router.get("/squads/{squad_id}", response_class=HTMLResponse)
def squad_page(
    request: Request, ctx: Ctx, squad_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> HTMLResponse:
    squad = squads.visible(ctx, squad_id)
    if squad.role != "coach":
        return page(request, "squad.html", "squads", squad=squad, view=None)
    view = squads.coach_view(ctx, squad_id)
    labels = week_labels(view.weeks)
    return page(
        request,
        "squad.html",
        "squads",
        squad=squad,
        view=view,
        labels=labels,
        chart=bar_chart(view.weekly_minutes, labels),
        assignments=squads.assignments(ctx, squad_id),
        join_url=str(request.url_for("join_page")) + f"?code={squad.invite_code}",
        sessions=list(ctx.book),
    )


@router.post("/squads/{squad_id}/assignments")
async def assign(
    request: Request, ctx: Ctx, squad_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> Response:
    form = await _form(request)
    try:
        day = date.fromisoformat(form.get("date", ""))
        minutes = int(form["minutes"]) if form.get("minutes", "").strip() else None
    except ValueError:
        raise InvalidInput("date", "must be a date like 2026-03-02") from None
    await run_in_threadpool(
        squads.assign, ctx, squad_id, day, form.get("session", ""), minutes, form.get("note", "")
    )
    return RedirectResponse(f"/squads/{squad_id}#plan", status_code=303)


@router.post("/squads/{squad_id}/leave")
async def leave(
    request: Request, ctx: Ctx, squad_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> Response:
    await _form(request)
    await run_in_threadpool(squads.remove, ctx, squad_id, ctx.user)
    return RedirectResponse("/squads", status_code=303)
