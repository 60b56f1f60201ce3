"""What clients send to write the practice log. Every bound is checked before the store sees it."""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from gethip.core.practice import RATING_MAX, RATING_MIN, PracticeStatus
from gethip.core.profile import MAX_NOTES
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


class ProfileChanges(Body):
    """The fields to change, in the CLI's forms; what is left out keeps its saved value.

    Only the shapes are checked here: whether a value makes sense (a weekday,
    a time zone, a long-run day that is a run day) is the profile's own rule.
    """

    run_days: list[str] | str | None = None
    run_times: dict[str, str] | list[str] | str | None = None
    long_run_day: str | None = None
    work_days: list[str] | str | None = None
    sitting_hours: float | str | None = Field(default=None, allow_inf_nan=False)
    minutes: int | str | None = None
    timezone: str | None = Field(default=None, max_length=100)
    level: str | None = Field(default=None, max_length=40)
    notes: str | None = Field(default=None, max_length=MAX_NOTES)
