"""The profile and the week planned from it, as `gethip profile --json` and `gethip plan --json`."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from gethip.app import plans, profiles
from gethip.shapes import plan_json, profile_json
from gethip.web.api.bodies import ProfileChanges
from gethip.web.api.responses import errors
from gethip.web.dependencies import Ctx

router = APIRouter(tags=["plan"])

CLEARABLE = frozenset({"long_run_day", "minutes"})


@router.get(
    "/plan",
    summary="The week holding `week`, as `gethip plan --week WEEK --json`",
    responses=errors(404, 422),
)
def get_plan(
    ctx: Ctx,
    week: Annotated[date | None, Query(description="any date in the week, YYYY-MM-DD")] = None,
) -> dict[str, Any]:
    weeks = plans.planned_weeks(ctx, week)
    return plan_json(weeks.plans, weeks.profile.timezone)


@router.get("/profile", summary="The saved profile, or null, as `gethip profile --json`")
def get_profile(ctx: Ctx) -> dict[str, Any] | None:
    return profile_json(profiles.profile(ctx))


@router.put(
    "/profile",
    summary="Change some fields; a value that cannot be is a 422 naming its field",
    responses=errors(409, 422),
)
def put_profile(ctx: Ctx, body: ProfileChanges) -> dict[str, Any] | None:
    # null clears a field where clearing means something (no long run, no time limit);
    # elsewhere it is the same as leaving the field out.
    changes = {
        key: value
        for key, value in body.model_dump(exclude_unset=True).items()
        if value is not None or key in CLEARABLE
    }
    record = profiles.update(ctx, changes)
    return profile_json(record.profile)
