"""The practice log over HTTP: idempotent writes with ids the client makes, and what the log holds.

A client (the browser's player, online or replaying its offline queue) makes
a practice's UUID itself, so sending the same PUT twice, or once more after a
lost answer, changes nothing: every write below is keyed by that id. The
rules (which step is which, what a practice counts for, the pain stop) are
the application's, the same as the terminal's.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Response

from gethip.app import practices
from gethip.app.errors import InvalidInput
from gethip.app.stats import stats
from gethip.core.timeline import Segment
from gethip.shapes import practice_json, stats_json
from gethip.web.api.bodies import (
    MAX_SEGMENTS,
    PLAYER_ENDINGS,
    FinishedSegment,
    FinishPractice,
    StartPractice,
)
from gethip.web.api.paging import DEFAULT_PAGE, Before, Limit
from gethip.web.api.responses import ERRORS, errors
from gethip.web.dependencies import Ctx

router = APIRouter(tags=["log"])

SegmentIndex = Annotated[int, Path(ge=0, lt=MAX_SEGMENTS)]
# A page of history: enough for a screen, small enough to answer at once.


def created_or_not(created: str, again: str) -> dict[int | str, dict[str, Any]]:
    return {201: {"description": created}, 200: {"description": again}}


def _created(response: Response, created: bool) -> None:
    response.status_code = 201 if created else 200


def detail_json(detail: practices.PracticeDetail) -> dict[str, Any]:
    return {
        "practice": practice_json(detail.practice),
        "steps": [step.model_dump(mode="json") for step in detail.steps],
        "resume_from": detail.resume_from,
    }


@router.put(
    "/practices/{practice_id}",
    summary="Start a practice (again: nothing changes)",
    responses=created_or_not("started", "already started") | errors(404, 422),
)
def put_practice(
    practice_id: UUID, body: StartPractice, ctx: Ctx, response: Response
) -> dict[str, Any]:
    summary, created = practices.start(
        ctx, str(practice_id), body.session, body.settings, body.started_at
    )
    _created(response, created)
    return practice_json(summary)


@router.get(
    "/practices/{practice_id}",
    summary="One practice, the steps it recorded, and the step it would resume from",
    responses=errors(404, 422),
)
def get_practice(practice_id: UUID, ctx: Ctx) -> dict[str, Any]:
    return detail_json(practices.detail(ctx, str(practice_id)))


@router.delete(
    "/practices/{practice_id}",
    summary="Remove a practice and its steps",
    status_code=204,
    responses=errors(404, 422),
)
def delete_practice(practice_id: UUID, ctx: Ctx) -> Response:
    practices.delete(ctx, str(practice_id))
    return Response(status_code=204)


@router.put(
    "/practices/{practice_id}/segments/{index}",
    summary="Record one step as it ended, done or skipped (again: nothing changes)",
    responses=created_or_not("recorded", "already recorded") | errors(404, 422),
)
def put_segment(
    practice_id: UUID, index: SegmentIndex, body: FinishedSegment, ctx: Ctx, response: Response
) -> dict[str, Any]:
    if body.index != index:
        raise InvalidInput("index", f"the body says {body.index}, the address says {index}")
    claimed = Segment.model_validate(
        body.model_dump(exclude={"finished_at", "outcome", "worked_seconds"})
    )
    summary, changed = practices.record_step(
        ctx, str(practice_id), claimed, body.outcome, body.worked_seconds, body.finished_at
    )
    _created(response, changed)
    return practice_json(summary)


@router.put(
    "/practices/{practice_id}/finish",
    summary="Finish a practice with the runner's ratings; pain of 7 or more stops it, with advice",
    responses=errors(404, 422),
)
def put_finish(practice_id: UUID, body: FinishPractice, ctx: Ctx) -> dict[str, Any]:
    finished = practices.finish(
        ctx,
        str(practice_id),
        PLAYER_ENDINGS[body.status],
        body.ended_at,
        body.tightness,
        body.pain,
    )
    return {"practice": practice_json(finished.practice), "advice": finished.advice}


@router.put(
    "/practices/{practice_id}/resume",
    summary="Take a practice up again: it is under way once more, from the step it answers",
    responses=errors(404, 409, 422),
)
def put_resume(practice_id: UUID, ctx: Ctx) -> dict[str, Any]:
    return detail_json(practices.resume(ctx, str(practice_id)))


@router.get(
    "/history",
    summary="Practices newest first, a page at a time, as `gethip history --json`",
    responses=ERRORS,
)
def get_history(
    ctx: Ctx,
    limit: Limit = DEFAULT_PAGE,
    before: Before = None,
) -> list[dict[str, Any]]:
    return [practice_json(summary) for summary in practices.history(ctx, limit, before)]


@router.get("/stats", summary="Streak, weekly volume and trends, as `gethip stats --json`")
def get_stats(ctx: Ctx) -> dict[str, Any]:
    return stats_json(stats(ctx))
