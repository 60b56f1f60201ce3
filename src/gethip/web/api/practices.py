"""The practice log over HTTP: idempotent writes with ids the client makes, and what the log adds up to.

A client (the browser's player, online or replaying its offline queue) makes
a practice's UUID itself, so sending the same PUT twice, or once more after a
lost answer, changes nothing: every write below is keyed by that id.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Response

from gethip.content import load_catalog
from gethip.core.errors import UnknownSession
from gethip.core.safety import advice_for_pain
from gethip.core.timeline import Segment
from gethip.shapes import practice_json, stats_json, stats_now
from gethip.web.api.bodies import MAX_SEGMENTS, FinishedSegment, FinishPractice, StartPractice
from gethip.web.dependencies import Log
from gethip.web.errors import InvalidInput
from gethip.web.timelines import compiled

router = APIRouter(tags=["log"])

SegmentIndex = Annotated[int, Path(ge=0, lt=MAX_SEGMENTS)]


def _created(response: Response, created: bool) -> None:
    response.status_code = 201 if created else 200


@router.put(
    "/practices/{practice_id}",
    summary="Start a practice (again: nothing changes)",
    responses={201: {"description": "started"}, 200: {"description": "already started"}},
)
def put_practice(
    practice_id: UUID, body: StartPractice, log: Log, response: Response
) -> dict[str, Any]:
    try:
        timeline = compiled(body.session, body.settings.breath_seconds, body.settings.minutes)
    except UnknownSession as error:
        raise InvalidInput("session", str(error)) from None
    created = log.start(
        str(practice_id),
        body.session,
        body.settings,
        body.started_at or datetime.now(UTC),
        len(timeline.segments),
        timeline.deviation,
    )
    _created(response, created)
    return practice_json(log.get(str(practice_id)))


@router.put(
    "/practices/{practice_id}/segments/{index}",
    summary="Log one finished segment (again: nothing changes)",
    responses={201: {"description": "logged"}, 200: {"description": "already logged"}},
)
def put_segment(
    practice_id: UUID, index: SegmentIndex, body: FinishedSegment, log: Log, response: Response
) -> dict[str, Any]:
    # Looked up first, so a practice never started gets its 404 and nothing is stored.
    practice = log.get(str(practice_id))
    if body.index != index:
        raise InvalidInput("index", f"the body says {body.index}, the address says {index}")
    if index >= practice.segments_total:
        raise InvalidInput("index", f"this practice has {practice.segments_total} segments")
    if body.move not in load_catalog():
        raise InvalidInput("move", f"no move {body.move!r}")
    segment = Segment.model_validate(body.model_dump(exclude={"finished_at"}))
    created = log.record_segment(str(practice_id), segment, body.finished_at or datetime.now(UTC))
    _created(response, created)
    return practice_json(log.get(str(practice_id)))


@router.put(
    "/practices/{practice_id}/finish",
    summary="Finish a practice with the runner's ratings; high pain brings the safety advice",
)
def put_finish(practice_id: UUID, body: FinishPractice, log: Log) -> dict[str, Any]:
    summary = log.finish(
        str(practice_id),
        body.status,
        body.ended_at or datetime.now(UTC),
        body.tightness,
        body.pain,
    )
    return {"practice": practice_json(summary), "advice": advice_for_pain(summary.pain)}


@router.get("/history", summary="Every practice, newest first, as `gethip history --json`")
def get_history(log: Log) -> list[dict[str, Any]]:
    return [practice_json(summary) for summary in log.summaries()]


@router.get("/stats", summary="Streak, weekly volume and trends, as `gethip stats --json`")
def get_stats(log: Log) -> dict[str, Any]:
    return stats_json(stats_now(log.summaries()))
