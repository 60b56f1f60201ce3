"""A session to take away: the Garmin workout, the printable card, the timeline as a file."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from gethip.app.exports import MEDIA_TYPES, Format, export_session
from gethip.core.limits import DEFAULT_BREATH_SECONDS
from gethip.core.timeline import Settings
from gethip.web.api.catalog import BreathQuery, BudgetQuery, SessionId
from gethip.web.api.responses import errors

router = APIRouter(tags=["downloads"])


def _file(kind: Format) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI of a download: a file of its own kind, not JSON."""
    media = MEDIA_TYPES[kind].split(";")[0]
    body = {"type": "object"} if kind == Format.JSON else {"type": "string", "format": "binary"}
    return {
        200: {"description": "the file, as an attachment", "content": {media: {"schema": body}}}
    } | errors(404, 422)


def _download(session_id: str, kind: Format, breath: float, minutes: int | None) -> Response:
    """The same settings as the timeline route, so every download matches what the player plays."""
    (made,) = export_session(
        session_id, Settings(breath_seconds=breath, minutes=minutes), [kind], datetime.now(UTC)
    )
    return Response(
        made.data,
        media_type=MEDIA_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="{made.filename}"'},
    )


@router.get(
    "/sessions/{session_id}/workout.fit",
    summary="The session as a Garmin FIT workout, as `gethip export SESSION --fit` writes it",
    response_class=Response,
    responses=_file(Format.FIT),
)
def workout_fit(
    session_id: SessionId,
    breath_seconds: BreathQuery = DEFAULT_BREATH_SECONDS,
    minutes: BudgetQuery = None,
) -> Response:
    return _download(session_id, Format.FIT, breath_seconds, minutes)


@router.get(
    "/sessions/{session_id}/card.md",
    summary="The printable one-page card, as `gethip export SESSION --markdown` writes it",
    response_class=Response,
    responses=_file(Format.MARKDOWN),
)
def card_markdown(
    session_id: SessionId,
    breath_seconds: BreathQuery = DEFAULT_BREATH_SECONDS,
    minutes: BudgetQuery = None,
) -> Response:
    return _download(session_id, Format.MARKDOWN, breath_seconds, minutes)


@router.get(
    "/sessions/{session_id}/timeline.json",
    summary="The compiled timeline as a file",
    response_class=Response,
    responses=_file(Format.JSON),
)
def timeline_file(
    session_id: SessionId,
    breath_seconds: BreathQuery = DEFAULT_BREATH_SECONDS,
    minutes: BudgetQuery = None,
) -> Response:
    return _download(session_id, Format.JSON, breath_seconds, minutes)
