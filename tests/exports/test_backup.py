"""Backup and restore on real databases (SQLite and PostgreSQL): lossless, idempotent, refusing bad files."""

from __future__ import annotations

import base64
import json
import uuid
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text

from gethip.content import load_catalog, load_sessions
from gethip.core.practice import PracticeStatus
from gethip.core.timeline import Settings, compile_session
from gethip.exports.backup import (
    FORMAT,
    VERSION,
    CorruptBackup,
    InvalidBackup,
    NewerBackup,
    TamperedBackup,
    create_backup,
    read_backup,
    restore_backup,
    seal,
)
from gethip.runs.importer import import_paths
from gethip.store.database import Store
from gethip.store.models import Practice, PracticeSegment, User
from gethip.store.practices import PracticeLog
from gethip.store.profile_models import ProfileVersion
from gethip.store.profiles import Profiles
from gethip.store.run_models import Run
from gethip.store.runs import Runs
from tests.runs.factories import RunSpec, write_run

# A runner in Berlin in winter: the zone must survive the round trip as the same instant.
BERLIN = timezone(timedelta(hours=1))
STARTED = datetime(2026, 11, 20, 7, 30, 15, 123456, tzinfo=BERLIN)
BACKED_UP = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
IMPORTED = datetime(2026, 11, 10, 21, 5, 30, 654321, tzinfo=UTC)
# Two short runs: a watch's FIT with its time zone, and a phone's GPX without one.
MORNING = RunSpec(start=datetime(2026, 11, 3, 6, 45, 12, tzinfo=UTC), minutes=5, seed=21)
EVENING = RunSpec(
    start=datetime(2026, 11, 5, 17, 2, 3, tzinfo=UTC),
    minutes=5,
    speed=3.3,
    utc_offset_minutes=None,
    pause_seconds=20,
    seed=22,
)


@pytest.fixture
def empty_store(
    database_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Store]:
    """A second fresh database of the same kind as `store`, to restore into."""
    if database_url.startswith("sqlite"):
        other = Store.open(f"sqlite:///{tmp_path / 'restored.db'}")
        yield other
        other.close()
        return
    base = request.getfixturevalue("postgres_base_url")
    schema = f"r_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    other = Store.open(f"{base}?options=-csearch_path%3D{schema}")
    try:
        yield other
    finally:
        other.close()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def import_runs(store: Store, folder: Path, *named: tuple[str, RunSpec, str]) -> None:
    for name, spec, fmt in named:
        write_run(folder, name, spec, fmt)
    summary = import_paths(Runs(store), [folder], IMPORTED, workers=1)
    assert summary.imported == len(named), summary.failed


def practise(log: PracticeLog, day: int, settings: Settings, segments: int, finish: bool) -> str:
    """A real practice of the openers on `day`: started, `segments` steps done, maybe finished."""
    practice_id = str(uuid.uuid4())
    started = STARTED + timedelta(days=day)
    timeline = compile_session(load_sessions().get("openers"), load_catalog(), settings)
    log.start(
        practice_id,
        "openers",
        timeline.settings,
        started,
        len(timeline.segments),
        timeline.deviation,
    )
    for segment in timeline.segments[:segments]:
        log.record_segment(practice_id, segment, started + timedelta(seconds=segment.end))
    if finish:
        log.finish(
            practice_id,
            PracticeStatus.COMPLETED,
            started + timedelta(seconds=timeline.total_seconds),
            tightness=3,
            pain=0,
        )
    return practice_id


@pytest.fixture
def full_store(store: Store, tmp_path: Path) -> Store:
    log = PracticeLog(store)
    # In the backup's order (by start): complete, shortened and stopped midway, not begun.
    practise(log, 0, Settings(), segments=50, finish=True)
    practise(log, 1, Settings(breath_seconds=4.7, minutes=10), segments=12, finish=False)
    practise(log, 2, Settings(), segments=0, finish=False)
    profiles = Profiles(store)
    first = {
        "run_days": ["mon", "wed", "sat"],
        "long_run_day": "sat",
        "sitting_hours": 9,
        "timezone": "Europe/London",
    }
    profiles.update(first, datetime(2026, 11, 1, 9, tzinfo=UTC))
    profiles.update({"sitting_hours": 6}, datetime(2026, 11, 8, 9, tzinfo=UTC))
    import_runs(store, tmp_path / "runs", ("morning", MORNING, "fit"), ("evening", EVENING, "gpx"))
    return store


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table a backup covers, in a stable order."""
    with store.transaction() as db:
        users = db.execute(select(User.id, User.name, User.created_at).order_by(User.id)).all()
        practices = db.execute(
            select(
                Practice.id,
                Practice.user_id,
                Practice.session,
                Practice.breath_seconds,
                Practice.minutes,
                Practice.started_at,
                Practice.ended_at,
                Practice.status,
                Practice.segments_total,
                Practice.tightness,
                Practice.pain,
                Practice.deviation,
            ).order_by(Practice.id)
        ).all()
        segments = db.execute(
            select(
                PracticeSegment.practice_id,
                PracticeSegment.index,
                PracticeSegment.move,
                PracticeSegment.side,
                PracticeSegment.kind,
                PracticeSegment.start,
                PracticeSegment.duration,
                PracticeSegment.reps,
                PracticeSegment.breaths,
                PracticeSegment.finished_at,
            ).order_by(PracticeSegment.practice_id, PracticeSegment.index)
        ).all()
        profiles = db.execute(
            select(
                ProfileVersion.user_id,
                ProfileVersion.version,
                ProfileVersion.changed_at,
                ProfileVersion.data,
                ProfileVersion.changed,
            ).order_by(ProfileVersion.user_id, ProfileVersion.version)
        ).all()
        # Every column, the packed per-second samples included.
        runs = db.execute(select(*Run.__table__.columns).order_by(Run.id)).all()
    return {
        "profiles": [tuple(row) for row in profiles],
        "users": [tuple(row) for row in users],
        "practices": [tuple(row) for row in practices],
        "segments": [tuple(row) for row in segments],
        "runs": [tuple(row) for row in runs],
    }


def document(data: bytes) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(data)
    return parsed


def resealed(data: bytes, change: Any) -> bytes:
    """The backup with `change` applied and a checksum that matches again."""
    doc = document(data)
    change(doc)
    return json.dumps(seal(doc)).encode()


def test_backup_then_restore_into_an_empty_database_gives_identical_data(
    full_store: Store, empty_store: Store
) -> None:
    data = create_backup(full_store, BACKED_UP)
    report = restore_backup(empty_store, data)
    assert report.added == {"practices": 3, "segments": 62, "profiles": 2, "runs": 2}
    assert snapshot(empty_store) == snapshot(full_store)
    # And the restored database backs up to the same sections.
    again = document(create_backup(empty_store, BACKED_UP))
    assert again["sections"] == document(data)["sections"]


def test_restored_practices_read_back_the_same_through_the_log(
    full_store: Store, empty_store: Store
) -> None:
    restore_backup(empty_store, create_backup(full_store, BACKED_UP))
    assert PracticeLog(empty_store).summaries() == PracticeLog(full_store).summaries()


def test_restoring_twice_adds_nothing(full_store: Store, empty_store: Store) -> None:
    data = create_backup(full_store, BACKED_UP)
    restore_backup(empty_store, data)
    before = snapshot(empty_store)
    report = restore_backup(empty_store, data)
    assert report.nothing_added
    assert report.kept == {"users": 1, "practices": 3, "segments": 62, "profiles": 2, "runs": 2}
    assert snapshot(empty_store) == before


def test_restoring_into_the_database_it_came_from_adds_nothing(full_store: Store) -> None:
    before = snapshot(full_store)
    assert restore_backup(full_store, create_backup(full_store, BACKED_UP)).nothing_added
    assert snapshot(full_store) == before


def test_restore_adds_only_the_missing_practices_segments_and_runs(
    full_store: Store, empty_store: Store
) -> None:
    data = create_backup(full_store, BACKED_UP)
    # The empty database already has the first practice, but only 5 of its segments,
    # and the first run only.
    doc = document(data)
    first = doc["sections"]["practices"][0]
    partial = dict(first, segments=first["segments"][:5])
    restore_backup(
        empty_store,
        resealed(
            data,
            lambda d: d["sections"].update(practices=[partial], runs=d["sections"]["runs"][:1]),
        ),
    )
    report = restore_backup(empty_store, data)
    assert report.added == {"practices": 2, "segments": 62 - 5, "runs": 1}
    assert report.kept == {"users": 1, "practices": 1, "segments": 5, "profiles": 2, "runs": 1}
    assert snapshot(empty_store) == snapshot(full_store)


def test_the_file_is_versioned_json_with_zoned_timestamps_and_exact_floats(
    full_store: Store,
) -> None:
    doc = document(create_backup(full_store, BACKED_UP))
    assert doc["format"] == FORMAT
    assert doc["version"] == VERSION
    assert doc["created_at"] == "2026-11-25T08:00:00+00:00"
    assert doc["checksum"]["algorithm"] == "sha256"
    assert set(doc["sections"]) == {"users", "practices", "profiles", "runs"}
    practice = doc["sections"]["practices"][1]
    # 07:30:15.123456 in Berlin is 06:30:15.123456 UTC, microseconds kept.
    assert practice["started_at"] == "2026-11-21T06:30:15.123456Z"
    assert practice["breath_seconds"] == 4.7
    assert practice["deviation"]["label"].startswith("Shortened to fit 10 min")
    assert practice["ended_at"] is None
    assert practice["segments"][3]["side"] == "right"
    morning, evening = doc["sections"]["runs"]
    assert morning["start"] == "2026-11-03T06:45:12Z"
    assert (morning["utc_offset_minutes"], evening["utc_offset_minutes"]) == (60, None)
    assert (morning["source_format"], evening["source_format"]) == ("fit", "gpx")
    assert morning["imported_at"] == "2026-11-10T21:05:30.654321Z"
    with full_store.transaction() as db:
        stored = db.scalars(select(Run).order_by(Run.start)).all()
        for record, run in zip(doc["sections"]["runs"], stored, strict=True):
            # Base64 of the very bytes stored, and floats read back bit for bit.
            assert base64.b64decode(record["samples"], validate=True) == run.samples
            assert record["sample_count"] == run.sample_count == 300
            for column in ("elapsed_s", "moving_s", "distance_m", "cadence_spm", "step_length_m"):
                assert record[column] == getattr(run, column)
                assert float(record[column]).hex() == float(getattr(run, column)).hex()


def test_an_empty_database_backs_up_and_restores(store: Store, empty_store: Store) -> None:
    data = create_backup(store, BACKED_UP)
    assert document(data)["sections"]["practices"] == []
    assert restore_backup(empty_store, data).added == {}


def test_reindenting_the_file_keeps_it_valid(full_store: Store) -> None:
    data = create_backup(full_store, BACKED_UP)
    compact = json.dumps(document(data), separators=(",", ":")).encode()
    assert read_backup(compact).count("practices") == 3
    assert read_backup(compact).count("runs") == 2


# --- refusals: each leaves the database exactly as it was ------------------------


def refused(store: Store, data: bytes, error: type[Exception], match: str) -> None:
    before = snapshot(store)
    with pytest.raises(error, match=match):
        restore_backup(store, data)
    assert snapshot(store) == before


def test_a_file_that_is_not_json_is_refused(full_store: Store) -> None:
    data = create_backup(full_store, BACKED_UP)
    refused(full_store, data[: len(data) // 2], CorruptBackup, "not valid JSON")
    refused(full_store, b"\xff\xfe garbage", CorruptBackup, "not UTF-8")
    refused(full_store, b"", CorruptBackup, "not valid JSON")


def test_json_that_is_not_a_gethip_backup_is_refused(store: Store) -> None:
    refused(store, b"[1, 2, 3]", CorruptBackup, "not a gethip backup")
    refused(store, b'{"format": "other"}', CorruptBackup, "not a gethip backup")
    refused(store, b'{"format": "gethip-backup", "version": NaN}', CorruptBackup, "NaN")
    refused(store, b'{"format": "gethip-backup", "version": "1"}', CorruptBackup, "version")


def test_a_backup_from_a_newer_version_is_refused(full_store: Store, empty_store: Store) -> None:
    data = resealed(create_backup(full_store, BACKED_UP), lambda d: d.update(version=VERSION + 1))
    refused(empty_store, data, NewerBackup, f"format version {VERSION + 1}.*newer gethip")


def test_a_tampered_backup_is_refused(full_store: Store, empty_store: Store) -> None:
    doc = document(create_backup(full_store, BACKED_UP))
    doc["sections"]["practices"][0]["pain"] = 9
    refused(empty_store, json.dumps(doc).encode(), TamperedBackup, "checksum does not match")
    del doc["checksum"]
    refused(empty_store, json.dumps(doc).encode(), TamperedBackup, "no sha256 checksum")


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["sections"]["practices"][0].update(status="paused"), r"practices\[0\].status"),
        (
            lambda d: d["sections"]["practices"][0].update(started_at="2026-11-20T06:30:00"),
            "timezone",
        ),
        (lambda d: d["sections"]["practices"][0].update(id="not-a-uuid"), "UUID"),
        (
            lambda d: d["sections"]["practices"][0]["segments"][1].update(index=0),
            "share an index",
        ),
        (
            lambda d: d["sections"]["practices"][0]["segments"][2].update(reps="10"),
            r"segments\[2\].reps",
        ),
        (lambda d: d["sections"]["practices"][1].update(deviation={"label": 1}), "deviation"),
        (lambda d: d["sections"].update(settings=[]), "unknown section 'settings'"),
        (
            lambda d: d["sections"]["runs"][0].update(start="2026-11-03T06:45:12"),
            r"runs\[0\].start.*timezone",
        ),
        (lambda d: d["sections"]["runs"][1].update(sha256="not-a-hash"), r"runs\[1\].sha256"),
        (lambda d: d["sections"]["runs"][0].update(elapsed_s="300.0"), r"runs\[0\].elapsed_s"),
        (lambda d: d["sections"]["runs"][0].update(leg=-1), r"runs\[0\].leg"),
        (
            lambda d: d["sections"]["runs"][0].update(source_format="csv"),
            r"runs\[0\].source_format",
        ),
        (lambda d: d["sections"]["runs"][0].update(utc_offset_minutes=1440), "utc_offset_minutes"),
        (lambda d: d["sections"]["runs"][0].update(extra=1), r"runs\[0\].extra"),
        (lambda d: d["sections"]["runs"][0].pop("samples"), r"runs\[0\].samples.*required"),
        (lambda d: d["sections"]["runs"][0].update(samples=12), r"runs\[0\].samples"),
        (
            lambda d: d["sections"]["runs"][0].update(sample_count=301),
            "300 samples, not sample_count 301",
        ),
        (
            lambda d: d["sections"]["runs"][0].update(speed_samples=301),
            r"runs\[0\].speed_samples",
        ),
        (
            lambda d: d["sections"]["runs"][1].update(id=d["sections"]["runs"][0]["id"]),
            r"runs\[1\].id: run \d+ appears twice",
        ),
        (
            lambda d: d["sections"]["runs"].append(dict(d["sections"]["runs"][0], id=99)),
            r"runs\[2\].sha256: the same run",
        ),
        (lambda d: d["sections"].update(users={}), "not a list"),
    ],
)
def test_invalid_content_is_refused_with_where_it_is(
    full_store: Store, empty_store: Store, change: Any, where: str
) -> None:
    data = resealed(create_backup(full_store, BACKED_UP), change)
    refused(empty_store, data, InvalidBackup, where)


def test_a_problem_found_midway_rolls_back_what_was_already_added(
    full_store: Store, empty_store: Store
) -> None:
    # The third practice belongs to a user nobody knows: found only after two were added.
    data = resealed(
        create_backup(full_store, BACKED_UP),
        lambda d: d["sections"]["practices"][2].update(user_id=99),
    )
    refused(empty_store, data, InvalidBackup, "user 99")
    assert PracticeLog(empty_store).is_empty()


def test_a_user_whose_name_differs_here_is_refused(full_store: Store, empty_store: Store) -> None:
    data = resealed(
        create_backup(full_store, BACKED_UP),
        lambda d: d["sections"]["users"][0].update(name="someone-else"),
    )
    refused(empty_store, data, InvalidBackup, "user 1 is 'local' in this database")


def test_the_profile_and_its_history_of_changes_come_back(
    full_store: Store, empty_store: Store
) -> None:
    restore_backup(empty_store, create_backup(full_store, datetime(2026, 11, 25, tzinfo=UTC)))
    history = Profiles(empty_store).history()
    assert [record.version for record in history] == [1, 2]
    assert Profiles(empty_store).current() == Profiles(full_store).current()
    assert snapshot(empty_store)["profiles"] == snapshot(full_store)["profiles"]


def test_a_backup_with_an_impossible_profile_is_refused(
    full_store: Store, empty_store: Store
) -> None:
    data = create_backup(full_store, datetime(2026, 11, 25, tzinfo=UTC))
    bad = resealed(
        data, lambda doc: doc["sections"]["profiles"][0]["data"].update(sitting_hours=30)
    )
    refused(empty_store, bad, InvalidBackup, "profiles")


# --- runs ------------------------------------------------------------------------


def _with_samples(samples: str) -> Any:
    return lambda d: d["sections"]["runs"][0].update(samples=samples)


def test_a_tampered_sample_blob_is_refused(full_store: Store, empty_store: Store) -> None:
    data = create_backup(full_store, BACKED_UP)
    blob = bytearray(base64.b64decode(document(data)["sections"]["runs"][0]["samples"]))
    blob[-7] ^= 0x55
    flipped = base64.b64encode(bytes(blob)).decode()
    # Without a new checksum the change shows there ...
    doc = document(data)
    doc["sections"]["runs"][0]["samples"] = flipped
    refused(empty_store, json.dumps(doc).encode(), TamperedBackup, "checksum does not match")
    # ... and with one, the samples themselves no longer unpack.
    refused(
        empty_store,
        resealed(data, _with_samples(flipped)),
        InvalidBackup,
        r"runs\[0\].samples: .*cannot be unpacked",
    )
    # Cut short, grown, not base64, or another run's samples: each refused.
    cut = base64.b64encode(bytes(blob[:-40])).decode()
    refused(empty_store, resealed(data, _with_samples(cut)), InvalidBackup, r"runs\[0\].samples")
    good = base64.b64decode(document(data)["sections"]["runs"][0]["samples"])
    grown = good[:5] + zlib.compress(zlib.decompress(good[5:]) + bytes(8))
    refused(
        empty_store,
        resealed(data, _with_samples(base64.b64encode(grown).decode())),
        InvalidBackup,
        r"runs\[0\].samples: .*the samples hold 2408 bytes for 300 samples",
    )
    refused(
        empty_store,
        resealed(data, _with_samples("not base64!")),
        InvalidBackup,
        r"runs\[0\].samples: .*not base64",
    )
    other = base64.b64encode(
        good[:1] + (299).to_bytes(4, "little") + zlib.compress(bytes(8 * 299))
    ).decode()
    refused(
        empty_store,
        resealed(data, _with_samples(other)),
        InvalidBackup,
        r"runs\[0\].samples: .*the samples hold 299 samples, not sample_count 300",
    )
    assert Runs(empty_store).count() == 0


def test_restored_runs_read_back_the_same_through_the_repository(
    full_store: Store, empty_store: Store
) -> None:
    restore_backup(empty_store, create_backup(full_store, BACKED_UP))
    assert Runs(empty_store).summaries() == Runs(full_store).summaries()
    restored, original = Runs(empty_store).samples(), Runs(full_store).samples()
    assert [(s.run_id, s.start) for s in restored] == [(s.run_id, s.start) for s in original]
    for mine, theirs in zip(restored, original, strict=True):
        assert mine.speed.tobytes() == theirs.speed.tobytes()
        assert mine.cadence.tobytes() == theirs.cadence.tobytes()


def run_ids(store: Store) -> dict[str, int]:
    """Each run's id by the name of the file it came from."""
    return {Path(run.source).name: run.id for run in Runs(store).summaries()}


def test_a_run_already_imported_here_is_kept_as_it_is(
    full_store: Store, empty_store: Store, tmp_path: Path
) -> None:
    data = create_backup(full_store, BACKED_UP)
    assert run_ids(full_store) == {"evening.gpx": 1, "morning.fit": 2}
    # The same file imported here on another day: same SHA-256, its own id and import time.
    import_runs(empty_store, tmp_path / "here", ("morning", MORNING, "fit"))
    with empty_store.transaction() as db:
        db.execute(text("UPDATE runs SET imported_at = :at"), {"at": BACKED_UP})
    [here] = snapshot(empty_store)["runs"]
    report = restore_backup(empty_store, data)
    assert (report.added["runs"], report.kept["runs"]) == (1, 1)
    after = snapshot(empty_store)["runs"]
    assert after[0] == here
    # The morning run here has id 1, so the restored evening run moves to the next id.
    assert run_ids(empty_store) == {"morning.fit": 1, "evening.gpx": 2}
    assert after[1][1:] == snapshot(full_store)["runs"][0][1:]
    assert restore_backup(empty_store, data).nothing_added


def test_another_recording_of_a_run_here_is_kept_and_the_backups_copy_not_added(
    full_store: Store, empty_store: Store, tmp_path: Path
) -> None:
    # A phone recorded the morning run too, as TCX, starting three seconds later.
    phone = RunSpec(start=MORNING.start + timedelta(seconds=3), minutes=5, seed=31)
    import_runs(empty_store, tmp_path / "phone", ("phone", phone, "tcx"))
    report = restore_backup(empty_store, create_backup(full_store, BACKED_UP))
    assert (report.added["runs"], report.kept["runs"]) == (1, 1)
    assert run_ids(empty_store) == {"phone.tcx": 1, "evening.gpx": 2}


def test_a_run_whose_id_is_taken_here_gets_a_new_one_and_later_imports_still_work(
    full_store: Store, empty_store: Store, tmp_path: Path
) -> None:
    other = RunSpec(start=datetime(2026, 10, 1, 7, tzinfo=UTC), minutes=5, seed=41)
    import_runs(empty_store, tmp_path / "other", ("other", other, "fit"))
    data = create_backup(full_store, BACKED_UP)
    report = restore_backup(empty_store, data)
    assert report.added["runs"] == 2
    # The morning run keeps its id 2; the evening run's 1 is taken, so it gets 3.
    assert run_ids(empty_store) == {"other.fit": 1, "morning.fit": 2, "evening.gpx": 3}
    # The database hands out ids past the restored ones (PostgreSQL's sequence too).
    later = RunSpec(start=datetime(2026, 12, 1, 7, tzinfo=UTC), minutes=5, seed=42)
    import_runs(empty_store, tmp_path / "later", ("later", later, "fit"))
    assert run_ids(empty_store)["later.fit"] == 4
    # And restoring again adds nothing.
    assert restore_backup(empty_store, data).nothing_added


def test_runs_of_a_user_nobody_knows_are_refused(full_store: Store, empty_store: Store) -> None:
    data = resealed(
        create_backup(full_store, BACKED_UP),
        lambda d: d["sections"]["runs"][1].update(user_id=99),
    )
    refused(empty_store, data, InvalidBackup, r"run \d+ belongs to user 99, who is neither")
