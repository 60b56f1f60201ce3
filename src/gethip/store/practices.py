"""The practice log: practices and their finished segments, written idempotently."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gethip.core.errors import GethipError
from gethip.core.practice import PracticeStatus, PracticeSummary
from gethip.core.timeline import Deviation, Segment, Settings
from gethip.store.database import Store
from gethip.store.models import LOCAL_USER_ID, Practice, PracticeSegment


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


class PracticeLog:
    def __init__(self, store: Store, user_id: int = LOCAL_USER_ID) -> None:
        self.store = store
        self.user_id = user_id

    def start(
        self,
        practice_id: str,
        session: str,
        settings: Settings,
        started_at: datetime,
        segments_total: int,
        deviation: Deviation | None,
    ) -> bool:
        """Record a practice's start; starting it again changes nothing. True when new."""
        practice_id = normalise_id(practice_id)
        try:
            with self.store.transaction() as db:
                if self._find(db, practice_id) is not None:
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
                        deviation=deviation.model_dump(mode="json") if deviation else None,
                    )
                )
        except IntegrityError:  # the same start arrived twice at once
            return False
        return True

    def record_segment(self, practice_id: str, segment: Segment, finished_at: datetime) -> bool:
        """Save one finished segment at once; a segment already saved is left as it is."""
        practice_id = normalise_id(practice_id)
        try:
            with self.store.transaction() as db:
                if self._find(db, practice_id) is None:
                    raise UnknownPractice(practice_id)
                if db.get(PracticeSegment, (practice_id, segment.index)) is not None:
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

    def get(self, practice_id: str) -> PracticeSummary:
        practice_id = normalise_id(practice_id)
        with self.store.transaction() as db:
            practice = self._find(db, practice_id)
            if practice is None:
                raise UnknownPractice(practice_id)
            return self._summaries(db, [practice])[0]

    def summaries(self) -> list[PracticeSummary]:
        """Every practice, newest first."""
        with self.store.transaction() as db:
            practices = db.scalars(
                select(Practice)
                .where(Practice.user_id == self.user_id)
                .order_by(Practice.started_at.desc(), Practice.id)
            ).all()
            return self._summaries(db, list(practices))

    def done_indexes(self, practice_id: str) -> set[int]:
        with self.store.transaction() as db:
            rows = db.scalars(
                select(PracticeSegment.index).where(PracticeSegment.practice_id == practice_id)
            )
            return set(rows)

    def latest_unfinished(self) -> PracticeSummary | None:
        """The newest practice that was stopped or interrupted before its end, if any."""
        for summary in self.summaries():
            if summary.status != PracticeStatus.COMPLETED:
                return summary if summary.segments_done < summary.segments_total else None
        return None

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
    def _summaries(db: Session, practices: list[Practice]) -> list[PracticeSummary]:
        ids = [p.id for p in practices]
        totals: dict[str, tuple[int, float]] = {}
        if ids:
            rows = db.execute(
                select(
                    PracticeSegment.practice_id,
                    func.count(),
                    func.coalesce(func.sum(PracticeSegment.duration), 0.0),
                )
                .where(PracticeSegment.practice_id.in_(ids))
                .group_by(PracticeSegment.practice_id)
            )
            totals = {row[0]: (int(row[1]), float(row[2])) for row in rows}
        return [
            PracticeSummary(
                id=p.id,
                session=p.session,
                started_at=p.started_at,
                ended_at=p.ended_at,
                status=PracticeStatus(p.status),
                segments_done=totals.get(p.id, (0, 0.0))[0],
                segments_total=p.segments_total,
                seconds_done=round(totals.get(p.id, (0, 0.0))[1], 3),
                tightness=p.tightness,
                pain=p.pain,
                settings=Settings(breath_seconds=p.breath_seconds, minutes=p.minutes),
                deviation=Deviation.model_validate(p.deviation) if p.deviation else None,
            )
            for p in practices
        ]
