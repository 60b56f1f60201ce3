"""What clients send to write the practice log and the profile. Every bound is checked here first."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from gethip.content import load_catalog, load_sessions
from gethip.core.limits import RATING_MAX, RATING_MIN
from gethip.core.practice import Ending, StepOutcome
from gethip.core.profile import MAX_NOTES
from gethip.core.timeline import SegmentKind, Settings, Side

# Far above any real session (the longest has under a hundred segments), far
# below what a database integer holds.
MAX_SEGMENTS = 10_000
DAY_SECONDS = 86_400.0


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class StartPractice(Body):
    session: str = Field(
        min_length=1,
        max_length=60,
        examples=["openers"],
        json_schema_extra={"enum": list(load_sessions().ids)},
    )
    settings: Settings = Settings()
    started_at: AwareDatetime | None = Field(
        default=None, description="when the runner pressed start; the server's clock if absent"
    )


class FinishedSegment(Body):
    """A step as the timeline gives it, plus how it ended, the seconds worked and when.

    The step must be the one the practice's timeline has at that index (same
    move, side, kind and length): the server checks, and refuses a mismatch.
    """

    index: int = Field(ge=0, lt=MAX_SEGMENTS)
    move: str = Field(
        min_length=1, max_length=60, json_schema_extra={"enum": list(load_catalog().ids)}
    )
    side: Side | None = None
    kind: SegmentKind
    start: float = Field(ge=0, le=DAY_SECONDS, allow_inf_nan=False)
    duration: float = Field(gt=0, le=DAY_SECONDS, allow_inf_nan=False)
    label: str = Field(max_length=200)
    reps: int | None = Field(default=None, ge=0, le=MAX_SEGMENTS)
    breaths: int | None = Field(default=None, ge=0, le=MAX_SEGMENTS)
    set: int | None = Field(default=None, ge=0, le=MAX_SEGMENTS)
    rep: int | None = Field(default=None, ge=0, le=MAX_SEGMENTS)
    outcome: StepOutcome = Field(
        default=StepOutcome.DONE,
        description="done: it ran out, or the runner marked the reps done; skipped: moved past",
    )
    worked_seconds: float | None = Field(
        default=None,
        ge=0,
        le=DAY_SECONDS,
        description="seconds spent in the step (default: all of it when done, none when skipped)",
    )
    finished_at: AwareDatetime | None = None


# How a player says a practice ended; the server decides the status it is kept with.
PLAYER_ENDINGS = {
    "completed": Ending.FINISHED,
    "partial": Ending.FINISHED,
    "stopped": Ending.STOPPED,
}


class FinishPractice(Body):
    status: Literal["completed", "partial", "stopped"] = Field(
        default="completed",
        description="completed (played to the end) or stopped (ended early); the stored status "
        "is decided from the steps: completed only when every step of work was done",
    )
    tightness: int | None = Field(default=None, ge=RATING_MIN, le=RATING_MAX)
    pain: int | None = Field(default=None, ge=RATING_MIN, le=RATING_MAX)
    ended_at: AwareDatetime | None = None


class ProfileChanges(Body):
    """The fields to change, in the CLI's forms; what is left out keeps its saved value.

    Only the shapes are checked here: whether a value makes sense (a weekday,
    a time zone, a long-run day that is a run day) is the profile's own rule.
    """

    run_days: list[str] | str | None = Field(default=None, max_length=50)
    run_times: dict[str, str] | list[str] | str | None = Field(default=None, max_length=50)
    long_run_day: str | None = Field(default=None, max_length=20)
    work_days: list[str] | str | None = Field(default=None, max_length=50)
    sitting_hours: float | str | None = None
    minutes: int | str | None = None
    timezone: str | None = Field(default=None, max_length=100)
    level: str | None = Field(default=None, max_length=40)
    notes: str | None = Field(default=None, max_length=MAX_NOTES)
