"""Imported runs: saved one file per transaction, each run kept once however many files hold it.

A run arrives as a file's ``RunFacts``. It is a duplicate when the same file
(same SHA-256, same position in the file) is already stored, or when a stored
run started within a few seconds of it and lasted, or covered, about the same.
Of two copies of one run the richer is kept (cadence, the device's own step
length, more per-second samples, FIT before TCX before GPX), so the result
does not depend on which copy was imported first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gethip.store.database import Store
from gethip.store.models import LOCAL_USER_ID
from gethip.store.run_models import Run

if TYPE_CHECKING:
    # NumPy and the planner load only for the calls that need them: listing
    # runs stays quick.
    from gethip.core.planner import RunRecord
    from gethip.core.stride import RunSamples
    from gethip.runs.activity import RunFacts

# Two recordings of one run start within this of each other (a watch and a
# phone app, or one file's export and its GPX copy).
SAME_START = timedelta(seconds=10)
# ... and agree on duration or distance to within these.
SAME_ELAPSED_S, SAME_ELAPSED_SHARE = 60.0, 0.03
SAME_DISTANCE_M, SAME_DISTANCE_SHARE = 100.0, 0.05
FORMAT_RANK = {"fit": 2, "tcx": 1, "gpx": 0}


class Outcome(StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class DecodedFile:
    """What a worker hands back for one file: its identity and the runs in it."""

    name: str
    sha256: str
    format: str
    runs: tuple[RunFacts, ...]


class RunSummary(BaseModel):
    """A run as ``gethip runs --json`` and the web API show it."""

    id: int
    start: str  # ISO 8601, in the run's own time zone where the file gave it, else UTC
    sport: str
    sub_sport: str | None
    elapsed_s: float
    moving_s: float | None
    distance_m: float | None
    pace_s_per_km: float | None
    cadence_spm: float | None
    step_length_m: float | None
    ascent_m: float | None
    source: str
    sha256: str


class Runs:
    def __init__(self, store: Store, user_id: int = LOCAL_USER_ID) -> None:
        self.store = store
        self.user_id = user_id

    def save_file(self, decoded: DecodedFile, imported_at: datetime) -> list[Outcome]:
        """Store a file's runs in one transaction; a run already known is counted, not stored."""
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

    def summaries(self) -> list[RunSummary]:
        """Every run, newest first."""
        with self.store.transaction() as db:
            rows = db.execute(
                select(*_SUMMARY_COLUMNS)
                .where(Run.user_id == self.user_id)
                .order_by(Run.start.desc(), Run.id.desc())
            ).all()
            return [_summary(row._mapping) for row in rows]

    def samples(self) -> list[RunSamples]:
        """Every run's per-second records, oldest first, for the stride analysis."""
        from gethip.core.stride import RunSamples
        from gethip.runs.activity import unpack_samples

        with self.store.transaction() as db:
            rows = db.execute(
                select(Run.id, Run.start, Run.samples)
                .where(Run.user_id == self.user_id)
                .order_by(Run.start, Run.id)
            ).all()
        result = []
        for run_id, start, blob in rows:
            t, speed, cadence = unpack_samples(blob)
            result.append(RunSamples(run_id=run_id, start=start, t=t, speed=speed, cadence=cadence))
        return result

    def records(self) -> list[RunRecord]:
        """Runs as the planner sees them: when each started and how long it lasted."""
        from gethip.core.planner import RunRecord

        with self.store.transaction() as db:
            rows = db.execute(
                select(Run.start, Run.elapsed_s)
                .where(Run.user_id == self.user_id)
                .order_by(Run.start)
            ).all()
        return [
            RunRecord(start=start, duration=timedelta(seconds=elapsed))
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
        self, db: Session, decoded: DecodedFile, leg: int, facts: RunFacts, at: datetime
    ) -> Outcome:
        same_file = db.scalar(
            select(Run.id).where(
                Run.user_id == self.user_id, Run.sha256 == decoded.sha256, Run.leg == leg
            )
        )
        if same_file is not None:
            return Outcome.DUPLICATE
        twin = self._twin(db, facts)
        if twin is None:
            db.add(Run(user_id=self.user_id, imported_at=at, **_columns(decoded, leg, facts)))
            db.flush()
            return Outcome.IMPORTED
        if _better(decoded, leg, facts, twin):
            for key, value in _columns(decoded, leg, facts).items():
                setattr(twin, key, value)
            twin.imported_at = at
            db.flush()
        return Outcome.DUPLICATE

    def _twin(self, db: Session, facts: RunFacts) -> Run | None:
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


def _better(decoded: DecodedFile, leg: int, facts: RunFacts, stored: Run) -> bool:
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


def _columns(decoded: DecodedFile, leg: int, facts: RunFacts) -> dict[str, Any]:
    return {
        "start": facts.start,
        "utc_offset_minutes": facts.utc_offset_minutes,
        "sport": facts.sport,
        "sub_sport": facts.sub_sport,
        "elapsed_s": facts.elapsed_s,
        "moving_s": facts.moving_s,
        "distance_m": facts.distance_m,
        "cadence_spm": facts.cadence_spm,
        "step_length_m": facts.step_length_m,
        "step_length_from_device": facts.step_length_from_device,
        "ascent_m": facts.ascent_m,
        "source": decoded.name[:1000],
        "source_format": decoded.format,
        "sha256": decoded.sha256,
        "leg": leg,
        "samples": facts.samples,
        "sample_count": facts.sample_count,
        "speed_samples": facts.speed_samples,
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


def run_json(summary: RunSummary) -> dict[str, Any]:
    return summary.model_dump(mode="json")


def summaries_json(summaries: Sequence[RunSummary]) -> list[dict[str, Any]]:
    return [run_json(s) for s in summaries]
