"""The practice log on a real database: SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from gethip.content import load_catalog, load_sessions
from gethip.core.practice import PracticeStatus
from gethip.core.timeline import Settings, compile_session
from gethip.store.database import Store, StoreError
from gethip.store.practices import InvalidPracticeId, PracticeLog, UnknownPractice

STARTED = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)


def openers(settings: Settings | None = None):
    return compile_session(load_sessions().get("openers"), load_catalog(), settings or Settings())


def start(
    log: PracticeLog, practice_id: str | None = None, settings: Settings | None = None
) -> str:
    practice_id = practice_id or str(uuid.uuid4())
    timeline = openers(settings)
    log.start(
        practice_id,
        "openers",
        timeline.settings,
        STARTED,
        len(timeline.segments),
        timeline.deviation,
    )
    return practice_id


def test_a_started_practice_shows_as_interrupted_until_finished(store: Store) -> None:
    log = PracticeLog(store)
    practice_id = start(log)
    summary = log.get(practice_id)
    assert summary.status == PracticeStatus.INTERRUPTED
    assert summary.segments_done == 0
    assert summary.segments_total == len(openers().segments)
    assert summary.started_at == STARTED


def test_each_recorded_segment_counts_with_its_duration(store: Store) -> None:
    log = PracticeLog(store)
    practice_id = start(log)
    segments = openers().segments[:5]
    for segment in segments:
        assert log.record_segment(practice_id, segment, STARTED + timedelta(seconds=segment.end))
    summary = log.get(practice_id)
    assert summary.segments_done == 5
    assert summary.seconds_done == pytest.approx(sum(s.duration for s in segments))
    assert log.done_indexes(practice_id) == {0, 1, 2, 3, 4}


def test_writes_are_idempotent(store: Store) -> None:
    log = PracticeLog(store)
    practice_id = start(log)
    assert start(log, practice_id) == practice_id  # a second start changes nothing
    segment = openers().segments[0]
    assert log.record_segment(practice_id, segment, STARTED) is True
    assert log.record_segment(practice_id, segment, STARTED) is False
    first = log.finish(practice_id, PracticeStatus.COMPLETED, STARTED + timedelta(minutes=23), 4, 1)
    again = log.finish(practice_id, PracticeStatus.COMPLETED, STARTED + timedelta(minutes=30), 4, 1)
    assert first == again
    assert len(log.summaries()) == 1
    assert log.get(practice_id).segments_done == 1


def test_a_segment_for_a_practice_never_started_is_refused_and_stores_nothing(store: Store) -> None:
    log = PracticeLog(store)
    stranger = str(uuid.uuid4())
    with pytest.raises(UnknownPractice):
        log.record_segment(stranger, openers().segments[0], STARTED)
    with pytest.raises(UnknownPractice):
        log.finish(stranger, PracticeStatus.COMPLETED, STARTED)
    assert log.summaries() == []


def test_practice_ids_must_be_uuids(store: Store) -> None:
    with pytest.raises(InvalidPracticeId):
        start(PracticeLog(store), "not-a-uuid")


def test_ids_are_normalised_so_case_does_not_make_a_second_practice(store: Store) -> None:
    log = PracticeLog(store)
    practice_id = str(uuid.uuid4())
    start(log, practice_id.upper())
    start(log, practice_id)
    assert [s.id for s in log.summaries()] == [practice_id]


def test_deviation_and_settings_are_stored_with_the_practice(store: Store) -> None:
    log = PracticeLog(store)
    practice_id = start(log, settings=Settings(breath_seconds=4, minutes=10))
    summary = log.get(practice_id)
    assert summary.settings == Settings(breath_seconds=4, minutes=10)
    assert summary.deviation is not None
    assert summary.deviation == openers(Settings(breath_seconds=4, minutes=10)).deviation


def test_the_newest_unfinished_practice_is_offered_for_resume(store: Store) -> None:
    log = PracticeLog(store)
    older = start(log)
    log.finish(older, PracticeStatus.COMPLETED, STARTED + timedelta(minutes=30))
    newer = str(uuid.uuid4())
    log.start(newer, "openers", Settings(), STARTED + timedelta(days=1), 50, None)
    assert log.latest_unfinished() is not None
    assert log.latest_unfinished().id == newer  # type: ignore[union-attr]
    log.finish(newer, PracticeStatus.STOPPED, STARTED + timedelta(days=1, minutes=5))
    assert log.latest_unfinished().id == newer  # type: ignore[union-attr]
    log.reopen(newer)
    assert log.get(newer).status == PracticeStatus.INTERRUPTED
    assert log.get(newer).ended_at is None


def test_history_is_newest_first(store: Store) -> None:
    log = PracticeLog(store)
    ids = []
    for day in range(3):
        practice_id = str(uuid.uuid4())
        log.start(practice_id, "warmup", Settings(), STARTED + timedelta(days=day), 8, None)
        ids.append(practice_id)
    assert [s.id for s in log.summaries()] == list(reversed(ids))
    assert not log.is_empty()


def test_reopening_the_store_runs_no_migration_twice_and_keeps_data(database_url: str) -> None:
    first = Store.open(database_url)
    practice_id = start(PracticeLog(first))
    first.close()
    second = Store.open(database_url)
    assert PracticeLog(second).get(practice_id).id == practice_id
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
