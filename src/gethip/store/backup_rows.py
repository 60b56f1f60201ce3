"""One user's rows out for a backup, and back in on restore: every row the restoring user's own.

Rows travel as plain dicts of column values; the application checks them
(against the catalog, the sessions' timelines and the app's bounds) before
they reach :func:`restore_rows`. Restoring only adds, in one transaction: a
practice already here (by id) is kept and only its missing steps are added, a
profile version already here is kept, a run already here (the same file,
or another recording of the same run, judged as the importer judges it) is
kept, and a hip check already here (by id) is kept. A practice or check id
that belongs to another user refuses the whole restore: nothing is ever
written into someone else's log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gethip.core.errors import GethipError
from gethip.store.check_models import HipCheck
from gethip.store.database import Store
from gethip.store.models import Practice, PracticeSegment
from gethip.store.profile_models import ProfileVersion
from gethip.store.run_models import Run
from gethip.store.runs import SAME_START, same_length

Row = dict[str, Any]

PRACTICE_COLUMNS = (
    "id",
    "session",
    "breath_seconds",
    "minutes",
    "started_at",
    "ended_at",
    "status",
    "segments_total",
    "work_seconds_total",
    "tightness",
    "pain",
    "deviation",
)
STEP_COLUMNS = (
    "index",
    "move",
    "side",
    "kind",
    "start",
    "duration",
    "reps",
    "breaths",
    "outcome",
    "worked_seconds",
    "finished_at",
)
PROFILE_COLUMNS = ("version", "changed_at", "data", "changed")
# Every column of a run but its id and owner: a restored run is the restorer's, with a new id.
RUN_COLUMNS = tuple(c.name for c in Run.__table__.columns if c.name not in {"id", "user_id"})
# Every column of a check but its owner: its id is the client's, kept as it was.
CHECK_COLUMNS = tuple(c.name for c in HipCheck.__table__.columns if c.name != "user_id")


class BackupConflict(GethipError):
    pass


@dataclass
class RestoreReport:
    """Rows added and rows already there, per kind of row."""

    added: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, added: bool) -> None:
        counts = self.added if added else self.kept
        counts[kind] = counts.get(kind, 0) + 1

    @property
    def nothing_added(self) -> bool:
        return not any(self.added.values())


@dataclass(frozen=True)
class UserRows:
    practices: list[Row]
    profiles: list[Row]
    runs: list[Row]
    checks: list[Row] = field(default_factory=list)


def dump_rows(store: Store, user_id: int) -> UserRows:
    with store.transaction() as db:
        practices = db.scalars(
            select(Practice)
            .where(Practice.user_id == user_id)
            .order_by(Practice.started_at, Practice.id)
            .options(selectinload(Practice.segments))
        ).all()
        profiles = db.scalars(
            select(ProfileVersion)
            .where(ProfileVersion.user_id == user_id)
            .order_by(ProfileVersion.version)
        ).all()
        runs = db.scalars(
            select(Run).where(Run.user_id == user_id).order_by(Run.start, Run.id)
        ).all()
        checks = db.scalars(
            select(HipCheck)
            .where(HipCheck.user_id == user_id)
            .order_by(HipCheck.measured_at, HipCheck.id)
        ).all()
        return UserRows(
            practices=[
                _columns(p, PRACTICE_COLUMNS)
                | {"steps": [_columns(s, STEP_COLUMNS) for s in p.segments]}
                for p in practices
            ],
            profiles=[_columns(p, PROFILE_COLUMNS) for p in profiles],
            runs=[_columns(r, RUN_COLUMNS) for r in runs],
            checks=[_columns(c, CHECK_COLUMNS) for c in checks],
        )


def restore_rows(store: Store, user_id: int, rows: UserRows) -> RestoreReport:
    report = RestoreReport()
    with store.transaction() as db:
        _restore_practices(db, user_id, rows.practices, report)
        _restore_profiles(db, user_id, rows.profiles, report)
        _restore_runs(db, user_id, rows.runs, report)
        _restore_checks(db, user_id, rows.checks, report)
    return report


_Owned = TypeVar("_Owned", Practice, HipCheck)


def _columns(row: Any, names: Sequence[str]) -> Row:
    return {name: getattr(row, name) for name in names}


def _own_row(
    db: Session, model: type[_Owned], row_id: str, user_id: int, what: str
) -> _Owned | None:
    """The row already stored under this id, or None; a row of another account stops the restore,
    since ids are global and overwriting it would hand one runner's data to another."""
    existing = db.get(model, row_id)
    if existing is not None and existing.user_id != user_id:
        raise BackupConflict(
            f"{what} {row_id} in this backup belongs to another account here; nothing was restored"
        )
    return existing


def _restore_practices(db: Session, user_id: int, rows: list[Row], report: RestoreReport) -> None:
    for row in rows:
        existing = _own_row(db, Practice, row["id"], user_id, "practice")
        if existing is None:
            db.add(Practice(user_id=user_id, **{k: row[k] for k in PRACTICE_COLUMNS}))
            db.flush()
            saved: set[int] = set()
        else:
            saved = set(
                db.scalars(
                    select(PracticeSegment.index).where(PracticeSegment.practice_id == row["id"])
                )
            )
        report.count("practices", added=existing is None)
        for step in row["steps"]:
            if step["index"] in saved:
                report.count("steps", added=False)
                continue
            db.add(PracticeSegment(practice_id=row["id"], **step))
            report.count("steps", added=True)


def _restore_profiles(db: Session, user_id: int, rows: list[Row], report: RestoreReport) -> None:
    for row in rows:
        existing = db.scalar(
            select(ProfileVersion.id).where(
                ProfileVersion.user_id == user_id, ProfileVersion.version == row["version"]
            )
        )
        if existing is None:
            db.add(ProfileVersion(user_id=user_id, **(row | {"changed": list(row["changed"])})))
        report.count("profiles", added=existing is None)


def _restore_runs(db: Session, user_id: int, rows: list[Row], report: RestoreReport) -> None:
    for row in rows:
        known = _same_run(db, user_id, row)
        if not known:
            db.add(Run(user_id=user_id, **row))
            db.flush()
        report.count("runs", added=not known)


def _same_run(db: Session, user_id: int, row: Row) -> bool:
    """Whether this user already has the run, as the importer would judge it."""
    same_file = db.scalar(
        select(Run.id).where(
            Run.user_id == user_id, Run.sha256 == row["sha256"], Run.leg == row["leg"]
        )
    )
    if same_file is not None:
        return True
    candidates = db.scalars(
        select(Run).where(
            Run.user_id == user_id,
            Run.start >= row["start"] - SAME_START,
            Run.start <= row["start"] + SAME_START,
        )
    ).all()
    return any(same_length(row["elapsed_s"], row["distance_m"], run) for run in candidates)


def _restore_checks(db: Session, user_id: int, rows: list[Row], report: RestoreReport) -> None:
    for row in rows:
        existing = _own_row(db, HipCheck, row["id"], user_id, "hip check")
        if existing is None:
            db.add(HipCheck(user_id=user_id, **{k: row[k] for k in CHECK_COLUMNS}))
            db.flush()
        report.count("checks", added=existing is None)
