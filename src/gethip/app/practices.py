"""A practice from start to finish, the same for the terminal and the web.

Start it with the settings it is played at; record each step as it ends, done
or skipped with the seconds worked, checked against the timeline compiled for
that practice; finish it, and the log decides its status (completed, partial,
stopped) whatever the player claimed; resume it from its first step not yet
played. The safety rule (pain of 7 or more ends the practice with advice)
applies here, so it applies on every face.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from gethip.app.context import Context
from gethip.app.errors import InvalidInput as InvalidInput
from gethip.app.errors import NothingToResume as NothingToResume
from gethip.app.errors import NotResumable as NotResumable
from gethip.app.timelines import compiled_for
from gethip.core.errors import UnknownSession
from gethip.core.instants import bounded
from gethip.core.practice import (
    Ending,
    PracticeStatus,
    PracticeSummary,
    StepOutcome,
    StepRecord,
    mismatch,
    settle_status,
    work_seconds,
)
from gethip.core.safety import PAIN_STOP_THRESHOLD, advice_for_pain
from gethip.core.timeline import Segment, Settings, Timeline

# Today offers to resume a practice left this recently; History offers any.
RESUME_OFFERED_WITHIN = timedelta(hours=24)
UNFINISHED = frozenset({PracticeStatus.STOPPED, PracticeStatus.INTERRUPTED})


@dataclass(frozen=True)
class Finished:
    practice: PracticeSummary
    advice: str | None


@dataclass(frozen=True)
class PracticeDetail:
    """A practice, the steps it has recorded, and where it would resume (None: it would not)."""

    practice: PracticeSummary
    steps: list[StepRecord]
    resume_from: int | None


def timeline_of(practice: PracticeSummary) -> Timeline:
    return compiled_for(practice.session, practice.settings)


def start(
    ctx: Context,
    practice_id: str,
    session_id: str,
    settings: Settings,
    started_at: datetime | None = None,
) -> tuple[PracticeSummary, bool]:
    """Start (or find, when started already) a practice; True when it is new."""
    try:
        timeline = compiled_for(session_id, settings)
    except UnknownSession as error:
        raise InvalidInput("session", str(error)) from None
    when = bounded("started_at", started_at or ctx.now, ctx.now)
    created = ctx.log.start(
        practice_id,
        session_id,
        settings,
        when,
        len(timeline.segments),
        work_seconds(timeline),
        timeline.deviation,
    )
    return ctx.log.get(practice_id), created


def record_step(
    ctx: Context,
    practice_id: str,
    claimed: Segment,
    outcome: StepOutcome,
    worked_seconds: float | None = None,
    finished_at: datetime | None = None,
) -> tuple[PracticeSummary, bool]:
    """Record one step as it ended; a step that does not match the practice's timeline is refused.

    ``worked_seconds`` defaults to the whole step when it was done and to
    nothing when it was skipped: a player that knows better says so.
    """
    practice = ctx.log.get(practice_id)
    timeline = timeline_of(practice)
    if claimed.index >= len(timeline.segments):
        raise InvalidInput(
            "index", f"this practice has {len(timeline.segments)} steps, numbered from 0"
        )
    expected = timeline.segments[claimed.index]
    differs = mismatch(expected, claimed)
    if differs is not None:
        raise InvalidInput(
            differs,
            f"step {claimed.index} of this practice has {differs} "
            f"{getattr(expected, differs)!s}, not {getattr(claimed, differs)!s}: it was "
            "recorded for another session or other settings",
        )
    if worked_seconds is None:
        worked_seconds = expected.duration if outcome == StepOutcome.DONE else 0.0
    when = bounded("finished_at", finished_at or ctx.now, ctx.now)
    changed = ctx.log.record_step(practice_id, expected, outcome, worked_seconds, when)
    return ctx.log.get(practice_id), changed


def finish(
    ctx: Context,
    practice_id: str,
    ending: Ending,
    ended_at: datetime | None = None,
    tightness: int | None = None,
    pain: int | None = None,
) -> Finished:
    """End a practice with the runner's ratings; finishing again with new ratings updates it."""
    practice = ctx.log.get(practice_id)
    steps = ctx.log.steps(practice_id)
    known_pain = pain if pain is not None else practice.pain
    status = settle_status(ending, timeline_of(practice), steps, known_pain)
    when = bounded("ended_at", ended_at or ctx.now, ctx.now)
    summary = ctx.log.finish(practice_id, status, when, tightness, pain)
    return Finished(summary, advice_for_pain(summary.pain))


def detail(ctx: Context, practice_id: str) -> PracticeDetail:
    practice = ctx.log.get(practice_id)
    steps = ctx.log.steps(practice_id)
    return PracticeDetail(practice, steps, _resume_point(practice, steps))


def _resume_point(practice: PracticeSummary, steps: list[StepRecord]) -> int | None:
    """The first step never played, for a practice that ended early and may go on."""
    if practice.status not in UNFINISHED:
        return None
    if practice.pain is not None and practice.pain >= PAIN_STOP_THRESHOLD:
        return None  # stopped for pain: the advice is to rest, not to carry on
    played = {step.index for step in steps}
    return next((i for i in range(practice.segments_total) if i not in played), None)


def resumable(ctx: Context, within: timedelta | None = None) -> PracticeDetail | None:
    """The newest practice that can be resumed (started within ``within`` of now, if given)."""
    for practice in ctx.log.unfinished():
        if within is not None and practice.started_at < ctx.now - within:
            return None
        found = detail(ctx, practice.id)
        if found.resume_from is not None:
            return found
    return None


def resume(ctx: Context, practice_id: str | None = None) -> PracticeDetail:
    """Take up a practice again (the newest resumable one without an id): it is under way again."""
    if practice_id is None:
        found = resumable(ctx)
        if found is None:
            raise NothingToResume()
    else:
        found = detail(ctx, practice_id)
        if found.resume_from is None:
            raise NotResumable(practice_id, _why_not(found.practice))
    ctx.log.reopen(found.practice.id)
    return PracticeDetail(ctx.log.get(found.practice.id), found.steps, found.resume_from)


def _why_not(practice: PracticeSummary) -> str:
    if practice.status in (PracticeStatus.COMPLETED, PracticeStatus.PARTIAL):
        return f"it is {practice.status.value}"
    if practice.pain is not None and practice.pain >= PAIN_STOP_THRESHOLD:
        return "it was stopped for pain; rest, and start afresh another day"
    return "every step of it was played"


def history(
    ctx: Context, limit: int | None = None, before: datetime | None = None
) -> list[PracticeSummary]:
    if before is not None:
        before = bounded("before", before, ctx.now)
    return ctx.log.summaries(limit=limit, before=before)


def delete(ctx: Context, practice_id: str) -> None:
    ctx.log.delete(practice_id)


def is_first(ctx: Context) -> bool:
    """Before the very first practice the runner sees the safety notes."""
    return ctx.log.is_empty()
