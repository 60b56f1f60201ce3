"""The pages: each route gathers what the core and the log say and hands it to one template."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from gethip.content import load_catalog, load_sessions
from gethip.core.catalog import Move, Phase, describe_dose
from gethip.core.safety import HIGH_PAIN_ADVICE, PAIN_STOP_THRESHOLD, SAFETY_NOTES
from gethip.core.stride import StrideReport, analyse_stride
from gethip.core.timeline import DEFAULT_BREATH_SECONDS, MAX_BREATH_SECONDS, MIN_BREATH_SECONDS
from gethip.core.today import pick_for_today
from gethip.shapes import local_zone, stats_now
from gethip.store.runs import Runs
from gethip.web.dependencies import Log, StoreDep
from gethip.web.pages.charts import StrideChart, bar_chart, rating_chart, stride_chart
from gethip.web.pages.templating import templates
from gethip.web.timelines import compiled

router = APIRouter(include_in_schema=False)

PHASE_TITLES = {
    Phase.WARMUP: "Warm-up drills",
    Phase.STRENGTH: "Strength in every plane",
    Phase.OPENER: "The five openers",
}


def _page(request: Request, name: str, page: str, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"page": page, **context})


def _demos(moves: list[Move]) -> dict[str, dict[str, Any]]:
    """What static/js/demo.js needs to draw each move, keyed by id; zero angles left out."""
    return {
        move.id: {
            "id": move.id,
            "name": move.name,
            "dose": move.dose.model_dump(mode="json"),
            "demo": move.demo.model_dump(mode="json", exclude_defaults=True),
        }
        for move in moves
    }


def _session_cards() -> list[dict[str, Any]]:
    catalog = load_catalog()
    return [
        {
            "session": session,
            "total_seconds": compiled(session.id).total_seconds,
            "moves": [catalog.get(move_id) for move_id in session.moves],
        }
        for session in load_sessions()
    ]


@router.get("/", response_class=HTMLResponse)
def today_page(request: Request, log: Log) -> HTMLResponse:
    summaries = log.summaries()
    pick = pick_for_today(datetime.now(local_zone()), summaries)
    cards = _session_cards()
    chosen = next(card for card in cards if card["session"].id == pick.session)
    names = {card["session"].id: card["session"].name for card in cards}
    return _page(
        request,
        "today.html",
        "today",
        pick=pick,
        chosen=chosen,
        others=[card for card in cards if card is not chosen],
        done_today=[names.get(session_id, session_id) for session_id in pick.done_today],
        streak=stats_now(summaries).streak_days,
    )


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
    return _page(request, "moves.html", "moves", groups=groups, demos=_demos(list(catalog)))


@router.get("/moves/{move_id}", response_class=HTMLResponse)
def move_page(request: Request, move_id: str) -> HTMLResponse:
    move = load_catalog().get(move_id)
    sessions = [s for s in load_sessions() if move.id in s.moves]
    return _page(
        request,
        "move.html",
        "moves",
        move=move,
        dose=describe_dose(move.dose),
        demos=_demos([move]),
        sessions=sessions,
    )


@router.get("/play/{session_id}", response_class=HTMLResponse)
def player_page(request: Request, session_id: str) -> HTMLResponse:
    session = load_sessions().get(session_id)
    timeline = compiled(session.id)
    catalog = load_catalog()
    # Everything the script needs, as data: it fetches the timeline itself and
    # takes the pain threshold and advice from the core, never its own copy.
    player = {
        "session": session.id,
        "timeline_url": f"/api/sessions/{session.id}/timeline",
        "practices_url": "/api/practices",
        "default_breath_seconds": DEFAULT_BREATH_SECONDS,
        "move_names": {move_id: catalog.get(move_id).name for move_id in session.moves},
        "pain_threshold": PAIN_STOP_THRESHOLD,
        "pain_advice": HIGH_PAIN_ADVICE,
    }
    return _page(
        request,
        "player.html",
        "today",
        session=session,
        timeline=timeline,
        moves=[catalog.get(move_id) for move_id in session.moves],
        player=player,
        breath_range=(MIN_BREATH_SECONDS, MAX_BREATH_SECONDS),
        default_breath=DEFAULT_BREATH_SECONDS,
        safety_notes=SAFETY_NOTES,
    )


@router.get("/history", response_class=HTMLResponse)
def history_page(request: Request, log: Log) -> HTMLResponse:
    names = {session.id: session.name for session in load_sessions()}
    return _page(request, "history.html", "history", practices=log.summaries(), names=names)


def _stride_chart(report: StrideReport) -> StrideChart:
    # Days since the first week's Monday put runs and weekly means on one axis.
    if not report.weeks:
        return stride_chart([], [])
    origin = report.weeks[0].week_start
    return stride_chart(
        [
            ((run.week_start - origin).days + run.start.weekday(), run.step_length_m)
            for run in report.runs
        ],
        [
            (
                (week.week_start - origin).days + 3,
                week.step_length_m,
                week.ci_low_m,
                week.ci_high_m,
                week.week_start.strftime("%d %b"),
            )
            for week in report.weeks
            if week.step_length_m is not None
        ],
    )


@router.get("/progress", response_class=HTMLResponse)
def progress_page(request: Request, log: Log, store: StoreDep) -> HTMLResponse:
    summaries = log.summaries()
    stats = stats_now(summaries)
    stride = analyse_stride(Runs(store).samples(), summaries, local_zone())
    labels = [week.week_start.strftime("%d %b") for week in stats.weeks]
    return _page(
        request,
        "progress.html",
        "progress",
        stats=stats,
        stride=stride,
        stride_chart=_stride_chart(stride),
        hip_chart=bar_chart(
            [week.hip_minutes for week in stride.weeks],
            [week.week_start.strftime("%d %b") for week in stride.weeks],
        ),
        sessions_chart=bar_chart([week.sessions for week in stats.weeks], labels),
        minutes_chart=bar_chart([week.minutes for week in stats.weeks], labels),
        ratings_chart=rating_chart(
            {
                "tightness": [point.tightness for point in stats.trend],
                "pain": [point.pain for point in stats.trend],
            }
        ),
    )
