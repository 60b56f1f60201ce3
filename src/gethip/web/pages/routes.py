"""The program's pages: every move, grouped by phase, and each move on its own page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from gethip.content import load_catalog, load_sessions
from gethip.core.catalog import Phase, describe_dose
from gethip.shapes import demos_json
from gethip.web.pages.templating import page

router = APIRouter(include_in_schema=False)

PHASE_TITLES = {
    Phase.WARMUP: "Warm-up drills",
    Phase.STRENGTH: "Strength in every plane",
    Phase.OPENER: "The five openers",
}


@router.get("/moves", response_class=HTMLResponse)
def moves_page(request: Request) -> HTMLResponse:
    catalog = load_catalog()
    groups = [
        {
            "title": PHASE_TITLES[phase],
            "moves": [
                {"move": move, "dose": describe_dose(move.dose)} for move in catalog.in_phase(phase)
            ],
        }
        for phase in Phase
    ]
    return page(request, "moves.html", "moves", groups=groups, demos=demos_json(list(catalog)))


@router.get("/moves/{move_id}", response_class=HTMLResponse)
def move_page(request: Request, move_id: str) -> HTMLResponse:
    move = load_catalog().get(move_id)
    sessions = [s for s in load_sessions() if move.id in s.moves]
    return page(
        request,
        "move.html",
        "moves",
        move=move,
        dose=describe_dose(move.dose),
        demos=demos_json([move]),
        sessions=sessions,
    )
