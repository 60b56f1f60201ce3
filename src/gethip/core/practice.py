"""A practice: one attempt at a session, as the log remembers it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from gethip.core.catalog import Frozen
from gethip.core.limits import RATING_MAX as RATING_MAX
from gethip.core.limits import RATING_MIN as RATING_MIN
from gethip.core.timeline import Deviation, Settings


class PracticeStatus(StrEnum):
    COMPLETED = "completed"
    # Started and not finished: the process died, the tab closed, or it is
    # still going. Either way it can be resumed from its first missing segment.
    INTERRUPTED = "interrupted"
    STOPPED = "stopped"


class PracticeSummary(Frozen):
    id: str
    session: str
    started_at: datetime
    ended_at: datetime | None
    status: PracticeStatus
    segments_done: int
    segments_total: int
    seconds_done: float
    tightness: int | None = Field(default=None, ge=RATING_MIN, le=RATING_MAX)
    pain: int | None = Field(default=None, ge=RATING_MIN, le=RATING_MAX)
    settings: Settings
    deviation: Deviation | None = None
