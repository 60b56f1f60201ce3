"""Queued jobs over HTTP: how far one has got, and its result once done."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from gethip.app import jobs
from gethip.web.api.responses import errors
from gethip.web.dependencies import Ctx

router = APIRouter(prefix="/api/jobs", tags=["jobs"])


@router.get(
    "/{job_id}",
    summary="A queued job: status (queued, running, done, failed), progress, and its result",
    responses=errors(404, 422),
)
def get_job(job_id: Annotated[int, Path(ge=1, le=2**31 - 1)], ctx: Ctx) -> dict[str, Any]:
    return jobs.job(ctx, job_id).to_json()
