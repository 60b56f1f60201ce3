"""GET /api/today: the very answer `gethip today --json` prints and the Today page shows."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from gethip.app.today import today, today_json
from gethip.web.dependencies import Ctx

router = APIRouter(tags=["today"])


@router.get(
    "/today",
    summary="Today's plan in the profile's time zone with the next item marked; "
    "without a profile, the session that fits now and an invitation to make one",
)
def get_today(ctx: Ctx) -> dict[str, Any]:
    return today_json(today(ctx))
