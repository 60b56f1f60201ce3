"""Runs over HTTP: import files, list the runs, read the stride trend (as the CLI prints them)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from gethip.core.stride import analyse_stride
from gethip.shapes import local_zone
from gethip.store.runs import Runs, summaries_json
from gethip.web.dependencies import Log, StoreDep
from gethip.web.uploads import import_upload

router = APIRouter(tags=["runs"])


@router.post(
    "/runs/import",
    summary="Import FIT, GPX, TCX, .gz or .zip files sent as multipart field `files`; "
    "answers as `gethip import --json` (200 even when some files failed: each is listed)",
    responses={413: {"description": "the upload is over 200 MB"}},
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
async def post_import(request: Request, store: StoreDep) -> JSONResponse:
    summary = await import_upload(request, store)
    return JSONResponse(summary.to_json())


@router.get("/runs", summary="Every imported run, newest first, as `gethip runs --json`")
def get_runs(store: StoreDep) -> list[dict[str, Any]]:
    return summaries_json(Runs(store).summaries())


@router.get("/trends", summary="Pace-normalised step length by week, as `gethip trends --json`")
def get_trends(store: StoreDep, log: Log) -> dict[str, Any]:
    report = analyse_stride(Runs(store).samples(), log.summaries(), local_zone())
    return report.model_dump(mode="json")
