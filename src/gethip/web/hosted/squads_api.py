"""Squads over HTTP: make one, join one, the coach's view, a member's history, the squad's plan."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from pydantic import Field

from gethip.app import squads
from gethip.core.limits import MAX_BUDGET_MINUTES, MIN_BUDGET_MINUTES
from gethip.shapes import practice_json
from gethip.web.api.bodies import Body
from gethip.web.api.responses import errors
from gethip.web.dependencies import Ctx

router = APIRouter(prefix="/api/squads", tags=["squads"])

SquadId = Annotated[int, Path(ge=1, le=2**31 - 1)]
UserId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class NewSquad(Body):
    name: str = Field(max_length=squads.MAX_NAME, examples=["Tuesday track group"])


class JoinSquad(Body):
    code: str = Field(max_length=32)


class NewAssignment(Body):
    date: date
    session: str = Field(min_length=1, max_length=60, examples=["openers"])
    minutes: int | None = Field(default=None, ge=MIN_BUDGET_MINUTES, le=MAX_BUDGET_MINUTES)
    note: str = Field(default="", max_length=squads.MAX_NOTE)


def view_json(view: squads.CoachView) -> dict[str, Any]:
    return squads.squad_json(view.squad) | {
        "weeks": [week.isoformat() for week in view.weeks],
        "weekly_minutes": view.weekly_minutes,
        "members": [asdict(report) for report in view.members],
    }


def assignment_json(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "date": row.date.isoformat(),
        "session": row.session,
        "minutes": row.minutes,
        "note": row.note,
    }


@router.post("", status_code=201, summary="Make a squad: you are its coach", responses=errors(422))
def create_squad(body: NewSquad, ctx: Ctx) -> dict[str, Any]:
    return squads.squad_json(squads.create(ctx, body.name))


@router.post("/join", summary="Join a squad with its invite code", responses=errors(404, 422))
def join_squad(body: JoinSquad, ctx: Ctx) -> dict[str, Any]:
    return squads.squad_json(squads.join(ctx, body.code))


@router.get("", summary="The squads you coach or belong to")
def list_squads(ctx: Ctx) -> list[dict[str, Any]]:
    return [squads.squad_json(squad) for squad in squads.mine(ctx)]


@router.get(
    "/{squad_id}",
    summary="The coach: every member's last four weeks; a member: the squad's name and coach",
    responses=errors(404, 422),
)
def get_squad(squad_id: SquadId, ctx: Ctx) -> dict[str, Any]:
    squad = squads.visible(ctx, squad_id)
    if squad.role != "coach":
        return squads.squad_json(squad)
    return view_json(squads.coach_view(ctx, squad_id))


@router.delete(
    "/{squad_id}/members/{user_id}",
    status_code=204,
    summary="The coach removes a member, or a member leaves",
    responses=errors(404, 422),
)
def remove_member(squad_id: SquadId, user_id: UserId, ctx: Ctx) -> Response:
    squads.remove(ctx, squad_id, user_id)
    return Response(status_code=204)


@router.get(
    "/{squad_id}/members/{user_id}/history",
    summary="A member's practices, newest first, for the coach to read",
    responses=errors(404, 422),
)
def member_history(
    squad_id: SquadId,
    user_id: UserId,
    ctx: Ctx,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    before: Annotated[datetime | None, Query()] = None,
) -> list[dict[str, Any]]:
    return [practice_json(p) for p in squads.member_history(ctx, squad_id, user_id, limit, before)]


@router.post(
    "/{squad_id}/assignments",
    status_code=201,
    summary="Put a session on the squad's plan for a day, with a note",
    responses=errors(403, 404, 422),
)
def post_assignment(squad_id: SquadId, body: NewAssignment, ctx: Ctx) -> dict[str, Any]:
    made = squads.assign(ctx, squad_id, body.date, body.session, body.minutes, body.note)
    return assignment_json(made)


@router.get(
    "/{squad_id}/assignments",
    summary="The sessions on the squad's plan",
    responses=errors(404, 422),
)
def list_assignments(squad_id: SquadId, ctx: Ctx) -> list[dict[str, Any]]:
    return [assignment_json(row) for row in squads.assignments(ctx, squad_id)]
