"""A practice: one attempt at a session, as the log remembers it, and how it is judged.

The rules that decide what a practice counts for live here, once, for every
face: a step is done when it ran out or the runner marked its reps done, and
skipped otherwise, with the seconds actually worked either way; a practice is
completed only when every step of work in it was done.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field, computed_field

from gethip.core.catalog import Frozen
from gethip.core.limits import RATING_MAX as RATING_MAX
from gethip.core.limits import RATING_MIN as RATING_MIN
from gethip.core.safety import PAIN_STOP_THRESHOLD
from gethip.core.timeline import Deviation, Segment, SegmentKind, Settings, Timeline

# Segments of these kinds are the work of a session; the rest (getting ready,
# moving to the next move, switching sides, resting) only lead up to it.
WORK_KINDS = frozenset({SegmentKind.WORK, SegmentKind.HOLD})
# A practice finished with work skipped still earns its day when at least this
# share of its work time was done.
CREDIT_SHARE = 0.5


class PracticeStatus(StrEnum):
    COMPLETED = "completed"  # every step of work done
    PARTIAL = "partial"  # played to the end, with work skipped
    STOPPED = "stopped"  # ended early: the runner stopped, or reported pain of 7 or more
    # Started and not finished: the process died, the tab closed, or it is
    # still going. Either way it can be resumed from its first missing segment.
    INTERRUPTED = "interrupted"


class Ending(StrEnum):
    """How a player says a practice ended; the log then decides its status."""

    FINISHED = "finished"  # played to its last step
    STOPPED = "stopped"  # the runner ended it early


class StepOutcome(StrEnum):
    DONE = "done"  # ran out, or the runner marked the reps done
    SKIPPED = "skipped"  # moved past before its end


class StepRecord(Frozen):
    """One segment of a practice as it was played."""

    index: int
    move: str
    kind: SegmentKind
    outcome: StepOutcome
    worked_seconds: float
    finished_at: datetime


class PracticeSummary(Frozen):
    id: str
    session: str
    started_at: datetime
    ended_at: datetime | None
    status: PracticeStatus
    segments_done: int
    segments_skipped: int = 0
    segments_total: int
    # Seconds actually worked, in every step recorded, done or skipped.
    seconds_done: float
    # The same for the steps of work alone, against what the session holds.
    work_seconds_done: float = 0.0
    work_seconds_total: float = 0.0
    tightness: int | None = Field(default=None, ge=RATING_MIN, le=RATING_MAX)
    pain: int | None = Field(default=None, ge=RATING_MIN, le=RATING_MAX)
    settings: Settings
    deviation: Deviation | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def credited(self) -> bool:
        """Whether it counts for streaks, session counts and the plan's done marks."""
        return is_credited(self.status, self.work_seconds_done, self.work_seconds_total)


def is_credited(status: PracticeStatus, work_done: float, work_total: float) -> bool:
    if status == PracticeStatus.COMPLETED:
        return True
    if status == PracticeStatus.PARTIAL:
        return work_total > 0 and work_done >= CREDIT_SHARE * work_total
    return False


def work_seconds(timeline: Timeline) -> float:
    return round(sum(s.duration for s in timeline.segments if s.kind in WORK_KINDS), 3)


def work_indexes(timeline: Timeline) -> frozenset[int]:
    return frozenset(s.index for s in timeline.segments if s.kind in WORK_KINDS)


def settle_status(
    ending: Ending, timeline: Timeline, steps: list[StepRecord], pain: int | None
) -> PracticeStatus:
    """The status a practice ends with, whatever the player claimed about it.

    Pain at the stop threshold ends it as stopped, wherever it was reported.
    """
    if ending == Ending.STOPPED or (pain is not None and pain >= PAIN_STOP_THRESHOLD):
        return PracticeStatus.STOPPED
    done = {step.index for step in steps if step.outcome == StepOutcome.DONE}
    return PracticeStatus.COMPLETED if work_indexes(timeline) <= done else PracticeStatus.PARTIAL


def mismatch(expected: Segment, claimed: Segment) -> str | None:
    """The first field in which a segment a player sent differs from the compiled one, if any.

    A player plays the timeline the server compiled; a step that does not match
    it belongs to another session or other settings, and must not be credited.
    """
    for name in ("index", "move", "side", "kind"):
        if getattr(expected, name) != getattr(claimed, name):
            return name
    if abs(expected.duration - claimed.duration) > 1e-6:
        return "duration"
    return None
