"""A session to take away: the Garmin workout, the printable card, the timeline as a file."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from gethip.content import load_catalog, load_sessions
from gethip.core.limits import DEFAULT_BREATH_SECONDS, MAX_BREATH_SECONDS, MIN_BREATH_SECONDS
from gethip.core.timeline import Timeline
from gethip.exports.card import session_card
from gethip.exports.fit_workout import export_fit_workout
from gethip.web.timelines import compiled

router = APIRouter(tags=["downloads"])


def requested_timeline(
    session_id: str,
    breath_seconds: Annotated[
        float, Query(ge=MIN_BREATH_SECONDS, le=MAX_BREATH_SECONDS, allow_inf_nan=False)
    ] = DEFAULT_BREATH_SECONDS,
    minutes: Annotated[int | None, Query(ge=1, le=240)] = None,
) -> Timeline:
    """The same settings as the timeline route, so every download matches what the player plays."""
    return compiled(session_id, breath_seconds, minutes)


RequestedTimeline = Annotated[Timeline, Depends(requested_timeline)]


def _attachment(body: bytes, media_type: str, filename: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/sessions/{session_id}/workout.fit",
    summary="The session as a Garmin FIT workout, as `gethip export SESSION --fit` writes it",
)
def workout_fit(session_id: str, timeline: RequestedTimeline) -> Response:
    session = load_sessions().get(session_id)
    body = export_fit_workout(timeline, session, load_catalog(), datetime.now(UTC))
    return _attachment(body, "application/vnd.ant.fit", f"gethip-{session.id}.fit")


@router.get(
    "/sessions/{session_id}/card.md",
    summary="The printable one-page card, as `gethip export SESSION --markdown` writes it",
)
def card_markdown(session_id: str, timeline: RequestedTimeline) -> Response:
    session = load_sessions().get(session_id)
    card = session_card(timeline, session, load_catalog())
    return _attachment(card.encode(), "text/markdown; charset=utf-8", f"gethip-{session.id}.md")


@router.get("/sessions/{session_id}/timeline.json", summary="The compiled timeline as a file")
def timeline_file(session_id: str, timeline: RequestedTimeline) -> Response:
    body = timeline.model_dump_json(indent=2).encode()
    return _attachment(body, "application/json", f"gethip-{session_id}-timeline.json")
