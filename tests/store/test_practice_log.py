"""The practice log on a real database: SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from gethip.content import load_catalog, load_sessions
from gethip.core.practice import PracticeStatus, StepOutcome, work_seconds
from gethip.core.timeline import Settings, Timeline, compile_session
from gethip.store.database import Store, StoreError
from gethip.store.practices import InvalidPracticeId, PracticeLog, UnknownPractice
from gethip.store.users import add_user

STARTED = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)


def openers(settings: Settings | None = None) -> Timeline:
    return compile_session(load_sessions().get("openers"), load_catalog(), settings or Settings())


def start(
    log: PracticeLog,
    practice_id: str | None = None,
    settings: Settings | None = None,
    at: datetime = STARTED,
) -> str:
    practice_id = practice_id or str(uuid.uuid4())
    timeline = openers(settings)
    log.start(
        practice_id,
        "openers",
        timeline.settings,
        at,
        len(timeline.segments),
        work_seconds(timeline),
        timeline.deviation,
    )
    return practice_id


def done(log: PracticeLog, practice_id: str, index: int) -> bool:
    segment = openers().segments[index]
    return log.record_step(
        practice_id, segment, StepOutcome.DONE, segment.duration, STARTED + timedelta(seconds=1)
    )


def local_log(store: Store) -> PracticeLog:
    return PracticeLog(store, store.local_user())


def test_a_started_practice_shows_as_interrupted_until_finished(store: Store) -> None:
    log = local_log(store)
    practice_id = start(log)
    summary = log.get(practice_id)
    assert summary.status == PracticeStatus.INTERRUPTED
    assert summary.segments_done == 0
    assert summary.segments_total == len(openers().segments)
    assert summary.work_seconds_total == work_seconds(openers())
    assert summary.started_at == STARTED


def test_each_step_done_counts_its_seconds_and_work_steps_count_as_work(store: Store) -> None:
    log = local_log(store)
    practice_id = start(log)
    segments = openers().segments[:5]
    for segment in segments:
        assert done(log, practice_id, segment.index)
    summary = log.get(practice_id)
    assert summary.segments_done == 5
    assert summary.seconds_done == pytest.approx(sum(s.duration for s in segments))
    work = [s for s in segments if s.kind in ("work", "hold")]
    assert summary.work_seconds_done == pytest.approx(sum(s.duration for s in work))
    assert [step.index for step in log.steps(practice_id)] == [0, 1, 2, 3, 4]


def test_a_skipped_step_keeps_the_seconds_worked_and_counts_as_not_done(store: Store) -> None:
    log = local_log(store)
    practice_id = start(log)
    squat = openers().segments[1]
    assert log.record_step(practice_id, squat, StepOutcome.SKIPPED, 30.0, STARTED)
    summary = log.get(practice_id)
    assert (summary.segments_done, summary.segments_skipped) == (0, 1)
    assert summary.work_seconds_done == 30.0
    # A step cannot be credited with more than it lasts.
    other = openers().segments[3]
    log.record_step(practice_id, other, StepOutcome.SKIPPED, 10_000.0, STARTED)
    assert log.get(practice_id).seconds_done == pytest.approx(30.0 + other.duration)


def test_a_skipped_step_played_again_to_its_end_becomes_done_and_never_the_reverse(
    store: Store,
) -> None:
    log = local_log(store)
    practice_id = start(log)
    squat = openers().segments[1]
    log.record_step(practice_id, squat, StepOutcome.SKIPPED, 5.0, STARTED)
    assert log.record_step(practice_id, squat, StepOutcome.DONE, squat.duration, STARTED)
    assert log.record_step(practice_id, squat, StepOutcome.SKIPPED, 1.0, STARTED) is False
    (step,) = log.steps(practice_id)
    assert (step.outcome, step.worked_seconds) == (StepOutcome.DONE, squat.duration)


def test_writes_are_idempotent(store: Store) -> None:
    log = local_log(store)
    practice_id = start(log)
    assert start(log, practice_id) == practice_id  # a second start changes nothing
    assert done(log, practice_id, 0) is True
    assert done(log, practice_id, 0) is False
    first = log.finish(practice_id, PracticeStatus.PARTIAL, STARTED + timedelta(minutes=23), 4, 1)
    again = log.finish(practice_id, PracticeStatus.PARTIAL, STARTED + timedelta(minutes=30), 4, 1)
    assert first == again
    assert len(log.summaries()) == 1
    assert log.get(practice_id).segments_done == 1


def test_a_step_for_a_practice_never_started_is_refused_and_stores_nothing(store: Store) -> None:
    log = local_log(store)
    stranger = str(uuid.uuid4())
    with pytest.raises(UnknownPractice):
        done(log, stranger, 0)
    with pytest.raises(UnknownPractice):
        log.finish(stranger, PracticeStatus.COMPLETED, STARTED)
    assert log.summaries() == []


def test_practice_ids_must_be_uuids(store: Store) -> None:
    with pytest.raises(InvalidPracticeId):
        start(local_log(store), "not-a-uuid")


def test_ids_are_normalised_so_case_does_not_make_a_second_practice(store: Store) -> None:
    log = local_log(store)
    practice_id = str(uuid.uuid4())
    start(log, practice_id.upper())
    start(log, practice_id)
    assert [s.id for s in log.summaries()] == [practice_id]


def test_deviation_and_settings_are_stored_with_the_practice(store: Store) -> None:
    log = local_log(store)
    practice_id = start(log, settings=Settings(breath_seconds=4, minutes=10))
    summary = log.get(practice_id)
    assert summary.settings == Settings(breath_seconds=4, minutes=10)
    assert summary.deviation is not None
    assert summary.deviation == openers(Settings(breath_seconds=4, minutes=10)).deviation


def test_stopped_and_interrupted_practices_are_the_unfinished_ones(store: Store) -> None:
    log = local_log(store)
    older = start(log)
    log.finish(older, PracticeStatus.COMPLETED, STARTED + timedelta(minutes=30))
    newer = start(log, at=STARTED + timedelta(days=1))
    assert [p.id for p in log.unfinished()] == [newer]
    log.finish(newer, PracticeStatus.STOPPED, STARTED + timedelta(days=1, minutes=5))
    assert [p.id for p in log.unfinished()] == [newer]
    log.reopen(newer)
    assert log.get(newer).status == PracticeStatus.INTERRUPTED
    assert log.get(newer).ended_at is None


def test_history_is_newest_first_and_reads_a_page_at_a_time(store: Store) -> None:
    log = local_log(store)
    ids = [start(log, at=STARTED + timedelta(days=day)) for day in range(5)]
    assert [s.id for s in log.summaries()] == list(reversed(ids))
    first_page = log.summaries(limit=2)
    assert [s.id for s in first_page] == [ids[4], ids[3]]
    second_page = log.summaries(limit=2, before=first_page[-1].started_at)
    assert [s.id for s in second_page] == [ids[2], ids[1]]
    assert not log.is_empty()


def test_a_deleted_practice_is_gone_with_its_steps(store: Store) -> None:
    log = local_log(store)
    kept, gone = start(log), start(log, at=STARTED + timedelta(hours=1))
    done(log, gone, 0)
    log.delete(gone)
    assert [s.id for s in log.summaries()] == [kept]
    with pytest.raises(UnknownPractice):
        log.steps(gone)
    with pytest.raises(UnknownPractice):
        log.delete(gone)


def test_each_user_sees_and_changes_only_their_own_practices(store: Store) -> None:
    mine, theirs = local_log(store), PracticeLog(store, add_user(store, "coach", STARTED))
    practice_id = start(mine)
    done(mine, practice_id, 0)
    assert theirs.summaries() == [] and theirs.unfinished() == [] and theirs.is_empty()
    for attempt in (
        lambda: theirs.get(practice_id),
        lambda: theirs.steps(practice_id),
        lambda: done(theirs, practice_id, 1),
        lambda: theirs.finish(practice_id, PracticeStatus.STOPPED, STARTED),
        lambda: theirs.reopen(practice_id),
        lambda: theirs.delete(practice_id),
        # Starting a practice under someone else's id does not take it over.
        lambda: start(theirs, practice_id),
    ):
        with pytest.raises(UnknownPractice):
            attempt()
    assert mine.get(practice_id).segments_done == 1
    assert mine.get(practice_id).status == PracticeStatus.INTERRUPTED


def test_reopening_the_store_runs_no_migration_twice_and_keeps_data(database_url: str) -> None:
    first = Store.open(database_url)
    practice_id = start(local_log(first))
    first.close()
    second = Store.open(database_url)
    assert local_log(second).get(practice_id).id == practice_id
    second.close()


def test_a_corrupt_sqlite_file_gives_a_clear_error(tmp_path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot use the database"):
        Store.open(f"sqlite:///{path}")


def test_an_unreachable_postgres_gives_a_clear_error_without_the_password() -> None:
    with pytest.raises(StoreError) as raised:
        Store.open("postgresql+psycopg://runner:secret@127.0.0.1:1/nowhere")
    assert "secret" not in str(raised.value)
    assert "cannot use the database" in str(raised.value)
