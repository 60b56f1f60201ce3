"""The Runs page: send run files, see what the import made of them, and the runs kept."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from gethip.runs.importer import ImportSummary
from gethip.store.database import Store
from gethip.store.runs import Runs
from gethip.web.csrf import check_form_token
from gethip.web.dependencies import StoreDep
from gethip.web.pages.templating import templates
from gethip.web.uploads import MAX_UPLOAD_BYTES, RUN_SUFFIXES, import_upload

router = APIRouter(include_in_schema=False)


def _runs_page(
    request: Request, store: Store, summary: ImportSummary | None = None
) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "runs.html",
        {
            "page": "runs",
            "runs": Runs(store).summaries(),
            "summary": None if summary is None else summary.to_json(),
            "accept": ",".join(RUN_SUFFIXES),
            "max_mb": MAX_UPLOAD_BYTES // 1_000_000,
        },
    )


@router.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request, store: StoreDep) -> HTMLResponse:
    return _runs_page(request, store)


@router.post("/runs", response_class=HTMLResponse)
async def upload_runs(request: Request, store: StoreDep) -> HTMLResponse:
    summary = await import_upload(request, store, check_form=partial(check_form_token, request))
    return await run_in_threadpool(_runs_page, request, store, summary)
