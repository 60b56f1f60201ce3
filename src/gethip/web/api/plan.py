"""The profile and the week planned from it, as `gethip profile --json` and `gethip plan --json`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from gethip.shapes import plan_json, profile_json
from gethip.store.profiles import Profiles
from gethip.web.api.bodies import ProfileChanges
from gethip.web.dependencies import StoreDep
from gethip.web.plans import planned_weeks

router = APIRouter(tags=["plan"])


@router.get("/plan", summary="The week holding `week`, as `gethip plan --week WEEK --json`")
def get_plan(
    store: StoreDep,
    week: Annotated[date | None, Query(description="any date in the week, YYYY-MM-DD")] = None,
) -> dict[str, Any]:
    weeks = planned_weeks(store, week)
    return plan_json(weeks.plans, weeks.profile.timezone)


@router.get("/profile", summary="The saved profile, or null, as `gethip profile --json`")
def get_profile(store: StoreDep) -> dict[str, Any] | None:
    return profile_json(Profiles(store).current())


@router.put(
    "/profile",
    summary="Change some fields; a value that cannot be is a 422 naming its field",
)
def put_profile(store: StoreDep, body: ProfileChanges) -> dict[str, Any] | None:
    changes = body.model_dump(exclude_unset=True)
    record = Profiles(store).update(changes, datetime.now(UTC))
    return profile_json(record.profile)
