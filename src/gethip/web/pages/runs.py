"""The Runs page: send run files, see what the import made of them, and the runs kept."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from gethip.app import runs
from gethip.app.context import Context
from gethip.app.imports import ImportSummary
from gethip.web.csrf import check_form_token
from gethip.web.dependencies import Ctx
from gethip.web.pages.templating import page
from gethip.web.uploads import MAX_UPLOAD_BYTES, RUN_SUFFIXES, import_upload, queue_upload

router = APIRouter(include_in_schema=False)

PAGE = 50


def _runs_page(
    request: Request,
    ctx: Context,
    summary: ImportSummary | None = None,
    before: datetime | None = None,
    job: int | None = None,
) -> HTMLResponse:
    shown = runs.runs(ctx, limit=PAGE + 1, before=before)
    return page(
        request,
        "runs.html",
        "runs",
        runs=shown[:PAGE],
        older=shown[PAGE - 1].start if len(shown) > PAGE else None,
        summary=None if summary is None else summary.to_json(),
        accept=",".join(RUN_SUFFIXES),
        max_mb=MAX_UPLOAD_BYTES // 1_000_000,
        job=job,
    )


@router.get("/runs", response_class=HTMLResponse)
def runs_page(
    request: Request,
    ctx: Ctx,
    before: Annotated[datetime | None, Query()] = None,
    job: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> HTMLResponse:
    return _runs_page(request, ctx, before=before, job=job)


@router.post("/runs", response_class=HTMLResponse)
async def upload_runs(request: Request, ctx: Ctx) -> Response:
    check = partial(check_form_token, request)
    queue = request.app.state.queue
    if queue is not None:
        from gethip.app.queue import defer_import

        # Hosted: the worker imports; the page follows the job (static/js/job.js).
        queued = await queue_upload(request, ctx, partial(defer_import, queue), check_form=check)
        return RedirectResponse(f"/runs?job={queued.job.id}", status_code=303)
    summary = await import_upload(request, ctx, check_form=check)
    return await run_in_threadpool(_runs_page, request, ctx, summary)
