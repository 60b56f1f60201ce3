"""Hip check readings: one user's, kept once per id, each with the fingerprint of its recording.

Every method works on the checks of the user it was opened for, and only
theirs: another user's check is, to it, a check that does not exist. Saving is
idempotent: the same id with the same recording is the same check (kept
once), and the same id with another recording is refused, since nothing may
quietly replace a reading already shown on Progress.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gethip.core.errors import GethipError
from gethip.store.check_models import HipCheck
from gethip.store.database import Store

if TYPE_CHECKING:
    # The hip check's models bring NumPy: loaded when a check is read, so that
    # every command opening the store (and these errors) stays quick.
    from gethip.core.hipcheck_history import CheckReading


class UnknownCheck(GethipError):
    def __init__(self, check_id: str) -> None:
        super().__init__(f"no hip check with id {check_id}")
        self.check_id = check_id


class InvalidCheckId(GethipError):
    def __init__(self, check_id: str) -> None:
        super().__init__(f"a hip check id must be a UUID, not {check_id!r}")


class CheckConflict(GethipError):
    def __init__(self, check_id: str) -> None:
        super().__init__(
            f"hip check {check_id} is already kept with another recording; "
            "a new check needs a new id"
        )
        self.check_id = check_id


def normalise_id(check_id: str) -> str:
    try:
        return str(uuid.UUID(check_id))
    except (ValueError, AttributeError, TypeError):
        raise InvalidCheckId(check_id) from None


@dataclass(frozen=True)
class KeptCheck:
    reading: CheckReading
    recording_sha256: str


class Checks:
    def __init__(self, store: Store, user_id: int) -> None:
        self.store = store
        self.user_id = user_id

    def kept(self, check_id: str) -> KeptCheck | None:
        """The check kept under this id, None when there is none; another user's is unknown."""
        check_id = normalise_id(check_id)
        with self.store.transaction() as db:
            row = self._row(db, check_id)
            return None if row is None else KeptCheck(reading(row), row.recording_sha256)

    def save(self, check: CheckReading, recording_sha256: str, saved_at: datetime) -> bool:
        """Keep a reading; True when new, False when this very recording is kept already."""
        check_id = normalise_id(check.id)
        for attempt in range(2):
            try:
                with self.store.transaction() as db:
                    row = self._row(db, check_id)
                    if row is not None:
                        if row.recording_sha256 != recording_sha256:
                            raise CheckConflict(check_id)
                        return False
                    db.add(
                        HipCheck(
                            user_id=self.user_id,
                            recording_sha256=recording_sha256,
                            saved_at=saved_at,
                            **columns(check.model_copy(update={"id": check_id})),
                        )
                    )
                return True
            except IntegrityError:
                # The same id arrived twice at once; once more sees the other's row.
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def with_recording(self, recording_sha256: str) -> CheckReading | None:
        """The reading kept from this very recording, under whatever id it came."""
        with self.store.transaction() as db:
            row = db.scalars(
                select(HipCheck)
                .where(
                    HipCheck.user_id == self.user_id,
                    HipCheck.recording_sha256 == recording_sha256,
                )
                .order_by(HipCheck.saved_at, HipCheck.id)
                .limit(1)
            ).first()
            return None if row is None else reading(row)

    def get(self, check_id: str) -> CheckReading:
        found = self.kept(check_id)
        if found is None:
            raise UnknownCheck(normalise_id(check_id))
        return found.reading

    def delete(self, check_id: str) -> None:
        """Remove one reading: the way back from a trial that should not be there."""
        check_id = normalise_id(check_id)
        with self.store.transaction() as db:
            row = self._row(db, check_id)
            if row is None:
                raise UnknownCheck(check_id)
            db.delete(row)

    def readings(self) -> list[CheckReading]:
        """Every reading, newest first."""
        with self.store.transaction() as db:
            rows = db.scalars(
                select(HipCheck)
                .where(HipCheck.user_id == self.user_id)
                .order_by(HipCheck.measured_at.desc(), HipCheck.id.desc())
            ).all()
            return [reading(row) for row in rows]

    def count(self) -> int:
        with self.store.transaction() as db:
            total = db.scalar(
                select(func.count()).select_from(HipCheck).where(HipCheck.user_id == self.user_id)
            )
            return int(total or 0)

    def _row(self, db: Session, check_id: str) -> HipCheck | None:
        row = db.get(HipCheck, check_id)
        if row is not None and row.user_id != self.user_id:
            raise UnknownCheck(check_id)
        return row


def columns(check: CheckReading) -> dict[str, object]:
    """A reading as the columns that keep it (all but its owner, fingerprint and save time)."""
    result = check.result
    return {
        "id": check.id,
        "measured_at": check.measured_at,
        "test": result.test.value,
        "side": result.side.value,
        "thigh_angle_deg": result.thigh_angle_deg,
        "hip_extension_deg": result.hip_extension_deg,
        "knee_angle_deg": result.knee_angle_deg,
        "spread_deg": result.spread_deg,
        "uncertainty_deg": result.uncertainty_deg,
        "frames_used": result.frames_used,
        "frames_total": result.frames_total,
        "verdict": result.verdict.value,
        "pose_model": check.pose_model,
    }


def reading(row: HipCheck) -> CheckReading:
    from gethip.core.hipcheck import CheckResult, CheckTest, Side, Verdict
    from gethip.core.hipcheck_history import CheckReading

    return CheckReading(
        id=row.id,
        measured_at=row.measured_at,
        pose_model=row.pose_model,
        result=CheckResult(
            test=CheckTest(row.test),
            side=Side(row.side),
            thigh_angle_deg=row.thigh_angle_deg,
            hip_extension_deg=row.hip_extension_deg,
            knee_angle_deg=row.knee_angle_deg,
            spread_deg=row.spread_deg,
            uncertainty_deg=row.uncertainty_deg,
            frames_used=row.frames_used,
            frames_total=row.frames_total,
            verdict=Verdict(row.verdict),
        ),
    )
