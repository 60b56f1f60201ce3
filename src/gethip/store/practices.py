"""The practice log: one user's practices and their steps, written idempotently.

Every method works on the practices of the user the log was opened for, and
only theirs: another user's practice is, to it, a practice that does not exist.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gethip.core.errors import GethipError
from gethip.core.practice import (
    WORK_KINDS,
    PracticeStatus,
    PracticeSummary,
    StepOutcome,
    StepRecord,
)
from gethip.core.timeline import Deviation, Segment, SegmentKind, Settings
from gethip.store.database import Store
from gethip.store.models import Practice, PracticeSegment


class UnknownPractice(GethipError):
    def __init__(self, practice_id: str) -> None:
        super().__init__(f"no practice with id {practice_id}")
        self.practice_id = practice_id


class InvalidPracticeId(GethipError):
    def __init__(self, practice_id: str) -> None:
        super().__init__(f"a practice id must be a UUID, not {practice_id!r}")


def normalise_id(practice_id: str) -> str:
    try:
        return str(uuid.UUID(practice_id))
    except (ValueError, AttributeError, TypeError):
        raise InvalidPracticeId(practice_id) from None


_WORK_KIND_VALUES = tuple(kind.value for kind in WORK_KINDS)


class PracticeLog:
    def __init__(self, store: Store, user_id: int) -> None:
        self.store = store
        self.user_id = user_id

    def start(
        self,
        practice_id: str,
        session: str,
        settings: Settings,
        started_at: datetime,
        segments_total: int,
        work_seconds_total: float,
        deviation: Deviation | None,
    ) -> bool:
        """Record a practice's start; starting it again changes nothing. True when new.

        An id already used by another user is refused as if it were unknown to
        them: they can neither see nor change that practice.
        """
        practice_id = normalise_id(practice_id)
        try:
            with self.store.transaction() as db:
                existing = db.get(Practice, practice_id)
                if existing is not None:
                    if existing.user_id != self.user_id:
                        raise UnknownPractice(practice_id)
                    return False
                db.add(
                    Practice(
                        id=practice_id,
                        user_id=self.user_id,
                        session=session,
                        breath_seconds=settings.breath_seconds,
                        minutes=settings.minutes,
                        started_at=started_at,
                        status=PracticeStatus.INTERRUPTED.value,
                        segments_total=segments_total,
                        work_seconds_total=work_seconds_total,
                        deviation=_stored(deviation),
                    )
                )
        except IntegrityError:  # the same start arrived twice at once
            return False
        return True

    def record_step(
        self,
        practice_id: str,
        segment: Segment,
        outcome: StepOutcome,
        worked_seconds: float,
        finished_at: datetime,
    ) -> bool:
        """Save one step the moment it ends. True when the log changed.

        Sending a step again changes nothing, with one exception that only ever
        adds credit: a step saved as skipped and then played to its end (the
        runner went back to it) becomes done, with the longer time worked.
        """
        practice_id = normalise_id(practice_id)
        worked = round(min(max(worked_seconds, 0.0), segment.duration), 3)
        try:
            with self.store.transaction() as db:
                if self._find(db, practice_id) is None:
                    raise UnknownPractice(practice_id)
                saved = db.get(PracticeSegment, (practice_id, segment.index))
                if saved is not None:
                    if outcome == StepOutcome.DONE and saved.outcome != StepOutcome.DONE.value:
                        saved.outcome = outcome.value
                        saved.worked_seconds = max(saved.worked_seconds, worked)
                        saved.finished_at = finished_at
                        return True
                    if worked > saved.worked_seconds and saved.outcome == outcome.value:
                        saved.worked_seconds = worked
                        return True
                    return False
                db.add(
                    PracticeSegment(
                        practice_id=practice_id,
                        index=segment.index,
                        move=segment.move,
                        side=segment.side.value if segment.side else None,
                        kind=segment.kind.value,
                        start=segment.start,
                        duration=segment.duration,
                        reps=segment.reps,
                        breaths=segment.breaths,
                        outcome=outcome.value,
                        worked_seconds=worked,
                        finished_at=finished_at,
                    )
                )
        except IntegrityError:
            return False
        return True

    def finish(
        self,
        practice_id: str,
        status: PracticeStatus,
        ended_at: datetime,
        tightness: int | None = None,
        pain: int | None = None,
    ) -> PracticeSummary:
        practice_id = normalise_id(practice_id)
        with self.store.transaction() as db:
            practice = self._find(db, practice_id)
            if practice is None:
                raise UnknownPractice(practice_id)
            if practice.ended_at is None or practice.status != status.value:
                practice.ended_at = ended_at
            practice.status = status.value
            if tightness is not None:
                practice.tightness = tightness
            if pain is not None:
                practice.pain = pain
        return self.get(practice_id)

    def reopen(self, practice_id: str) -> None:
        """Mark a practice as under way again, so a crash while resuming still shows."""
        practice_id = normalise_id(practice_id)
        with self.store.transaction() as db:
            practice = self._find(db, practice_id)
            if practice is None:
                raise UnknownPractice(practice_id)
            practice.status = PracticeStatus.INTERRUPTED.value
            practice.ended_at = None

    def delete(self, practice_id: str) -> None:
        """Remove a practice and its steps: the way back from one that should not be there."""
        practice_id = normalise_id(practice_id)
        with self.store.transaction() as db:
            practice = self._find(db, practice_id)
            if practice is None:
                raise UnknownPractice(practice_id)
            db.execute(delete(PracticeSegment).where(PracticeSegment.practice_id == practice_id))
            db.delete(practice)

    def get(self, practice_id: str) -> PracticeSummary:
        practice_id = normalise_id(practice_id)
        with self.store.transaction() as db:
            practice = self._find(db, practice_id)
            if practice is None:
                raise UnknownPractice(practice_id)
            return self._summaries(db, [practice])[0]

    def steps(self, practice_id: str) -> list[StepRecord]:
        """The steps saved for one of this user's practices, in order."""
        practice_id = normalise_id(practice_id)
        with self.store.transaction() as db:
            if self._find(db, practice_id) is None:
                raise UnknownPractice(practice_id)
            rows = db.scalars(
                select(PracticeSegment)
                .where(PracticeSegment.practice_id == practice_id)
                .order_by(PracticeSegment.index)
            ).all()
            return [
                StepRecord(
                    index=row.index,
                    move=row.move,
                    kind=SegmentKind(row.kind),
                    outcome=StepOutcome(row.outcome),
                    worked_seconds=row.worked_seconds,
                    finished_at=row.finished_at,
                )
                for row in rows
            ]

    def summaries(
        self, limit: int | None = None, before: datetime | None = None
    ) -> list[PracticeSummary]:
        """Practices newest first: all of them, or a page of ``limit`` started before ``before``."""
        query = select(Practice).where(Practice.user_id == self.user_id)
        if before is not None:
            query = query.where(Practice.started_at < before)
        query = query.order_by(Practice.started_at.desc(), Practice.id)
        if limit is not None:
            query = query.limit(limit)
        with self.store.transaction() as db:
            return self._summaries(db, list(db.scalars(query).all()))

    def unfinished(self) -> list[PracticeSummary]:
        """Practices stopped or interrupted, newest first: the candidates to resume."""
        with self.store.transaction() as db:
            practices = db.scalars(
                select(Practice)
                .where(
                    Practice.user_id == self.user_id,
                    Practice.status.in_(
                        (PracticeStatus.STOPPED.value, PracticeStatus.INTERRUPTED.value)
                    ),
                )
                .order_by(Practice.started_at.desc(), Practice.id)
                .limit(20)
            ).all()
            return self._summaries(db, list(practices))

    def is_empty(self) -> bool:
        with self.store.transaction() as db:
            count = db.scalar(
                select(func.count()).select_from(Practice).where(Practice.user_id == self.user_id)
            )
            return not count

    def _find(self, db: Session, practice_id: str) -> Practice | None:
        practice = db.get(Practice, practice_id)
        return practice if practice is not None and practice.user_id == self.user_id else None

    @staticmethod
    def _summaries(db: Session, practices: Sequence[Practice]) -> list[PracticeSummary]:
        ids = [p.id for p in practices]
        totals: dict[str, tuple[int, int, float, float]] = {}
        if ids:
            done = PracticeSegment.outcome == StepOutcome.DONE.value
            is_work = PracticeSegment.kind.in_(_WORK_KIND_VALUES)
            rows = db.execute(
                select(
                    PracticeSegment.practice_id,
                    func.sum(case((done, 1), else_=0)),
                    func.sum(case((done, 0), else_=1)),
                    func.coalesce(func.sum(PracticeSegment.worked_seconds), 0.0),
                    func.coalesce(
                        func.sum(case((is_work, PracticeSegment.worked_seconds), else_=0.0)), 0.0
                    ),
                )
                .where(PracticeSegment.practice_id.in_(ids))
                .group_by(PracticeSegment.practice_id)
            )
            totals = {
                row[0]: (int(row[1]), int(row[2]), float(row[3]), float(row[4])) for row in rows
            }
        summaries = []
        for p in practices:
            done_count, skipped, worked, work_worked = totals.get(p.id, (0, 0, 0.0, 0.0))
            # Rows were checked as they were written (and restores are checked the same
            # way): built without validating again, since Today reads the whole log.
            summaries.append(
                PracticeSummary.model_construct(
                    id=p.id,
                    session=p.session,
                    started_at=p.started_at,
                    ended_at=p.ended_at,
                    status=PracticeStatus(p.status),
                    segments_done=done_count,
                    segments_skipped=skipped,
                    segments_total=p.segments_total,
                    seconds_done=round(worked, 3),
                    work_seconds_done=round(work_worked, 3),
                    work_seconds_total=p.work_seconds_total,
                    tightness=p.tightness,
                    pain=p.pain,
                    settings=Settings.model_construct(
                        breath_seconds=p.breath_seconds, minutes=p.minutes
                    ),
                    deviation=Deviation.model_validate(p.deviation) if p.deviation else None,
                )
            )
        return summaries


def _stored(deviation: Deviation | None) -> dict[str, object] | None:
    # Kept as data: its wording (label, each change's text) is derived when read.
    if deviation is None:
        return None
    return deviation.model_dump(mode="json", exclude_computed_fields=True)
