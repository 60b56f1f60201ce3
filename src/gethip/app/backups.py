"""Backup and restore: all of one runner's data out to one file, and back in without loss or harm.

A restore puts nothing into the database that gethip could not have written
itself: every practice must name a session this gethip knows, with settings
within the app's bounds, and each step must be the step the session's
compiled timeline has at that index; every instant must lie between the year
2000 and now; what gethip derives (a practice's work time, its deviation, a
status the steps contradict, a hip check's margin and verdict) is derived
again rather than read. Every row restored belongs to the runner restoring
it, whatever the file says.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

from gethip.app.context import Context
from gethip.app.timelines import compiled_for
from gethip.core.errors import GethipError
from gethip.core.hipcheck import uncertainty_for, verdict_for
from gethip.core.instants import InstantOutOfRange, bounded
from gethip.core.practice import (
    Ending,
    PracticeStatus,
    StepOutcome,
    StepRecord,
    mismatch,
    settle_status,
    work_seconds,
)
from gethip.core.timeline import Segment, Settings
from gethip.exports.backup_format import (
    Backup,
    CheckEntry,
    InvalidBackup,
    PracticeEntry,
    ProfileEntry,
    Record,
    RunEntry,
    StepEntry,
    read_backup,
    write_backup,
)
from gethip.store.backup_rows import (
    BackupConflict,
    RestoreReport,
    Row,
    UserRows,
    dump_rows,
    restore_rows,
)


def create_backup(ctx: Context) -> bytes:
    """Every section of the runner's data, as the bytes of a backup file."""
    rows = dump_rows(ctx.store, ctx.user)
    sections: dict[str, list[Record]] = {
        "practices": [_practice_entry(row) for row in rows.practices],
        "profiles": [ProfileEntry.model_validate(row) for row in rows.profiles],
        "runs": [RunEntry.model_validate(row) for row in rows.runs],
        "checks": [CheckEntry.model_validate(row) for row in rows.checks],
    }
    return write_backup(sections, ctx.now, f"gethip {_version()}")


def restore_backup(ctx: Context, data: bytes) -> RestoreReport:
    """Add what the file has and this runner lacks, all in one transaction or not at all."""
    backup = read_backup(data)
    rows = UserRows(
        practices=[
            _practice_row(ctx, position, entry)
            for position, entry in enumerate(backup.sections["practices"])
        ],
        profiles=[
            _checked(ctx, "profiles", position, entry, ("changed_at",)).model_dump()
            for position, entry in enumerate(backup.sections["profiles"])
        ],
        runs=[
            _checked(ctx, "runs", position, entry, ("start", "imported_at")).model_dump()
            for position, entry in enumerate(backup.sections["runs"])
        ],
        checks=[
            _check_row(ctx, position, entry)
            for position, entry in enumerate(backup.sections["checks"])
        ],
    )
    try:
        return restore_rows(ctx.store, ctx.user, rows)
    except BackupConflict as error:
        raise InvalidBackup(str(error)) from None


def read(data: bytes) -> Backup:
    """The file checked on its own (no database): what `gethip backup` reads back to verify."""
    return read_backup(data)


def _practice_entry(row: Row) -> PracticeEntry:
    fields = {k: v for k, v in row.items() if k not in {"work_seconds_total", "deviation"}}
    fields["steps"] = tuple(StepEntry.model_validate(step) for step in row["steps"])
    return PracticeEntry.model_validate(fields)


def _checked(
    ctx: Context, section: str, position: int, entry: Any, instants: tuple[str, ...]
) -> Any:
    for name in instants:
        value = getattr(entry, name)
        if value is not None:
            _bounded(ctx, f"{section}[{position}].{name}", value)
    return entry


def _bounded(ctx: Context, where: str, value: Any) -> None:
    try:
        bounded(where, value, ctx.now)
    except InstantOutOfRange as error:
        raise InvalidBackup(f"invalid backup content at {error}") from None


def _practice_row(ctx: Context, position: int, entry: PracticeEntry) -> Row:
    where = f"practices[{position}]"
    _checked(ctx, "practices", position, entry, ("started_at", "ended_at"))
    settings = Settings(breath_seconds=entry.breath_seconds, minutes=entry.minutes)
    try:
        timeline = compiled_for(entry.session, settings)
    except GethipError as error:
        raise InvalidBackup(f"invalid backup content at {where}.session: {error}") from None
    if entry.segments_total != len(timeline.segments):
        raise InvalidBackup(
            f"invalid backup content at {where}.segments_total: {entry.session} at these "
            f"settings has {len(timeline.segments)} steps, not {entry.segments_total}"
        )
    steps = []
    for number, step in enumerate(entry.steps):
        steps.append(_step_row(ctx, f"{where}.steps[{number}]", step, timeline.segments))
    status = entry.status
    if status in (PracticeStatus.COMPLETED, PracticeStatus.PARTIAL):
        # The steps decide what a practice played to its end was, not the file.
        records = [
            StepRecord(
                index=s["index"],
                move=s["move"],
                kind=s["kind"],
                outcome=s["outcome"],
                worked_seconds=s["worked_seconds"],
                finished_at=s["finished_at"],
            )
            for s in steps
        ]
        status = settle_status(Ending.FINISHED, timeline, records, entry.pain)
    row = entry.model_dump(exclude={"steps"})
    return row | {
        "status": status.value,
        "work_seconds_total": work_seconds(timeline),
        "deviation": timeline.deviation.model_dump(mode="json", exclude_computed_fields=True)
        if timeline.deviation
        else None,
        "steps": steps,
    }


def _check_row(ctx: Context, position: int, entry: CheckEntry) -> Row:
    _checked(ctx, "checks", position, entry, ("measured_at", "saved_at"))
    row = entry.model_dump()
    # The margin and the verdict follow from the reading, as the core derives them.
    reading = entry.thigh_angle_deg if entry.hip_extension_deg is None else entry.hip_extension_deg
    assert reading is not None  # CheckEntry has the test's own angle
    uncertainty = uncertainty_for(entry.spread_deg)
    return row | {
        "test": entry.test.value,
        "side": entry.side.value,
        "uncertainty_deg": uncertainty,
        "verdict": verdict_for(entry.test, reading, uncertainty).value,
    }


def _step_row(ctx: Context, where: str, step: StepEntry, segments: tuple[Segment, ...]) -> Row:
    if step.index >= len(segments):
        raise InvalidBackup(
            f"invalid backup content at {where}.index: the session has {len(segments)} steps"
        )
    expected = segments[step.index]
    claimed = expected.model_copy(
        update={"move": step.move, "side": step.side, "kind": step.kind, "duration": step.duration}
    )
    differs = mismatch(expected, claimed)
    if differs is not None:
        raise InvalidBackup(
            f"invalid backup content at {where}.{differs}: step {step.index} of this session "
            f"has {differs} {getattr(expected, differs)!s}"
        )
    _bounded(ctx, f"{where}.finished_at", step.finished_at)
    worked = step.worked_seconds
    if worked is None:
        worked = expected.duration if step.outcome == StepOutcome.DONE else 0.0
    return {
        "index": expected.index,
        "move": expected.move,
        "side": expected.side.value if expected.side else None,
        "kind": expected.kind.value,
        "start": expected.start,
        "duration": expected.duration,
        "reps": expected.reps,
        "breaths": expected.breaths,
        "outcome": step.outcome.value,
        "worked_seconds": min(worked, expected.duration),
        "finished_at": step.finished_at,
    }


def _version() -> str:
    try:
        return metadata.version("gethip")
    except metadata.PackageNotFoundError:
        return "unknown"
