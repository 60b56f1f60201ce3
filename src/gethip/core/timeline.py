"""The compiler: (session, settings) -> a second-by-second timeline.

A timeline is the single source of truth every player plays: the terminal
coach, the web page and the watch export all read the same segments and
cues, so nothing downstream recomputes a duration or a count.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from enum import StrEnum

from pydantic import Field, computed_field

from gethip.core.catalog import (
    BreathHoldDose,
    Catalog,
    Dose,
    Frozen,
    Move,
    MultiPhaseRepsDose,
    RangeThenHoldDose,
    RepsDose,
    Sidedness,
    TimedDose,
    describe_dose,
)
from gethip.core.durations import mmss
from gethip.core.errors import InvalidSettings

# Re-exported: callers that already use the compiler find its bounds here too.
from gethip.core.limits import DEFAULT_BREATH_SECONDS as DEFAULT_BREATH_SECONDS
from gethip.core.limits import MAX_BREATH_SECONDS as MAX_BREATH_SECONDS
from gethip.core.limits import MAX_BUDGET_MINUTES, MIN_BUDGET_MINUTES
from gethip.core.limits import MIN_BREATH_SECONDS as MIN_BREATH_SECONDS
from gethip.core.sessions import Session
from gethip.core.sides import Side as Side


class SegmentKind(StrEnum):
    PREPARE = "prepare"
    WORK = "work"
    HOLD = "hold"
    REST = "rest"
    SWITCH = "switch"
    TRANSITION = "transition"


class CueKind(StrEnum):
    ANNOUNCE = "announce"
    COUNTDOWN = "countdown"
    START = "start"
    FORM = "form"
    COUNT = "count"
    BREATH = "breath"
    HALFWAY = "halfway"
    LAST_FIVE = "last-five"
    REST = "rest"
    SWITCH = "switch"
    DONE = "done"


# When two cues fall on the same instant they are spoken as one line; the
# merged cue keeps the kind a player reacts to most (a bell at a switch).
_CUE_PRIORITY = {kind: rank for rank, kind in enumerate(CueKind)}


class Settings(Frozen):
    breath_seconds: float = Field(
        default=DEFAULT_BREATH_SECONDS, ge=MIN_BREATH_SECONDS, le=MAX_BREATH_SECONDS
    )
    minutes: int | None = Field(default=None, ge=MIN_BUDGET_MINUTES, le=MAX_BUDGET_MINUTES)


class Segment(Frozen):
    index: int
    move: str
    side: Side | None
    kind: SegmentKind
    start: float
    duration: float
    label: str
    reps: int | None = None
    breaths: int | None = None
    set: int | None = None
    rep: int | None = None

    @property
    def end(self) -> float:
        return round(self.start + self.duration, 3)


class Cue(Frozen):
    at: float
    text: str
    kind: CueKind
    segment: int


class DoseChange(Frozen):
    """One move's dose as written and as played, as data; ``text`` words it for a screen."""

    move: str
    name: str
    before: Dose
    after: Dose

    @computed_field  # type: ignore[prop-decorator]
    @property
    def text(self) -> str:
        return f"{self.name}: {describe_dose(self.before)} → {describe_dose(self.after)}"


class Deviation(Frozen):
    """How a compiled session departs from the program as written."""

    minutes: int
    as_written_seconds: float
    compiled_seconds: float
    changes: tuple[DoseChange, ...]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def label(self) -> str:
        return f"Shortened to fit {self.minutes} min (as written: {mmss(self.as_written_seconds)})"


class Timeline(Frozen):
    session: str
    settings: Settings
    total_seconds: float
    as_written_seconds: float
    deviation: Deviation | None
    segments: tuple[Segment, ...]
    cues: tuple[Cue, ...]

    def segment_at(self, position: float) -> int:
        """Index of the segment playing at ``position`` seconds (the last one at the end)."""
        starts = [s.start for s in self.segments]
        return max(0, min(len(self.segments) - 1, bisect.bisect_right(starts, position) - 1))

    def first_cue_from(self, position: float) -> int:
        """Index of the first cue at or after ``position``."""
        return bisect.bisect_left([c.at for c in self.cues], position)


def compile_session(session: Session, catalog: Catalog, settings: Settings) -> Timeline:
    moves = [catalog.get(move_id) for move_id in session.moves]
    doses: list[Dose] = [move.dose for move in moves]
    as_written = _build(session, moves, doses, settings)
    if settings.minutes is None or as_written.total <= settings.minutes * 60:
        return as_written.timeline(session.id, settings, as_written.total, None)
    return _fit_to_budget(session, moves, doses, settings, as_written.total)


def _fit_to_budget(
    session: Session,
    moves: Sequence[Move],
    doses: Sequence[Dose],
    settings: Settings,
    as_written_total: float,
) -> Timeline:
    assert settings.minutes is not None
    budget = settings.minutes * 60
    # The largest uniform scale of the counts that fits: a shortened session
    # keeps every move and its shape, only with fewer reps, breaths or seconds.
    for percent in range(99, -1, -1):
        scaled = [_scale_dose(dose, percent / 100) for dose in doses]
        built = _build(session, moves, scaled, settings)
        if built.total <= budget:
            break
    if built.total > budget:
        shortest = math.ceil(built.total / 60)
        raise InvalidSettings(
            f"{session.name} needs at least {shortest} minutes even shortened; "
            f"{settings.minutes} is too few"
        )
    changes = tuple(
        DoseChange(move=move.id, name=move.name, before=old, after=new)
        for move, old, new in zip(moves, doses, scaled, strict=True)
        if old != new
    )
    deviation = Deviation(
        minutes=settings.minutes,
        as_written_seconds=as_written_total,
        compiled_seconds=built.total,
        changes=changes,
    )
    return built.timeline(session.id, settings, as_written_total, deviation)


def _scale_dose(dose: Dose, factor: float) -> Dose:
    def scale(value: int, floor: int) -> int:
        # Never below the floor, and never above the value as written: a
        # count already under the floor stays as it is.
        return min(value, max(floor, round(value * factor)))

    match dose:
        case TimedDose():
            return dose.model_copy(
                update={
                    "seconds": scale(dose.seconds, 10),
                    "rest_seconds": scale(dose.rest_seconds, 0),
                }
            )
        case RepsDose():
            return dose.model_copy(
                update={"reps": scale(dose.reps, 3), "rest_seconds": scale(dose.rest_seconds, 0)}
            )
        case BreathHoldDose():
            return dose.model_copy(update={"breaths": scale(dose.breaths, 2)})
        case RangeThenHoldDose():
            return dose.model_copy(
                update={
                    "range_seconds": scale(dose.range_seconds, 10),
                    "breaths": scale(dose.breaths, 2),
                }
            )
        case MultiPhaseRepsDose():
            return dose.model_copy(update={"reps": scale(dose.reps, 1)})
    raise AssertionError(f"unhandled dose {dose!r}")  # pragma: no cover


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


class _Builder:
    """Lays segments end to end and collects the cues that belong to them."""

    def __init__(self, breath_seconds: float) -> None:
        self.breath = breath_seconds
        self.clock = 0.0
        self.segments: list[Segment] = []
        self.cues: list[Cue] = []

    @property
    def total(self) -> float:
        return round(self.clock, 3)

    def segment(
        self, move: Move, kind: SegmentKind, duration: float, label: str, **counts: object
    ) -> Segment:
        # The clock advances by the rounded duration, so each segment starts
        # exactly where the one before it ends and the total is their sum.
        duration = round(duration, 3)
        segment = Segment.model_validate(
            {
                "index": len(self.segments),
                "move": move.id,
                "kind": kind,
                "start": self.clock,
                "duration": duration,
                "label": label,
                "side": counts.pop("side", None),
                **counts,
            }
        )
        self.segments.append(segment)
        self.clock = segment.end
        return segment

    def cue(self, segment: Segment, offset: float, text: str, kind: CueKind) -> None:
        self.cues.append(
            Cue(at=round(segment.start + offset, 3), text=text, kind=kind, segment=segment.index)
        )

    def countdown(self, segment: Segment) -> None:
        for remaining in (3, 2, 1):
            if segment.duration >= remaining + 2:
                self.cue(segment, segment.duration - remaining, str(remaining), CueKind.COUNTDOWN)

    def breaths(self, segment: Segment, count: int, opening: str) -> None:
        half = self.breath / 2
        for number in range(1, count + 1):
            if number == 1:
                text = f"{_sentence(opening)} Breathe in."
            elif number == count:
                text = "Last breath, in."
            else:
                text = f"Breath {number}, in."
            offset = (number - 1) * self.breath
            self.cue(segment, offset, text, CueKind.BREATH)
            self.cue(segment, offset + half, "And out.", CueKind.BREATH)

    def timeline(
        self,
        session_id: str,
        settings: Settings,
        as_written_total: float,
        deviation: Deviation | None,
    ) -> Timeline:
        return Timeline(
            session=session_id,
            settings=settings,
            total_seconds=self.total,
            as_written_seconds=as_written_total,
            deviation=deviation,
            segments=tuple(self.segments),
            cues=_merge_simultaneous(self.cues),
        )


def _merge_simultaneous(cues: list[Cue]) -> tuple[Cue, ...]:
    merged: list[Cue] = []
    for cue in sorted(cues, key=lambda c: c.at):
        if merged and merged[-1].at == cue.at:
            last = merged[-1]
            kind = min(last.kind, cue.kind, key=lambda k: -_CUE_PRIORITY[k])
            merged[-1] = Cue(
                at=cue.at, text=f"{last.text} {cue.text}", kind=kind, segment=cue.segment
            )
        else:
            merged.append(cue)
    return tuple(merged)


def _sides(dose: Dose) -> tuple[Side | None, ...]:
    return (Side.RIGHT, Side.LEFT) if dose.sidedness == Sidedness.EACH else (None,)


def _build(
    session: Session, moves: Sequence[Move], doses: Sequence[Dose], settings: Settings
) -> _Builder:
    builder = _Builder(settings.breath_seconds)
    for position, (move, dose) in enumerate(zip(moves, doses, strict=True)):
        _lead_in(builder, session, move, dose, first=position == 0)
        _move_body(builder, session, move, dose)
    last = builder.segments[-1]
    builder.cue(last, last.duration, "Done. Well worked.", CueKind.DONE)
    return builder


def _lead_in(builder: _Builder, session: Session, move: Move, dose: Dose, first: bool) -> None:
    if first:
        segment = builder.segment(move, SegmentKind.PREPARE, session.prepare_seconds, "Get ready")
    else:
        segment = builder.segment(
            move, SegmentKind.TRANSITION, session.transition_seconds, "Next up"
        )
    text = f"{'First' if first else 'Next'}: {move.name}, {describe_dose(dose)}."
    if dose.sidedness == Sidedness.EACH:
        text += " Right side first."
    builder.cue(segment, 0, text, CueKind.ANNOUNCE)
    builder.countdown(segment)


def _move_body(builder: _Builder, session: Session, move: Move, dose: Dose) -> None:
    sets = dose.sets if isinstance(dose, TimedDose | RepsDose) else 1
    sides = _sides(dose)
    for set_number in range(1, sets + 1):
        if set_number > 1:
            assert isinstance(dose, TimedDose | RepsDose)
            _rest(builder, move, dose.rest_seconds, set_number, sets)
        for side_number, side in enumerate(sides):
            if side_number > 0 and side is not None:
                switch = builder.segment(
                    move, SegmentKind.SWITCH, session.switch_seconds, "Switch sides", side=side
                )
                builder.cue(switch, 0, f"Switch sides. {side.value.title()} side.", CueKind.SWITCH)
            set_label = set_number if sets > 1 else None
            _side_work(builder, move, dose, side, set_label, sets)


def _rest(builder: _Builder, move: Move, seconds: int, next_set: int, sets: int) -> None:
    if seconds <= 0:
        return
    rest = builder.segment(move, SegmentKind.REST, seconds, "Rest")
    builder.cue(rest, 0, f"Rest. Set {next_set} of {sets} next.", CueKind.REST)
    builder.countdown(rest)


def _side_work(
    builder: _Builder,
    move: Move,
    dose: Dose,
    side: Side | None,
    set_number: int | None,
    sets: int,
) -> None:
    opening = f"Set {set_number} of {sets}. Go." if set_number else "Go."
    match dose:
        case TimedDose(seconds=seconds):
            work = builder.segment(
                move,
                SegmentKind.WORK,
                seconds,
                _label("Work", set_number, sets),
                side=side,
                set=set_number,
            )
            builder.cue(work, 0, f"{opening} {_sentence(move.cues[0])}", CueKind.START)
            _form_cues(builder, work, move.cues[1:])
            if seconds >= 30:
                builder.cue(work, seconds / 2, "Halfway.", CueKind.HALFWAY)
            if seconds >= 15:
                builder.cue(work, seconds - 5, "Last five.", CueKind.LAST_FIVE)
        case RepsDose(reps=reps, tempo_seconds=tempo):
            count = reps * 2 if dose.sidedness == Sidedness.ALTERNATING else reps
            work = builder.segment(
                move,
                SegmentKind.WORK,
                count * tempo,
                _label(f"{count} reps", set_number, sets),
                side=side,
                reps=count,
                set=set_number,
            )
            builder.cue(work, 0, f"{opening} {_sentence(move.cues[0])}", CueKind.START)
            for number in range(1, count + 1):
                text = str(number)
                if count > 5 and number == count - 4:
                    text = f"{number}, last five."
                # The first rep's count would land on the "go": start counting at rep 1's end.
                builder.cue(work, number * tempo - tempo / 2, text, CueKind.COUNT)
        case BreathHoldDose(breaths=breaths):
            hold = builder.segment(
                move, SegmentKind.HOLD, breaths * builder.breath, "Hold", side=side, breaths=breaths
            )
            builder.breaths(hold, breaths, move.cues[0])
        case RangeThenHoldDose(range_seconds=range_seconds, breaths=breaths):
            work = builder.segment(
                move, SegmentKind.WORK, range_seconds, "Slow range of motion", side=side
            )
            builder.cue(
                work, 0, f"Slowly through the range. {_sentence(move.cues[0])}", CueKind.START
            )
            _form_cues(builder, work, move.cues[1:])
            hold = builder.segment(
                move, SegmentKind.HOLD, breaths * builder.breath, "Hold", side=side, breaths=breaths
            )
            builder.breaths(hold, breaths, "Hold where you feel a good stretch")
        case MultiPhaseRepsDose(reps=reps, phases=phases):
            for rep in range(1, reps + 1):
                for number, phase in enumerate(phases):
                    hold = builder.segment(
                        move,
                        SegmentKind.HOLD,
                        phase.breaths * builder.breath,
                        phase.name,
                        side=side,
                        breaths=phase.breaths,
                        rep=rep,
                    )
                    opening_text = f"Rep {rep} of {reps}. {phase.cue}" if number == 0 else phase.cue
                    builder.breaths(hold, phase.breaths, opening_text)


def _label(base: str, set_number: int | None, sets: int) -> str:
    return f"{base}, set {set_number} of {sets}" if set_number else base


def _form_cues(builder: _Builder, work: Segment, cues: Sequence[str]) -> None:
    """Spread form reminders through a timed bout, clear of its start and its last seconds."""
    if not cues or work.duration < 20:
        return
    window_start, window_end = 5.0, work.duration - 8.0
    step = (window_end - window_start) / len(cues)
    for number, text in enumerate(cues):
        offset = round(window_start + step * (number + 0.5))
        builder.cue(work, offset, _sentence(text), CueKind.FORM)
