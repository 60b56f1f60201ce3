"""What clients send to write the practice log. Every bound is checked before the store sees it."""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from gethip.core.practice import RATING_MAX, RATING_MIN, PracticeStatus
from gethip.core.timeline import SegmentKind, Settings, Side

# Far above any real session (the longest has under a hundred segments), far
# below what a database integer holds.
MAX_SEGMENTS = 10_000
DAY_SECONDS = 86_400.0


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StartPractice(Body):
    session: str = Field(min_length=1, max_length=60, examples=["openers"])
    settings: Settings = Settings()
    started_at: AwareDatetime | None = Field(
        default=None, description="when the runner pressed start; the server's clock if absent"
    )


class FinishedSegment(Body):
    """A segment as the timeline gives it, plus when it finished."""

    index: int = Field(ge=0, lt=MAX_SEGMENTS)
    move: str = Field(min_length=1, max_length=60)
    side: Side | None = None
    kind: SegmentKind
    start: float = Field(ge=0, le=DAY_SECONDS, allow_inf_nan=False)
    duration: float = Field(gt=0, le=DAY_SECONDS, allow_inf_nan=False)
    label: str = Field(max_length=200)
    reps: int | None = Field(default=None, ge=0, le=MAX_SEGMENTS)
    breaths: int | None = Field(default=None, ge=0, le=MAX_SEGMENTS)
    set: int | None = Field(default=None, ge=0, le=MAX_SEGMENTS)
    rep: int | None = Field(default=None, ge=0, le=MAX_SEGMENTS)
    finished_at: AwareDatetime | None = None


class FinishPractice(Body):
    status: PracticeStatus = PracticeStatus.COMPLETED
    tightness: int | None = Field(default=None, ge=RATING_MIN, le=RATING_MAX)
    pain: int | None = Field(default=None, ge=RATING_MIN, le=RATING_MAX)
    ended_at: AwareDatetime | None = None
