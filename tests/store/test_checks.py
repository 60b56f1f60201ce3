"""Hip check readings on a real database (SQLite and PostgreSQL): kept exactly, once, per user."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from gethip.core.hipcheck import CheckResult, CheckTest, Side, Verdict
from gethip.core.hipcheck_history import CheckReading
from gethip.store.checks import CheckConflict, Checks, InvalidCheckId, UnknownCheck
from gethip.store.database import Store
from gethip.store.users import add_user

MEASURED = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)
SHA = "a" * 64


def reading(
    check_id: str | None = None, at: datetime = MEASURED, test: str = "thomas"
) -> CheckReading:
    thomas = test == "thomas"
    # Numbers no decimal rounding would keep: the store must give back the very floats.
    angle = -9.123456789012345
    return CheckReading(
        id=check_id or str(uuid.uuid4()),
        measured_at=at,
        pose_model="@mediapipe/pose 0.5.1675469404, model complexity 1",
        result=CheckResult(
            test=CheckTest(test),
            side=Side.LEFT,
            thigh_angle_deg=angle if thomas else None,
            hip_extension_deg=None if thomas else angle,
            knee_angle_deg=112.00000000000001,
            spread_deg=1.0 / 3.0,
            uncertainty_deg=7.007936057870706,
            frames_used=360,
            frames_total=540,
            verdict=Verdict.THIGH_ABOVE_HORIZONTAL if thomas else Verdict.THIGH_AHEAD_OF_TRUNK,
        ),
    )


def local(store: Store) -> Checks:
    return Checks(store, store.local_user())


@pytest.mark.parametrize("test", ["thomas", "lunge"])
def test_a_reading_comes_back_exactly_as_kept(store: Store, test: str) -> None:
    checks = local(store)
    kept = reading(test=test)
    assert checks.save(kept, SHA, MEASURED) is True
    assert checks.get(kept.id) == kept
    assert checks.readings() == [kept]


def test_saving_the_same_recording_again_changes_nothing(store: Store) -> None:
    checks = local(store)
    kept = reading()
    assert checks.save(kept, SHA, MEASURED) is True
    assert checks.save(kept, SHA, MEASURED + timedelta(minutes=1)) is False
    assert checks.count() == 1


def test_another_recording_under_a_kept_id_is_refused_and_the_first_stays(store: Store) -> None:
    checks = local(store)
    kept = reading()
    checks.save(kept, SHA, MEASURED)
    other = kept.model_copy(update={"pose_model": "another"})
    with pytest.raises(CheckConflict):
        checks.save(other, "b" * 64, MEASURED)
    assert checks.get(kept.id) == kept


def test_readings_come_newest_first(store: Store) -> None:
    checks = local(store)
    ids = []
    for days in (3, 1, 2):
        kept = reading(at=MEASURED + timedelta(days=days))
        checks.save(kept, SHA, MEASURED)
        ids.append((days, kept.id))
    assert [r.id for r in checks.readings()] == [i for _, i in sorted(ids, reverse=True)]


def test_a_deleted_check_is_gone_and_the_others_stay(store: Store) -> None:
    checks = local(store)
    kept, gone = reading(), reading(at=MEASURED + timedelta(days=1))
    for each in (kept, gone):
        checks.save(each, SHA, MEASURED)
    # Any spelling of the id reaches the one reading, as for saving.
    checks.delete(gone.id.upper())
    assert checks.readings() == [kept] and checks.count() == 1
    for attempt in (lambda: checks.get(gone.id), lambda: checks.delete(gone.id)):
        with pytest.raises(UnknownCheck):
            attempt()
    with pytest.raises(InvalidCheckId):
        checks.delete("not-a-uuid")


def test_ids_must_be_uuids_and_are_kept_in_one_spelling(store: Store) -> None:
    checks = local(store)
    with pytest.raises(InvalidCheckId):
        checks.kept("not-a-uuid")
    kept = reading()
    checks.save(kept.model_copy(update={"id": kept.id.upper()}), SHA, MEASURED)
    assert checks.get(kept.id).id == kept.id


def test_each_user_sees_and_reaches_only_their_own_checks(store: Store) -> None:
    mine, theirs = local(store), Checks(store, add_user(store, "coach", MEASURED))
    kept = reading()
    mine.save(kept, SHA, MEASURED)
    assert theirs.readings() == [] and theirs.count() == 0
    for attempt in (
        lambda: theirs.get(kept.id),
        lambda: theirs.kept(kept.id),
        # Saving under someone else's id does not take it over, nor tell them it exists.
        lambda: theirs.save(kept, SHA, MEASURED),
        lambda: theirs.save(kept, "b" * 64, MEASURED),
        lambda: theirs.delete(kept.id),
    ):
        with pytest.raises(UnknownCheck):
            attempt()
    assert mine.readings() == [kept]
