"""GET /api/today: the session that fits now, and why."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter

from gethip.core.today import pick_for_today
from gethip.shapes import local_zone
from gethip.web.dependencies import Log

router = APIRouter(tags=["today"])


@router.get("/today", summary="The session that fits now, with the reason")
def get_today(log: Log) -> dict[str, Any]:
    return pick_for_today(datetime.now(local_zone()), log.summaries()).model_dump(mode="json")
