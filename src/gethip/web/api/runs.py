"""Runs over HTTP: import files, list the runs a page at a time, remove one, read the stride trend."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from gethip.app import runs
from gethip.app.trends import MAX_WEEKS, trends
from gethip.shapes import run_json
from gethip.web.api.paging import DEFAULT_PAGE, Before, Limit
from gethip.web.api.responses import ERRORS, errors
from gethip.web.dependencies import Ctx
from gethip.web.uploads import import_upload, queue_upload

router = APIRouter(tags=["runs"])


@router.post(
    "/runs/import",
    summary="Import FIT, GPX, TCX, .gz or .zip files sent as multipart field `files`; "
    "answers as `gethip import --json` (200 even when some files failed: each is listed); "
    "hosted: 202 with the queued job, whose result is that summary",
    responses=errors(400, 413, 422),
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "files": {
                                "type": "array",
                                "items": {"type": "string", "format": "binary"},
                            }
                        },
                    }
                }
            }
        }
    },
)
async def post_import(request: Request, ctx: Ctx) -> JSONResponse:
    queue = request.app.state.queue
    if queue is not None:
        from gethip.app.queue import defer_import

        # Hosted: the worker imports; GET /api/jobs/{job} follows it to the same summary.
        queued = await queue_upload(request, ctx, partial(defer_import, queue))
        return JSONResponse(queued.to_json(), status_code=202)
    summary = await import_upload(request, ctx)
    return JSONResponse(summary.to_json())


@router.get(
    "/runs",
    summary="Imported runs newest first, a page at a time, as `gethip runs --json`",
    responses=ERRORS,
)
def get_runs(
    ctx: Ctx,
    limit: Limit = DEFAULT_PAGE,
    before: Before = None,
) -> list[dict[str, Any]]:
    return [run_json(summary) for summary in runs.runs(ctx, limit, before)]


@router.delete(
    "/runs/{run_id}", summary="Remove an imported run", status_code=204, responses=errors(404, 422)
)
def delete_run(run_id: Annotated[int, Path(ge=1, le=2**31 - 1)], ctx: Ctx) -> Response:
    runs.delete(ctx, run_id)
    return Response(status_code=204)


@router.get(
    "/trends",
    summary="Pace-normalised step length by week over a window, as `gethip trends --json`",
    responses=ERRORS,
)
def get_trends(
    ctx: Ctx,
    weeks: Annotated[
        int | None, Query(ge=1, le=MAX_WEEKS, description="weeks up to the last with data")
    ] = None,
    since: Annotated[date | None, Query(description="from this date on")] = None,
) -> dict[str, Any]:
    return trends(ctx, weeks, since).model_dump(mode="json")
