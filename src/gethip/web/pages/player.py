"""The player page: a session at the settings asked for, as planned, or taken up where it was left."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from gethip.app import practices
from gethip.app.errors import UnknownPractice
from gethip.app.timelines import compiled
from gethip.content import load_catalog, load_sessions
from gethip.core.limits import (
    DEFAULT_BREATH_SECONDS,
    MAX_BREATH_SECONDS,
    MAX_BUDGET_MINUTES,
    MIN_BREATH_SECONDS,
    MIN_BUDGET_MINUTES,
)
from gethip.core.safety import HIGH_PAIN_ADVICE, PAIN_STOP_THRESHOLD, SAFETY_NOTES
from gethip.core.steps import place
from gethip.shapes import demos_json
from gethip.web.dependencies import Ctx
from gethip.web.pages.templating import page

router = APIRouter(include_in_schema=False)


@router.get("/play/{session_id}", response_class=HTMLResponse)
def player_page(
    request: Request,
    session_id: str,
    ctx: Ctx,
    minutes: Annotated[int | None, Query(ge=MIN_BUDGET_MINUTES, le=MAX_BUDGET_MINUTES)] = None,
    resume: Annotated[UUID | None, Query()] = None,
) -> HTMLResponse:
    session = load_sessions().get(session_id)
    catalog = load_catalog()
    resumed = _resumable(ctx, resume, session.id)
    if resumed is not None:
        settings = resumed["settings"]
        minutes = settings["minutes"]
        breath = settings["breath_seconds"]
    else:
        breath = DEFAULT_BREATH_SECONDS
    timeline = compiled(session.id, breath, minutes)
    if resumed is not None:
        resumed["place"] = place(timeline, resumed["from_index"]).text
    # Everything the script needs, as data: it fetches the timeline itself and
    # takes the pain threshold and advice from the core, never its own copy.
    player = {
        "session": session.id,
        "timeline_url": f"/api/sessions/{session.id}/timeline",
        "practices_url": "/api/practices",
        "default_breath_seconds": DEFAULT_BREATH_SECONDS,
        "minutes": minutes,
        "resume": resumed,
        "move_names": {move_id: catalog.get(move_id).name for move_id in session.moves},
        "pain_threshold": PAIN_STOP_THRESHOLD,
        "pain_advice": HIGH_PAIN_ADVICE,
    }
    moves = [catalog.get(move_id) for move_id in session.moves]
    return page(
        request,
        "player.html",
        "today",
        session=session,
        timeline=timeline,
        moves=moves,
        # The figures are drawn from data sent with the page, so they show offline too.
        demos=demos_json(moves),
        player=player,
        breath_range=(MIN_BREATH_SECONDS, MAX_BREATH_SECONDS),
        breath=breath,
        minutes=minutes,
        resumed=resumed,
        safety_notes=SAFETY_NOTES,
    )


def _resumable(ctx: Ctx, practice_id: UUID | None, session_id: str) -> dict[str, Any] | None:
    """What the player needs to take a practice up again, if it can be (else a fresh start)."""
    if practice_id is None:
        return None
    try:
        found = practices.detail(ctx, str(practice_id))
    except UnknownPractice:
        return None
    if found.resume_from is None or found.practice.session != session_id:
        return None
    return {
        "practice": found.practice.id,
        "from_index": found.resume_from,
        "settings": found.practice.settings.model_dump(mode="json"),
        "steps_done": found.practice.segments_done,
    }
