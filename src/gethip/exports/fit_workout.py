"""A session as a Garmin FIT workout file, built from the compiled timeline.

Two stages, so the shape of the workout can be tested without a FIT library:
:func:`plan_workout` turns the timeline into plain steps (what the watch will
show and for how long), and :func:`encode_workout` writes those steps with the
`fit-tool` library. Nothing here recomputes a duration or a count: every step
comes from one timeline segment, and a block of segments that repeats becomes
one FIT repeat step.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from fit_tool.fit_file import FitFile
from fit_tool.fit_file_builder import FitFileBuilder, calc_crc, calc_records_size
from fit_tool.fit_file_header import FitFileHeader, ProtocolVersion
from fit_tool.profile import profile_type
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage

from gethip.core.catalog import (
    Catalog,
    Move,
    MultiPhaseRepsDose,
    Phase,
    RangeThenHoldDose,
    RepsDose,
    Sidedness,
    TimedDose,
)
from gethip.core.errors import GethipError
from gethip.core.sessions import Session
from gethip.core.timeline import Segment, SegmentKind, Side, Timeline

# String sizes in bytes, terminator included. FIT itself allows 255 bytes per
# field, but Garmin's reference C SDK sizes the workout name and the step name
# at 16 bytes and step notes at 50 (fit_example.h), so a device built on it
# keeps no more. Staying inside them means the watch shows what we wrote.
WORKOUT_NAME_BYTES = 16
STEP_NAME_BYTES = 16
NOTES_BYTES = 50
# The description is not in that reference profile; FIT's own field limit applies.
DESCRIPTION_BYTES = 255

# Names that fit a watch screen, for moves and sessions whose full name (plus
# a side letter) is longer than a step name may be. Anything not listed is
# cut at a word boundary.
WATCH_NAMES = {
    "running-backward": "Backward Run",
    "single-leg-toe-touches": "1-Leg Toe Tap",
    "lateral-lunges": "Side Lunge",
    "low-lunge-variation": "Low Lunge",
    "one-legged-bridge": "1-Leg Bridge",
    "crescent-lunge-knee-up": "Crescent Knee",
    "full-range-figure-four": "Figure Four",
    "strength": "Hip strength",
    "offday": "Off-day hips",
}

_SIDE_LETTER = {Side.RIGHT: "R", Side.LEFT: "L"}
_REST_KINDS = {SegmentKind.PREPARE, SegmentKind.TRANSITION, SegmentKind.SWITCH, SegmentKind.REST}

Intensity = Literal["active", "rest"]
SubSport = Literal["flexibility_training", "strength_training"]


class FitMappingError(GethipError):
    """A move's `fit` mapping names a category or exercise the FIT profile does not have."""


@dataclass(frozen=True)
class WorkoutStep:
    """One step the watch plays: timed (``duration_ms``) or counted (``reps``)."""

    move: str
    name: str
    notes: str
    intensity: Intensity
    duration_ms: int | None = None
    reps: int | None = None
    category: str | None = None
    exercise: str | None = None


@dataclass(frozen=True)
class RepeatStep:
    """Play the steps from ``back_to`` up to this one ``times`` times in all."""

    back_to: int
    times: int


@dataclass(frozen=True)
class WorkoutPlan:
    session: str
    name: str
    description: str
    sub_sport: SubSport
    steps: tuple[WorkoutStep | RepeatStep, ...]


def export_fit_workout(
    timeline: Timeline, session: Session, catalog: Catalog, created_at: datetime
) -> bytes:
    """The FIT workout file for a compiled session."""
    return encode_workout(plan_workout(timeline, session, catalog), created_at)


def plan_workout(timeline: Timeline, session: Session, catalog: Catalog) -> WorkoutPlan:
    first_cues: dict[int, str] = {}
    for cue in timeline.cues:
        first_cues.setdefault(cue.segment, cue.text)
    steps = [
        _step(segment, catalog.get(segment.move), first_cues.get(segment.index, ""))
        for segment in timeline.segments
    ]
    strength = any(catalog.get(move_id).phase == Phase.STRENGTH for move_id in session.moves)
    description = session.name
    suffix = ""
    if timeline.deviation is not None:
        description += f". {timeline.deviation.label}"
        # A shortened workout says so in the list of workouts on the watch.
        suffix = f" {timeline.deviation.minutes}m"
    name = WATCH_NAMES.get(session.id, session.name)
    return WorkoutPlan(
        session=session.id,
        name=clip_words(name, WORKOUT_NAME_BYTES - 1 - len(suffix)) + suffix,
        description=clip_words(description, DESCRIPTION_BYTES - 1),
        sub_sport="strength_training" if strength else "flexibility_training",
        steps=fold_repeats(steps),
    )


def _step(segment: Segment, move: Move, first_cue: str) -> WorkoutStep:
    if segment.kind in _REST_KINDS:
        # Pauses speak the timeline's own announcement ("Next: ...", "Switch sides. Left side.").
        return WorkoutStep(
            move=move.id,
            name=clip_words(segment.label, STEP_NAME_BYTES - 1),
            notes=clip_text(first_cue, NOTES_BYTES - 1),
            intensity="rest",
            duration_ms=_milliseconds(segment.duration),
        )
    side = f" {_SIDE_LETTER[segment.side]}" if segment.side else ""
    short = WATCH_NAMES.get(move.id, move.name)
    name = clip_words(short, STEP_NAME_BYTES - 1 - len(side)) + side
    lead, cues, tail = _note_parts(segment, move)
    if move.fit.category is not None:
        # A typo in the catalog's mapping fails here, naming the move, not on the watch.
        fit_exercise_numbers(move.fit.category, move.fit.name, move.id)
    return WorkoutStep(
        move=move.id,
        name=name,
        notes=compose_notes(lead, cues, tail, NOTES_BYTES - 1),
        intensity="active",
        duration_ms=None if segment.reps is not None else _milliseconds(segment.duration),
        reps=segment.reps,
        category=move.fit.category,
        exercise=move.fit.name,
    )


def _note_parts(segment: Segment, move: Move) -> tuple[str | None, list[str], str | None]:
    """What a step's notes say: a lead (phase or set), the main cue, then a count."""
    dose = move.dose
    cues = list(move.cues)
    lead: str | None = None
    tail: str | None = None
    if segment.set is not None and isinstance(dose, TimedDose | RepsDose):
        lead = f"Set {segment.set} of {dose.sets}."
    if segment.rep is not None and isinstance(dose, MultiPhaseRepsDose):
        # Each held position of a multi-phase rep has its own cue; say that one first.
        lead = f"{segment.label}."
        cues = [p.cue for p in dose.phases if p.name == segment.label] + cues
    elif segment.kind == SegmentKind.WORK and isinstance(dose, RangeThenHoldDose):
        lead = "Slow range."
    if segment.breaths is not None:
        tail = f"{segment.breaths} breaths."
    elif segment.reps is not None and dose.sidedness == Sidedness.ALTERNATING:
        # FIT counts every step of an alternating bout; the runner thinks per leg.
        tail = f"{segment.reps // 2} per leg."
    return lead, cues, tail


def _milliseconds(seconds: float) -> int:
    return round(seconds * 1000)


def fold_repeats(steps: Sequence[WorkoutStep]) -> tuple[WorkoutStep | RepeatStep, ...]:
    """Write each run of identical consecutive blocks once, followed by a repeat step.

    At every position the block that covers the most steps wins (the shorter
    block on a tie), so the bridge's 8 reps of two holds become two steps and
    one repeat. Blocks are not nested: watches handle one level of repeats.
    """
    folded: list[WorkoutStep | RepeatStep] = []
    position = 0
    while position < len(steps):
        best_size, best_times = 1, 1
        for size in range(1, (len(steps) - position) // 2 + 1):
            block = steps[position : position + size]
            times = 1
            while steps[position + times * size : position + (times + 1) * size] == block:
                times += 1
            if times > 1 and size * times > best_size * best_times:
                best_size, best_times = size, times
        first = len(folded)
        folded.extend(steps[position : position + best_size])
        if best_times > 1:
            folded.append(RepeatStep(back_to=first, times=best_times))
        position += best_size * best_times
    return tuple(folded)


def expand_repeats(steps: Sequence[WorkoutStep | RepeatStep]) -> list[WorkoutStep]:
    """The steps in the order a watch plays them (the inverse of :func:`fold_repeats`)."""
    played: list[WorkoutStep] = []
    for index, step in enumerate(steps):
        if isinstance(step, RepeatStep):
            block = [s for s in steps[step.back_to : index] if isinstance(s, WorkoutStep)]
            played.extend(block * (step.times - 1))
        else:
            played.append(step)
    return played


# --- text that fits -------------------------------------------------------


def fits(text: str, limit: int) -> bool:
    return len(text.encode("utf-8")) <= limit


def clip_words(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` UTF-8 bytes."""
    if fits(text, limit):
        return text
    words = text.split()
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(",;:.-")
        if fits(candidate, limit):
            return candidate
    # One word longer than the limit: cut it, never in the middle of a character.
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def _sentence(text: str) -> str:
    text = text.strip().rstrip(",;:")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _first_clause(text: str) -> str:
    for mark in (",", ";", " - ", " — "):
        text = text.split(mark, 1)[0]
    return text


def clip_text(text: str, limit: int) -> str:
    """Whole sentences while they fit; else the first sentence's first clause; else words."""
    if fits(text, limit):
        return text
    kept = ""
    for sentence in _sentences(text):
        candidate = f"{kept} {sentence}".strip()
        if not fits(candidate, limit):
            break
        kept = candidate
    if kept:
        return kept
    first = _sentences(text)[0] if text.strip() else ""
    clause = _sentence(_first_clause(first))
    return clause if fits(clause, limit) else clip_words(first, limit)


def _sentences(text: str) -> list[str]:
    parts: list[str] = []
    current = ""
    for word in text.split():
        current = f"{current} {word}".strip()
        if word.endswith((".", "!", "?")):
            parts.append(current)
            current = ""
    if current:
        parts.append(current)
    return parts


def compose_notes(lead: str | None, cues: Sequence[str], tail: str | None, limit: int) -> str:
    """Lead, then the first cue (or its first clause) that still fits, then the tail if room."""
    base = lead or ""
    text = base
    for cue in cues:
        chosen = next(
            (
                option
                for option in (_sentence(cue), _sentence(_first_clause(cue)))
                if fits(f"{base} {option}".strip(), limit)
            ),
            None,
        )
        if chosen is not None:
            text = f"{base} {chosen}".strip()
            break
    if tail and fits(f"{text} {tail}".strip(), limit):
        text = f"{text} {tail}".strip()
    return clip_words(text, limit)


# --- FIT encoding ---------------------------------------------------------


def encode_workout(plan: WorkoutPlan, created_at: datetime) -> bytes:
    """The plan as FIT bytes: 14-byte header with its CRC, messages, file CRC."""
    file_id = FileIdMessage()
    file_id.type = profile_type.FileType.WORKOUT
    file_id.manufacturer = profile_type.Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    # A device tells workout files apart by type, manufacturer, product and
    # serial: one stable serial per session, never zero (the type is uint32z).
    file_id.serial_number = zlib.crc32(plan.session.encode("utf-8")) or 1
    file_id.time_created = round(created_at.timestamp() * 1000)

    workout = WorkoutMessage()
    workout.workout_name = plan.name
    workout.workout_description = plan.description
    workout.sport = profile_type.Sport.TRAINING
    workout.sub_sport = profile_type.SubSport[plan.sub_sport.upper()]
    # Counts every workout_step message, repeat steps included (Garmin's workout file type).
    workout.num_valid_steps = len(plan.steps)

    # Not fit-tool's strict mode: its file-type check miscounts rep-counted
    # steps as repeat steps and expects num_valid_steps without the repeats.
    builder = FitFileBuilder(auto_define=True)
    builder.add(file_id)
    builder.add(workout)
    for index, step in enumerate(plan.steps):
        builder.add(_step_message(index, step))

    records = builder.records
    # Protocol 1.0: a workout needs nothing from 2.0, and older watches read only 1.0.
    header = FitFileHeader(
        records_size=calc_records_size(records),
        protocol_version=ProtocolVersion(1, 0),
        gen_crc=True,
    )
    data: bytes = FitFile(header, records, calc_crc(header, records)).to_bytes()
    return data


def _step_message(index: int, step: WorkoutStep | RepeatStep) -> WorkoutStepMessage:
    message = WorkoutStepMessage()
    message.message_index = index
    message.target_type = profile_type.WorkoutStepTarget.OPEN
    if isinstance(step, RepeatStep):
        message.duration_type = profile_type.WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
        message.duration_step = step.back_to
        message.target_repeat_steps = step.times
        return message
    message.workout_step_name = step.name
    message.notes = step.notes
    message.intensity = (
        profile_type.Intensity.ACTIVE if step.intensity == "active" else profile_type.Intensity.REST
    )
    if step.reps is not None:
        message.duration_type = profile_type.WorkoutStepDuration.REPS
        message.duration_reps = step.reps
    else:
        assert step.duration_ms is not None
        message.duration_type = profile_type.WorkoutStepDuration.TIME
        message.duration_time = step.duration_ms / 1000
    if step.category is not None:
        category, exercise = fit_exercise_numbers(step.category, step.exercise, step.move)
        message.exercise_category = category
        if exercise is not None:
            message.exercise_name = exercise
    return message


def fit_exercise_numbers(category: str, exercise: str | None, where: str) -> tuple[int, int | None]:
    """The FIT profile numbers for a category and exercise given by their snake_case names."""
    try:
        category_number = int(profile_type.ExerciseCategory[category.upper()].value)
    except KeyError:
        raise FitMappingError(f"{where}: no FIT exercise category {category!r}") from None
    if exercise is None:
        return category_number, None
    enum_name = "".join(word.title() for word in category.split("_")) + "ExerciseName"
    names = getattr(profile_type, enum_name, None)
    try:
        exercise_number = int(names[exercise.upper()].value) if names is not None else None
    except KeyError:
        exercise_number = None
    if exercise_number is None:
        raise FitMappingError(f"{where}: no FIT exercise {exercise!r} in category {category!r}")
    return category_number, exercise_number
