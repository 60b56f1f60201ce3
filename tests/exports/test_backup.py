"""Backup and restore on real databases (SQLite and PostgreSQL): lossless, idempotent, harmless.

A restore adds only what the app could have written itself, and only to the
runner restoring: an edited (and resealed) file can neither poison the
database nor reach another user's rows.
"""

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
from sqlalchemy import select, text

from gethip.app import checks as hip_checks
from gethip.app.backups import create_backup, read, restore_backup
from gethip.app.imports import import_runs as import_into
from gethip.content import load_catalog, load_sessions
from gethip.core.hipcheck import Recording
from gethip.core.practice import PracticeStatus, StepOutcome, work_seconds
from gethip.core.timeline import Settings, compile_session
from gethip.exports.backup_format import (
    FORMAT,
    VERSION,
    CorruptBackup,
    DamagedBackup,
    InvalidBackup,
    NewerBackup,
    seal,
)
from gethip.store.check_models import HipCheck
from gethip.store.database import Store
from gethip.store.models import Practice, PracticeSegment, User
from gethip.store.practices import PracticeLog
from gethip.store.profile_models import ProfileVersion
from gethip.store.profiles import Profiles
from gethip.store.run_models import Run
from gethip.store.runs import Runs
from gethip.store.users import add_user
from tests.conftest import fresh_schema
from tests.contexts import context_at
from tests.core.pose_factories import merged, recording
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
STEPS = 62  # the openers' 50 steps, then 12 of the shortened openers
CHECKED = "2026-11-09T19:15:42.250+01:00"


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
    with fresh_schema(request.getfixturevalue("postgres_base_url"), "r") as url:
        other = Store.open(url)
        try:
            yield other
        finally:
            other.close()


def backup(store: Store) -> bytes:
    return create_backup(context_at(store, BACKED_UP))


def restore(store: Store, data: bytes, user: int | None = None) -> Any:
    return restore_backup(context_at(store, BACKED_UP, user), data)


def import_runs(store: Store, folder: Path, *named: tuple[str, RunSpec, str]) -> None:
    for name, spec, fmt in named:
        write_run(folder, name, spec, fmt)
    summary = import_into(context_at(store, IMPORTED), [folder], workers=1)
    assert summary.imported == len(named), summary.failed


def practise(log: PracticeLog, day: int, settings: Settings, steps: int, finish: bool) -> str:
    """A real practice of the openers on `day`: started, `steps` steps done, maybe finished."""
    practice_id = str(uuid.uuid4())
    started = STARTED + timedelta(days=day)
    timeline = compile_session(load_sessions().get("openers"), load_catalog(), settings)
    log.start(
        practice_id,
        "openers",
        timeline.settings,
        started,
        len(timeline.segments),
        work_seconds(timeline),
        timeline.deviation,
    )
    for segment in timeline.segments[:steps]:
        outcome = StepOutcome.SKIPPED if segment.index == 7 else StepOutcome.DONE
        worked = segment.duration / 3 if outcome == StepOutcome.SKIPPED else segment.duration
        log.record_step(
            practice_id, segment, outcome, worked, started + timedelta(seconds=segment.end)
        )
    if finish:
        log.finish(
            practice_id,
            PracticeStatus.PARTIAL,
            started + timedelta(seconds=timeline.total_seconds),
            tightness=3,
            pain=0,
        )
    return practice_id


@pytest.fixture
def full_store(store: Store, tmp_path: Path) -> Store:
    log = PracticeLog(store, store.local_user())
    # In the backup's order (by start): played to the end with one step skipped,
    # shortened and stopped midway, not begun.
    practise(log, 0, Settings(), steps=50, finish=True)
    practise(log, 1, Settings(breath_seconds=4.7, minutes=10), steps=12, finish=False)
    practise(log, 2, Settings(), steps=0, finish=False)
    profiles = Profiles(store, store.local_user())
    first = {
        "run_days": ["mon", "wed", "sat"],
        "long_run_day": "sat",
        "sitting_hours": 9,
        "timezone": "Europe/London",
    }
    profiles.update(first, datetime(2026, 11, 1, 9, tzinfo=UTC))
    profiles.update({"sitting_hours": 6}, datetime(2026, 11, 8, 9, tzinfo=UTC))
    import_runs(store, tmp_path / "runs", ("morning", MORNING, "fit"), ("evening", EVENING, "gpx"))
    check(store, "thomas", "left", (-9.0, -7.5, -11.0), CHECKED)
    check(store, "lunge", "right", (12.0, 14.5, 13.0), None)
    return store


def check(store: Store, test: str, side: str, angles: tuple[float, ...], when: str | None) -> None:
    """A hip check of three tries, kept as the page keeps it (measured by the core)."""
    tries = [
        recording(test, side, a, start=20.0 * n, noise=0.002, seed=n) for n, a in enumerate(angles)
    ]
    sent = merged(*tries) | {"measured_at": when, "pose_model": "@mediapipe/pose 0.5"}
    made = Recording.model_validate(sent)
    hip_checks.save(context_at(store, IMPORTED), str(uuid.uuid4()), made)


def snapshot(store: Store, user: int | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table a backup covers (one user's, by default the local one's)."""
    owner = store.local_user() if user is None else user
    with store.transaction() as db:
        practices = db.execute(
            select(
                Practice.id,
                Practice.session,
                Practice.breath_seconds,
                Practice.minutes,
                Practice.started_at,
                Practice.ended_at,
                Practice.status,
                Practice.segments_total,
                Practice.work_seconds_total,
                Practice.tightness,
                Practice.pain,
                Practice.deviation,
            )
            .where(Practice.user_id == owner)
            .order_by(Practice.id)
        ).all()
        steps = db.execute(
            select(*PracticeSegment.__table__.columns)
            .join(Practice)
            .where(Practice.user_id == owner)
            .order_by(PracticeSegment.practice_id, PracticeSegment.index)
        ).all()
        profiles = db.execute(
            select(
                ProfileVersion.version,
                ProfileVersion.changed_at,
                ProfileVersion.data,
                ProfileVersion.changed,
            )
            .where(ProfileVersion.user_id == owner)
            .order_by(ProfileVersion.version)
        ).all()
        # Every column but the id and owner, the packed per-second samples included.
        columns = [c for c in Run.__table__.columns if c.name not in {"id", "user_id"}]
        runs = db.execute(select(*columns).where(Run.user_id == owner).order_by(Run.start)).all()
        kept = [c for c in HipCheck.__table__.columns if c.name != "user_id"]
        checks = db.execute(
            select(*kept).where(HipCheck.user_id == owner).order_by(HipCheck.id)
        ).all()
    return {
        "profiles": [tuple(row) for row in profiles],
        "practices": [tuple(row) for row in practices],
        "steps": [tuple(row) for row in steps],
        "runs": [tuple(row) for row in runs],
        "checks": [tuple(row) for row in checks],
    }


def users(store: Store) -> list[tuple[int, str]]:
    with store.transaction() as db:
        return [tuple(row) for row in db.execute(select(User.id, User.name).order_by(User.id))]


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
    data = backup(full_store)
    report = restore(empty_store, data)
    assert report.added == {"practices": 3, "steps": STEPS, "profiles": 2, "runs": 2, "checks": 2}
    assert snapshot(empty_store) == snapshot(full_store)
    # And the restored database backs up to the same sections.
    assert document(backup(empty_store))["sections"] == document(data)["sections"]


def test_restored_practices_read_back_the_same_through_the_log(
    full_store: Store, empty_store: Store
) -> None:
    restore(empty_store, backup(full_store))
    mine = PracticeLog(empty_store, empty_store.local_user()).summaries()
    assert mine == PracticeLog(full_store, full_store.local_user()).summaries()
    assert [p.status for p in mine] == [
        PracticeStatus.INTERRUPTED,
        PracticeStatus.INTERRUPTED,
        PracticeStatus.PARTIAL,
    ]


def test_restoring_twice_adds_nothing(full_store: Store, empty_store: Store) -> None:
    data = backup(full_store)
    restore(empty_store, data)
    before = snapshot(empty_store)
    report = restore(empty_store, data)
    assert report.nothing_added
    assert report.kept == {"practices": 3, "steps": STEPS, "profiles": 2, "runs": 2, "checks": 2}
    assert snapshot(empty_store) == before


def test_restoring_into_the_database_it_came_from_adds_nothing(full_store: Store) -> None:
    before = snapshot(full_store)
    assert restore(full_store, backup(full_store)).nothing_added
    assert snapshot(full_store) == before


def test_restore_adds_only_the_missing_practices_steps_and_runs(
    full_store: Store, empty_store: Store
) -> None:
    data = backup(full_store)
    # The empty database already has the first practice, but only 5 of its steps,
    # and the first run only.
    first = document(data)["sections"]["practices"][0]
    partial = dict(first, steps=first["steps"][:5])
    restore(
        empty_store,
        resealed(
            data,
            lambda d: d["sections"].update(
                practices=[partial],
                runs=d["sections"]["runs"][:1],
                checks=d["sections"]["checks"][:1],
            ),
        ),
    )
    report = restore(empty_store, data)
    assert report.added == {"practices": 2, "steps": STEPS - 5, "runs": 1, "checks": 1}
    assert report.kept == {"practices": 1, "steps": 5, "profiles": 2, "runs": 1, "checks": 1}
    assert snapshot(empty_store) == snapshot(full_store)


def test_the_file_is_versioned_json_with_zoned_timestamps_and_exact_floats(
    full_store: Store,
) -> None:
    doc = document(backup(full_store))
    assert doc["format"] == FORMAT
    assert doc["version"] == VERSION == 2
    assert doc["created_at"] == "2026-11-25T08:00:00+00:00"
    assert doc["checksum"]["algorithm"] == "sha256"
    assert set(doc["sections"]) == {"practices", "profiles", "runs", "checks"}
    # No owner anywhere: a backup is one runner's data, restored as whoever restores it.
    assert "user_id" not in json.dumps(doc)
    played, practice = doc["sections"]["practices"][:2]
    # 07:30:15.123456 in Berlin is 06:30:15.123456 UTC, microseconds kept.
    assert practice["started_at"] == "2026-11-21T06:30:15.123456Z"
    assert practice["breath_seconds"] == 4.7
    assert practice["minutes"] == 10
    assert practice["ended_at"] is None
    assert practice["steps"][3]["side"] == "right"
    skipped = played["steps"][7]
    assert skipped["outcome"] == "skipped" and 0 < skipped["worked_seconds"] < skipped["duration"]
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
    data = backup(store)
    assert document(data)["sections"]["practices"] == []
    assert restore(empty_store, data).added == {}


def test_reindenting_the_file_keeps_it_valid(full_store: Store) -> None:
    compact = json.dumps(document(backup(full_store)), separators=(",", ":")).encode()
    assert read(compact).count("practices") == 3
    assert read(compact).count("runs") == 2


# --- whose rows: always the restoring runner's ------------------------------------


def test_a_restore_gives_every_row_to_the_runner_restoring_it(
    full_store: Store, empty_store: Store
) -> None:
    coach = add_user(empty_store, "coach", BACKED_UP)
    report = restore(empty_store, backup(full_store), user=coach)
    assert report.added["practices"] == 3
    assert snapshot(empty_store, coach) == snapshot(full_store)
    # The local runner of this database got nothing, and no user was made.
    assert snapshot(empty_store)["practices"] == [] and snapshot(empty_store)["runs"] == []
    assert users(empty_store) == [(1, "local"), (coach, "coach")]


def test_a_practice_id_that_is_someone_elses_here_refuses_the_whole_file(
    full_store: Store,
) -> None:
    coach = add_user(full_store, "coach", BACKED_UP)
    mine = snapshot(full_store)
    with pytest.raises(InvalidBackup, match="belongs to another account here"):
        restore(full_store, backup(full_store), user=coach)
    assert snapshot(full_store, coach) == {
        "profiles": [],
        "practices": [],
        "steps": [],
        "runs": [],
        "checks": [],
    }
    assert snapshot(full_store) == mine


def version_1(data: bytes, owner: int) -> bytes:
    """The same data as gethip's first backup format wrote it: owners named in every row."""
    doc = document(data)
    doc["version"] = 1
    sections = doc["sections"]
    sections["users"] = [{"id": owner, "name": "someone", "created_at": "2026-01-01T00:00:00Z"}]
    for position, practice in enumerate(sections["practices"]):
        practice["user_id"] = owner
        practice["segments"] = [
            {k: v for k, v in step.items() if k not in {"outcome", "worked_seconds"}}
            for step in practice.pop("steps")
            if step["outcome"] == "done"
        ]
        practice["deviation"] = {"label": "as version 1 wrote it", "changes": ["words"]}
        if position == 0:
            practice["status"] = "completed"  # version 1 called it so, a step short
    for number, run in enumerate(sections["runs"], 1):
        run.update(user_id=owner, id=number)
    for profile in sections["profiles"]:
        profile["user_id"] = owner
    del sections["checks"]  # kept only since version 2 files
    return json.dumps(seal(doc)).encode()


def test_a_version_1_file_restores_as_the_runner_restoring_it_whoever_it_names(
    full_store: Store, empty_store: Store
) -> None:
    report = restore(empty_store, version_1(backup(full_store), owner=99))
    # The two skipped steps were never saved by version 1's players.
    assert report.added == {"practices": 3, "steps": STEPS - 2, "profiles": 2, "runs": 2}
    assert users(empty_store) == [(1, "local")]
    summaries = PracticeLog(empty_store, empty_store.local_user()).summaries()
    first = summaries[-1]
    # Version 1 said completed; with a step of work missing the steps say partial.
    assert first.status == PracticeStatus.PARTIAL
    assert summaries[1].deviation is not None and summaries[1].deviation.changes


# --- refusals: each leaves the database exactly as it was ------------------------


def refused(store: Store, data: bytes, error: type[Exception], match: str) -> None:
    before = snapshot(store)
    with pytest.raises(error, match=match):
        restore(store, data)
    assert snapshot(store) == before


def test_a_file_that_is_not_json_is_refused(full_store: Store) -> None:
    data = backup(full_store)
    refused(full_store, data[: len(data) // 2], CorruptBackup, "not valid JSON")
    refused(full_store, b"\xff\xfe garbage", CorruptBackup, "not UTF-8")
    refused(full_store, b"", CorruptBackup, "not valid JSON")


def test_json_that_is_not_a_gethip_backup_is_refused(store: Store) -> None:
    refused(store, b"[1, 2, 3]", CorruptBackup, "not a gethip backup")
    refused(store, b'{"format": "other"}', CorruptBackup, "not a gethip backup")
    refused(store, b'{"format": "gethip-backup", "version": NaN}', CorruptBackup, "NaN")
    refused(store, b'{"format": "gethip-backup", "version": "1"}', CorruptBackup, "version")


def test_a_backup_from_a_newer_version_is_refused(full_store: Store, empty_store: Store) -> None:
    data = resealed(backup(full_store), lambda d: d.update(version=VERSION + 1))
    refused(empty_store, data, NewerBackup, f"format version {VERSION + 1}.*newer gethip")


def test_a_damaged_backup_is_refused(full_store: Store, empty_store: Store) -> None:
    doc = document(backup(full_store))
    doc["sections"]["practices"][0]["pain"] = 9
    refused(empty_store, json.dumps(doc).encode(), DamagedBackup, "checksum does not match")
    del doc["checksum"]
    refused(empty_store, json.dumps(doc).encode(), DamagedBackup, "no sha256 checksum")


def _practice(position: int, **changes: Any) -> Any:
    return lambda d: d["sections"]["practices"][position].update(changes)


def _step(position: int, **changes: Any) -> Any:
    return lambda d: d["sections"]["practices"][0]["steps"][position].update(changes)


def _run(position: int, **changes: Any) -> Any:
    return lambda d: d["sections"]["runs"][position].update(changes)


def _check(position: int, **changes: Any) -> Any:
    return lambda d: d["sections"]["checks"][position].update(changes)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (_practice(0, status="paused"), r"practices\[0\].status"),
        (_practice(0, started_at="2026-11-20T06:30:00"), "timezone"),
        (_practice(0, id="not-a-uuid"), "UUID"),
        (_step(1, index=0), "share an index"),
        (_step(2, reps="10"), r"steps\[2\].reps"),
        (lambda d: d["sections"].update(settings=[]), "unknown section 'settings'"),
        # What the live app refuses, a restore refuses too, whatever the checksum says.
        (_practice(0, breath_seconds=1e308), r"practices\[0\].breath_seconds"),
        (_practice(0, minutes=10**12), r"practices\[0\].minutes"),
        (_practice(0, session="yoga"), r"practices\[0\].session: unknown session 'yoga'"),
        (_practice(0, started_at="9999-12-31T23:59:59Z"), r"practices\[0\].started_at: .*future"),
        (_practice(0, started_at="0001-01-01T00:00:00+14:00"), r"practices\[0\].started_at"),
        (_practice(0, ended_at="1999-12-31T00:00:00Z"), r"practices\[0\].ended_at: .*before"),
        (_practice(0, segments_total=51), r"segments_total: openers .* has 50 steps"),
        (_practice(0, tightness=11), r"practices\[0\].tightness"),
        (_step(2, duration=1e308), r"steps\[2\].duration"),
        (_step(2, duration=31.0), r"steps\[2\].duration: step 2 of this session"),
        (_step(2, move="air-squats"), r"steps\[2\].move"),
        (_step(2, index=50), r"steps\[2\].index: the session has 50 steps"),
        (_step(2, finished_at="2100-01-01T00:00:00Z"), r"steps\[2\].finished_at: .*future"),
        (_step(2, worked_seconds=-1.0), r"steps\[2\].worked_seconds"),
        (_run(0, start="2026-11-03T06:45:12"), r"runs\[0\].start.*timezone"),
        (_run(0, start="0001-01-01T00:00:00Z"), r"runs\[0\].start: .*before the year 2000"),
        (_run(0, elapsed_s=1e308), r"runs\[0\].elapsed_s"),
        (_run(1, sha256="not-a-hash"), r"runs\[1\].sha256"),
        (_run(0, elapsed_s="300.0"), r"runs\[0\].elapsed_s"),
        (_run(0, leg=-1), r"runs\[0\].leg"),
        (_run(0, source_format="csv"), r"runs\[0\].source_format"),
        (_run(0, utc_offset_minutes=1440), "utc_offset_minutes"),
        (_run(0, extra=1), r"runs\[0\].extra"),
        (lambda d: d["sections"]["runs"][0].pop("samples"), r"runs\[0\].samples.*required"),
        (_run(0, samples=12), r"runs\[0\].samples"),
        (_run(0, sample_count=301), "300 samples, not sample_count 301"),
        (_run(0, speed_samples=301), r"runs\[0\].speed_samples"),
        (lambda d: d["sections"].update(runs={}), "not a list"),
        (_check(0, id="not-a-uuid"), r"checks\[0\].id.*UUID"),
        (_check(0, hip_extension_deg=3.0), "a thomas reading has thigh_angle_deg and no hip_ext"),
        (_check(1, hip_extension_deg=None), "a lunge reading has hip_extension_deg"),
        (_check(0, thigh_angle_deg=1e308), r"checks\[0\].thigh_angle_deg"),
        (_check(0, knee_angle_deg=200.0), r"checks\[0\].knee_angle_deg"),
        (_check(0, uncertainty_deg=2.0), r"checks\[0\].uncertainty_deg"),
        (_check(0, frames_used=10**6), r"checks\[0\].frames_used"),
        (_check(0, frames_used=541), "more frames used than frames recorded"),
        (_check(0, side="middle"), r"checks\[0\].side"),
        (_check(0, verdict="tight"), r"checks\[0\].verdict"),
        (_check(0, pose_model=""), r"checks\[0\].pose_model"),
        (_check(0, recording_sha256="x"), r"checks\[0\].recording_sha256"),
        (_check(0, measured_at="2126-01-01T00:00:00Z"), r"checks\[0\].measured_at: .*future"),
        (_check(0, measured_at="2026-11-09T18:15:42"), r"checks\[0\].measured_at.*timezone"),
        (_check(1, saved_at="1999-01-01T00:00:00Z"), r"checks\[1\].saved_at: .*before"),
    ],
)
def test_invalid_content_is_refused_with_where_it_is(
    full_store: Store, empty_store: Store, change: Any, where: str
) -> None:
    data = resealed(backup(full_store), change)
    refused(empty_store, data, InvalidBackup, where)


def test_a_problem_found_midway_rolls_back_what_was_already_added(
    full_store: Store, empty_store: Store
) -> None:
    # The runs are restored after the practices: a bad run is found after they were added.
    data = resealed(backup(full_store), _run(1, start="2099-01-01T00:00:00Z"))
    refused(empty_store, data, InvalidBackup, r"runs\[1\].start")
    assert PracticeLog(empty_store, empty_store.local_user()).is_empty()


def test_the_profile_and_its_history_of_changes_come_back(
    full_store: Store, empty_store: Store
) -> None:
    restore(empty_store, backup(full_store))
    history = Profiles(empty_store, empty_store.local_user()).history()
    assert [record.version for record in history] == [1, 2]
    assert (
        Profiles(empty_store, empty_store.local_user()).current()
        == Profiles(full_store, full_store.local_user()).current()
    )
    assert snapshot(empty_store)["profiles"] == snapshot(full_store)["profiles"]


def test_a_backup_with_an_impossible_profile_is_refused(
    full_store: Store, empty_store: Store
) -> None:
    bad = resealed(
        backup(full_store),
        lambda doc: doc["sections"]["profiles"][0]["data"].update(sitting_hours=30),
    )
    refused(empty_store, bad, InvalidBackup, "profiles")


# --- runs ------------------------------------------------------------------------


def _with_samples(samples: str) -> Any:
    return _run(0, samples=samples)


def test_a_tampered_sample_blob_is_refused(full_store: Store, empty_store: Store) -> None:
    data = backup(full_store)
    blob = bytearray(base64.b64decode(document(data)["sections"]["runs"][0]["samples"]))
    blob[-7] ^= 0x55
    flipped = base64.b64encode(bytes(blob)).decode()
    # Without a new checksum the change shows there ...
    doc = document(data)
    doc["sections"]["runs"][0]["samples"] = flipped
    refused(empty_store, json.dumps(doc).encode(), DamagedBackup, "checksum does not match")
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
    assert Runs(empty_store, empty_store.local_user()).count() == 0


def test_restored_runs_read_back_the_same_through_the_repository(
    full_store: Store, empty_store: Store
) -> None:
    restore(empty_store, backup(full_store))
    mine = Runs(empty_store, empty_store.local_user())
    theirs = Runs(full_store, full_store.local_user())
    # The same runs, each under an id of this database's own.
    assert [r.model_copy(update={"id": 0}) for r in mine.summaries()] == [
        r.model_copy(update={"id": 0}) for r in theirs.summaries()
    ]
    assert [(s.start, s.samples) for s in mine.samples()] == [
        (s.start, s.samples) for s in theirs.samples()
    ]


def run_files(store: Store) -> list[str]:
    """The file each run came from, oldest run first."""
    return [Path(run.source).name for run in reversed(Runs(store, store.local_user()).summaries())]


def test_a_run_already_imported_here_is_kept_as_it_is(
    full_store: Store, empty_store: Store, tmp_path: Path
) -> None:
    data = backup(full_store)
    # The same file imported here on another day: same SHA-256, its own import time.
    import_runs(empty_store, tmp_path / "here", ("morning", MORNING, "fit"))
    with empty_store.transaction() as db:
        db.execute(text("UPDATE runs SET imported_at = :at"), {"at": BACKED_UP})
    [here] = snapshot(empty_store)["runs"]
    report = restore(empty_store, data)
    assert (report.added["runs"], report.kept["runs"]) == (1, 1)
    assert snapshot(empty_store)["runs"][0] == here
    assert run_files(empty_store) == ["morning.fit", "evening.gpx"]
    assert restore(empty_store, data).nothing_added


def test_another_recording_of_a_run_here_is_kept_and_the_backups_copy_not_added(
    full_store: Store, empty_store: Store, tmp_path: Path
) -> None:
    # A phone recorded the morning run too, as TCX, starting three seconds later.
    phone = RunSpec(start=MORNING.start + timedelta(seconds=3), minutes=5, seed=31)
    import_runs(empty_store, tmp_path / "phone", ("phone", phone, "tcx"))
    report = restore(empty_store, backup(full_store))
    assert (report.added["runs"], report.kept["runs"]) == (1, 1)
    assert run_files(empty_store) == ["phone.tcx", "evening.gpx"]


def test_runs_restored_next_to_others_take_new_ids_and_later_imports_still_work(
    full_store: Store, empty_store: Store, tmp_path: Path
) -> None:
    other = RunSpec(start=datetime(2026, 10, 1, 7, tzinfo=UTC), minutes=5, seed=41)
    import_runs(empty_store, tmp_path / "other", ("other", other, "fit"))
    data = backup(full_store)
    assert restore(empty_store, data).added["runs"] == 2
    # The database hands out ids past the restored ones (PostgreSQL's sequence too).
    later = RunSpec(start=datetime(2026, 11, 8, 7, tzinfo=UTC), minutes=5, seed=42)
    import_runs(empty_store, tmp_path / "later", ("later", later, "fit"))
    ids = [run.id for run in Runs(empty_store, empty_store.local_user()).summaries()]
    assert len(set(ids)) == 4
    assert run_files(empty_store) == ["other.fit", "morning.fit", "evening.gpx", "later.fit"]

    assert restore(empty_store, data).nothing_added


# --- hip checks ---------------------------------------------------------------------


def test_hip_checks_travel_exactly_with_their_dates_and_fingerprints(
    full_store: Store, empty_store: Store
) -> None:
    data = backup(full_store)
    thomas, lunge = document(data)["sections"]["checks"]
    assert thomas["measured_at"] == "2026-11-09T18:15:42.250000Z"
    assert lunge["measured_at"] == "2026-11-10T21:05:30.654321Z"  # no date in it: kept when saved
    assert (thomas["test"], thomas["side"], lunge["test"], lunge["side"]) == (
        "thomas",
        "left",
        "lunge",
        "right",
    )
    assert thomas["hip_extension_deg"] is None and lunge["thigh_angle_deg"] is None
    restore(empty_store, data)
    mine = hip_checks.history(context_at(empty_store, BACKED_UP))
    assert mine == hip_checks.history(context_at(full_store, BACKED_UP))
    # A restored check is the same check: the page sending it again changes nothing.
    (kept,) = [r for r in mine.readings if r.result.test.value == "thomas"]
    again = merged(
        *[
            recording("thomas", "left", a, start=20.0 * n, noise=0.002, seed=n)
            for n, a in enumerate((-9.0, -7.5, -11.0))
        ]
    ) | {"measured_at": CHECKED, "pose_model": "@mediapipe/pose 0.5"}
    assert hip_checks.save(
        context_at(empty_store, BACKED_UP), kept.id, Recording.model_validate(again)
    ) == (kept, False)


def test_a_checks_margin_and_verdict_are_derived_again_not_read(
    full_store: Store, empty_store: Store
) -> None:
    data = resealed(
        backup(full_store), _check(0, uncertainty_deg=50.0, verdict="thigh-below-horizontal")
    )
    restore(empty_store, data)
    assert snapshot(empty_store)["checks"] == snapshot(full_store)["checks"]


def test_a_check_id_that_is_someone_elses_here_refuses_the_whole_file(full_store: Store) -> None:
    coach = add_user(full_store, "coach", BACKED_UP)
    only_checks = resealed(
        backup(full_store),
        lambda d: d["sections"].update(practices=[], profiles=[], runs=[]),
    )
    with pytest.raises(InvalidBackup, match=r"hip check .* belongs to another account here"):
        restore(full_store, only_checks, user=coach)
    assert snapshot(full_store, coach)["checks"] == []


def test_a_file_from_before_checks_were_kept_restores_without_them(
    full_store: Store, empty_store: Store
) -> None:
    older = resealed(backup(full_store), lambda d: d["sections"].pop("checks"))
    report = restore(empty_store, older)
    assert "checks" not in report.added
    assert report.added["practices"] == 3
    assert snapshot(empty_store)["checks"] == []
