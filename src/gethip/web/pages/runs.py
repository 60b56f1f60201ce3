"""The Runs page: send run files, see what the import made of them, and the runs kept."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from gethip.app import runs
from gethip.app.context import Context
from gethip.app.imports import ImportSummary
from gethip.web.csrf import check_form_token
from gethip.web.dependencies import Ctx
from gethip.web.pages.templating import page
from gethip.web.uploads import MAX_UPLOAD_BYTES, RUN_SUFFIXES, import_upload

router = APIRouter(include_in_schema=False)

PAGE = 50


def _runs_page(
    request: Request,
    ctx: Context,
    summary: ImportSummary | None = None,
    before: datetime | None = None,
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
    )


@router.get("/runs", response_class=HTMLResponse)
def runs_page(
    request: Request, ctx: Ctx, before: Annotated[datetime | None, Query()] = None
) -> HTMLResponse:
    return _runs_page(request, ctx, before=before)


@router.post("/runs", response_class=HTMLResponse)
async def upload_runs(request: Request, ctx: Ctx) -> HTMLResponse:
    summary = await import_upload(request, ctx, check_form=partial(check_form_token, request))
    return await run_in_threadpool(_runs_page, request, ctx, summary)
