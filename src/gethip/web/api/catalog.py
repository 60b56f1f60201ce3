"""The program as JSON: moves, sessions, and a session compiled into its timeline."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse

from gethip.app.timelines import compiled
from gethip.content import load_catalog, load_sessions
from gethip.core.limits import (
    DEFAULT_BREATH_SECONDS,
    MAX_BREATH_SECONDS,
    MAX_BUDGET_MINUTES,
    MIN_BREATH_SECONDS,
    MIN_BUDGET_MINUTES,
)
from gethip.core.timeline import Timeline
from gethip.shapes import move_json, session_json, timeline_json
from gethip.web.api.responses import errors

router = APIRouter(tags=["program"])

# The ids the program knows, listed in the OpenAPI; an unknown one still gets our 404.
SessionId = Annotated[str, PathParam(json_schema_extra={"enum": list(load_sessions().ids)})]
MoveId = Annotated[str, PathParam(json_schema_extra={"enum": list(load_catalog().ids)})]
BreathQuery = Annotated[
    float, Query(ge=MIN_BREATH_SECONDS, le=MAX_BREATH_SECONDS, allow_inf_nan=False)
]
BudgetQuery = Annotated[int | None, Query(ge=MIN_BUDGET_MINUTES, le=MAX_BUDGET_MINUTES)]


@router.get("/moves", summary="Every move, in the order the program presents them")
def list_moves() -> list[dict[str, Any]]:
    return [move_json(move) for move in load_catalog()]


@router.get(
    "/moves/{move_id}",
    summary="One move, as `gethip show MOVE_ID --json` prints it",
    responses=errors(404),
)
def get_move(move_id: MoveId) -> dict[str, Any]:
    return move_json(load_catalog().get(move_id))


@router.get("/sessions", summary="The built-in sessions, as `gethip sessions --json` prints them")
def list_sessions() -> list[dict[str, Any]]:
    # Each length comes from the timelines compiled once per process, not per request.
    return [
        session_json(session, compiled(session.id).total_seconds) for session in load_sessions()
    ]


@router.get(
    "/sessions/{session_id}/timeline",
    summary="The compiled timeline, exactly as `gethip go SESSION --dry-run --json` prints it",
    response_model=Timeline,
    responses=errors(404, 422),
)
def get_timeline(
    session_id: SessionId,
    breath_seconds: BreathQuery = DEFAULT_BREATH_SECONDS,
    minutes: BudgetQuery = None,
) -> JSONResponse:
    # Returned as the CLI's own dump, untouched by response-model filtering.
    return JSONResponse(timeline_json(compiled(session_id, breath_seconds, minutes)))
