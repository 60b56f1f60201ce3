"""Imported runs: saved one file per transaction, each run kept once however many files hold it.

A run arrives as a plain row of its figures (``RunRow``): the importer decodes
files, this module only keeps rows, so it knows nothing of file formats. It is a duplicate when the same file
(same SHA-256, same position in the file) is already stored, or when a stored
run started within a few seconds of it and lasted, or covered, about the same.
Of two copies of one run the richer is kept (cadence, the device's own step
length, more per-second samples, FIT before TCX before GPX), so the result
does not depend on which copy was imported first.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gethip.core.errors import GethipError
from gethip.core.run_summary import RunSummary
from gethip.store.database import Store
from gethip.store.run_models import Run

if TYPE_CHECKING:
    # The planner's models load only for the calls that need them: listing
    # runs stays quick.
    from gethip.core.planner import RecordedRun

# Two recordings of one run start within this of each other (a watch and a
# phone app, or one file's export and its GPX copy).
SAME_START = timedelta(seconds=10)
# ... and agree on duration or distance to within these.
SAME_ELAPSED_S, SAME_ELAPSED_SHARE = 60.0, 0.03
SAME_DISTANCE_M, SAME_DISTANCE_SHARE = 100.0, 0.05
FORMAT_RANK = {"fit": 2, "tcx": 1, "gpx": 0}


class UnknownRun(GethipError):
    def __init__(self, run_id: int) -> None:
        super().__init__(f"no run with id {run_id}")
        self.run_id = run_id


@dataclass(frozen=True)
class RunRow:
    """One run's figures, as a row keeps them; samples are packed per-second records."""

    start: datetime
    utc_offset_minutes: int | None
    sport: str
    sub_sport: str | None
    elapsed_s: float
    moving_s: float | None
    distance_m: float | None
    cadence_spm: float | None
    step_length_m: float | None
    step_length_from_device: bool
    ascent_m: float | None
    samples: bytes
    sample_count: int
    speed_samples: int


@dataclass(frozen=True)
class RunFile:
    """One file's identity and the runs it holds, in the order the file holds them."""

    name: str
    sha256: str
    format: str
    runs: tuple[RunRow, ...]


@dataclass(frozen=True)
class PackedSamples:
    """A run's per-second records as stored; the caller unpacks them."""

    run_id: int
    start: datetime
    samples: bytes


class Runs:
    def __init__(self, store: Store, user_id: int) -> None:
        self.store = store
        self.user_id = user_id

    def save_file(self, decoded: RunFile, imported_at: datetime) -> list[bool]:
        """Store a file's runs in one transaction: for each, True when kept as a new run.

        A run already known (the same file, or another recording of it) is
        counted, not stored again.
        """
        for attempt in range(2):
            try:
                with self.store.transaction() as db:
                    return [
                        self._save_run(db, decoded, leg, facts, imported_at)
                        for leg, facts in enumerate(decoded.runs)
                    ]
            except IntegrityError:
                # Another import stored the same file meanwhile; once more sees it.
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def summaries(
        self, limit: int | None = None, before: datetime | None = None
    ) -> list[RunSummary]:
        """Runs newest first: all of them, or a page of ``limit`` started before ``before``."""
        query = select(*_SUMMARY_COLUMNS).where(Run.user_id == self.user_id)
        if before is not None:
            query = query.where(Run.start < before)
        query = query.order_by(Run.start.desc(), Run.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self.store.transaction() as db:
            return [_summary(row._mapping) for row in db.execute(query).all()]

    def delete(self, run_id: int) -> None:
        with self.store.transaction() as db:
            run = db.get(Run, run_id)
            if run is None or run.user_id != self.user_id:
                raise UnknownRun(run_id)
            db.delete(run)

    def samples(self, since: datetime | None = None) -> list[PackedSamples]:
        """The runs' packed per-second records, oldest first, for the stride analysis."""
        query = select(Run.id, Run.start, Run.samples).where(Run.user_id == self.user_id)
        if since is not None:
            query = query.where(Run.start >= since)
        with self.store.transaction() as db:
            rows = db.execute(query.order_by(Run.start, Run.id)).all()
        return [PackedSamples(run_id=row[0], start=row[1], samples=row[2]) for row in rows]

    def starts(self) -> list[datetime]:
        """When each run started, oldest first: the span of the runner's data."""
        with self.store.transaction() as db:
            return list(
                db.scalars(select(Run.start).where(Run.user_id == self.user_id).order_by(Run.start))
            )

    def records(self) -> list[RecordedRun]:
        """Runs as the planner sees them: when each started and how long it lasted."""
        from gethip.core.planner import RecordedRun

        with self.store.transaction() as db:
            rows = db.execute(
                select(Run.start, Run.elapsed_s)
                .where(Run.user_id == self.user_id)
                .order_by(Run.start)
            ).all()
        return [
            RecordedRun(start=start, duration=timedelta(seconds=elapsed))
            for start, elapsed in rows
            if elapsed > 0
        ]

    def count(self) -> int:
        with self.store.transaction() as db:
            total = db.scalar(
                select(func.count()).select_from(Run).where(Run.user_id == self.user_id)
            )
            return int(total or 0)

    # --- one run ---------------------------------------------------------------------------

    def _save_run(
        self, db: Session, decoded: RunFile, leg: int, facts: RunRow, at: datetime
    ) -> bool:
        same_file = db.scalar(
            select(Run.id).where(
                Run.user_id == self.user_id, Run.sha256 == decoded.sha256, Run.leg == leg
            )
        )
        if same_file is not None:
            return False
        twin = self._twin(db, facts)
        if twin is None:
            db.add(Run(user_id=self.user_id, imported_at=at, **_columns(decoded, leg, facts)))
            db.flush()
            return True
        if _better(decoded, leg, facts, twin):
            for key, value in _columns(decoded, leg, facts).items():
                setattr(twin, key, value)
            twin.imported_at = at
            db.flush()
        return False

    def _twin(self, db: Session, facts: RunRow) -> Run | None:
        """A stored recording of the same run, if there is one."""
        candidates = db.scalars(
            select(Run)
            .where(
                Run.user_id == self.user_id,
                Run.start >= facts.start - SAME_START,
                Run.start <= facts.start + SAME_START,
            )
            .order_by(Run.id)
        ).all()
        for run in candidates:
            if same_length(facts.elapsed_s, facts.distance_m, run):
                return run
        return None


def same_length(elapsed_s: float, distance_m: float | None, run: Run) -> bool:
    """Whether a recording lasted, or covered, about what a stored run did (with its start close)."""
    longest = max(elapsed_s, run.elapsed_s)
    if abs(elapsed_s - run.elapsed_s) <= max(SAME_ELAPSED_S, SAME_ELAPSED_SHARE * longest):
        return True
    if distance_m is None or run.distance_m is None:
        return False
    furthest = max(distance_m, run.distance_m)
    return abs(distance_m - run.distance_m) <= max(SAME_DISTANCE_M, SAME_DISTANCE_SHARE * furthest)


def _richness(
    cadence: float | None, from_device: bool, speed_samples: int, fmt: str, samples: int
) -> tuple[int, int, int, int, int]:
    return (
        int(cadence is not None),
        int(from_device),
        speed_samples,
        FORMAT_RANK.get(fmt, -1),
        samples,
    )


def _better(decoded: RunFile, leg: int, facts: RunRow, stored: Run) -> bool:
    new = _richness(
        facts.cadence_spm,
        facts.step_length_from_device,
        facts.speed_samples,
        decoded.format,
        facts.sample_count,
    )
    old = _richness(
        stored.cadence_spm,
        stored.step_length_from_device,
        stored.speed_samples,
        stored.source_format,
        stored.sample_count,
    )
    if new != old:
        return new > old
    # Equally rich: a fixed rule, so the outcome is the same in any import order.
    return (decoded.sha256, leg) < (stored.sha256, stored.leg)


def _columns(decoded: RunFile, leg: int, facts: RunRow) -> dict[str, Any]:
    return asdict(facts) | {
        "source": decoded.name[:1000],
        "source_format": decoded.format,
        "sha256": decoded.sha256,
        "leg": leg,
    }


_SUMMARY_COLUMNS = (
    Run.id,
    Run.start,
    Run.utc_offset_minutes,
    Run.sport,
    Run.sub_sport,
    Run.elapsed_s,
    Run.moving_s,
    Run.distance_m,
    Run.cadence_spm,
    Run.step_length_m,
    Run.ascent_m,
    Run.source,
    Run.sha256,
)


def _summary(row: Any) -> RunSummary:
    start: datetime = row["start"]
    offset = row["utc_offset_minutes"]
    # "Z" says the file gave no time zone; an offset (even +00:00) says it did.
    when = (
        start.astimezone(timezone(timedelta(minutes=offset))).isoformat()
        if offset is not None
        else start.astimezone(UTC).isoformat().replace("+00:00", "Z")
    )
    seconds = row["moving_s"] if row["moving_s"] is not None else row["elapsed_s"]
    distance = row["distance_m"]
    pace = seconds / (distance / 1000.0) if distance and distance >= 1 and seconds else None
    return RunSummary(
        id=row["id"],
        start=when,
        sport=row["sport"],
        sub_sport=row["sub_sport"],
        elapsed_s=row["elapsed_s"],
        moving_s=row["moving_s"],
        distance_m=row["distance_m"],
        pace_s_per_km=None if pace is None else round(pace, 1),
        cadence_spm=row["cadence_spm"],
        step_length_m=row["step_length_m"],
        ascent_m=row["ascent_m"],
        source=row["source"],
        sha256=row["sha256"],
    )
