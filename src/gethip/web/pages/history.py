"""The History page: practices newest first, a page at a time, each resumable or removable."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from gethip.app import practices
from gethip.web.csrf import confirmed
from gethip.web.dependencies import Ctx
from gethip.web.pages.templating import page

router = APIRouter(include_in_schema=False)

PAGE = 30


@router.get("/history", response_class=HTMLResponse)
def history_page(
    request: Request,
    ctx: Ctx,
    before: Annotated[datetime | None, Query()] = None,
    deleted: Annotated[str | None, Query(max_length=60)] = None,
) -> HTMLResponse:
    shown = practices.history(ctx, limit=PAGE + 1, before=before)
    more = len(shown) > PAGE
    shown = shown[:PAGE]
    resumable = {
        p.id: f"/play/{p.session}?resume={p.id}"
        for p in shown
        if p.status in practices.UNFINISHED and practices.detail(ctx, p.id).resume_from is not None
    }
    return page(
        request,
        "history.html",
        "history",
        ctx=ctx,
        practices=shown,
        names={session.id: session.name for session in ctx.book},
        resumable=resumable,
        older=shown[-1].started_at.isoformat() if more and shown else None,
        deleted=deleted,
    )


@router.post("/history/{practice_id}/delete")
async def delete_practice(request: Request, practice_id: UUID, ctx: Ctx) -> Response:
    """Removes a practice once the form's confirmation box was ticked (the page asks first)."""
    ticked = await confirmed(request)
    detail = await run_in_threadpool(practices.detail, ctx, str(practice_id))
    found = detail.practice
    if not ticked:
        return RedirectResponse(f"/history#practice-{found.id}", status_code=303)
    await run_in_threadpool(practices.delete, ctx, found.id)
    return RedirectResponse(f"/history?deleted={found.session}", status_code=303)
