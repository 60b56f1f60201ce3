"""`gethip export`, `backup` and `restore` as a user runs them: real processes, real exit codes."""

from __future__ import annotations

import json
import stat
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from gethip.content import load_catalog, load_sessions
from gethip.core.practice import PracticeStatus, StepOutcome, work_seconds
from gethip.core.timeline import Settings, compile_session
from gethip.store.database import Store
from gethip.store.practices import PracticeLog
from tests.cli.runner import gethip, gethip_json
from tests.exports.fit_reading import crcs_hold, decode_workout

STARTED = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)


def log_practices(url: str, *sessions: tuple[str, Settings]) -> None:
    """Practices done and saved, as `gethip go` leaves them, written straight to the database."""
    store = Store.open(url)
    log = PracticeLog(store, store.local_user())
    for day, (session_id, settings) in enumerate(sessions):
        timeline = compile_session(load_sessions().get(session_id), load_catalog(), settings)
        started = STARTED + timedelta(days=day)
        practice_id = str(uuid.uuid4())
        log.start(
            practice_id,
            session_id,
            settings,
            started,
            len(timeline.segments),
            work_seconds(timeline),
            timeline.deviation,
        )
        for segment in timeline.segments:
            log.record_step(
                practice_id,
                segment,
                StepOutcome.DONE,
                segment.duration,
                started + timedelta(seconds=segment.end),
            )
        log.finish(practice_id, PracticeStatus.COMPLETED, started + timedelta(hours=1))
    store.close()


def sqlite_in(data_dir: Path) -> str:
    """The database `gethip` opens by default with this data folder."""
    return f"sqlite:///{data_dir / 'gethip.db'}"


def test_export_writes_the_fit_workout_the_card_and_the_timeline(tmp_path: Path) -> None:
    fit, card, timeline = tmp_path / "o.fit", tmp_path / "o.md", tmp_path / "o.json"
    result = gethip(
        tmp_path,
        "export",
        "openers",
        "--fit",
        str(fit),
        "--markdown",
        str(card),
        "--json",
        str(timeline),
    )
    assert result.returncode == 0, result.stderr
    assert f"Wrote Garmin FIT workout for Hip openers to {fit}." in result.stdout
    data = fit.read_bytes()
    assert crcs_hold(data)
    assert decode_workout(data).workout["wkt_name"] == "Hip openers"
    assert card.read_text().startswith("# Hip openers\n")
    # The same timeline the player plays.
    assert json.loads(timeline.read_text()) == gethip_json(
        tmp_path, "go", "openers", "--dry-run", "--json"
    )
    # Files for sharing get the usual permissions, not a backup's private ones.
    assert stat.S_IMODE(fit.stat().st_mode) & 0o044


def test_json_and_markdown_can_go_to_stdout(tmp_path: Path) -> None:
    result = gethip(tmp_path, "export", "warmup", "--json", "-")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["session"] == "warmup"
    assert "Wrote timeline JSON" in result.stderr
    card = gethip(tmp_path, "export", "warmup", "--markdown", "-")
    assert card.stdout.startswith("# Active warm-up\n")


def test_breath_seconds_and_minutes_reach_the_exports(tmp_path: Path) -> None:
    fit = tmp_path / "short.fit"
    result = gethip(
        tmp_path,
        "export",
        "openers",
        "--fit",
        str(fit),
        "--markdown",
        "-",
        "--breath-seconds",
        "4",
        "--minutes",
        "10",
    )
    assert result.returncode == 0, result.stderr
    assert "Shortened to fit 10 min" in result.stdout
    assert "one deep breath ≈ 4 s" in result.stdout
    workout = decode_workout(fit.read_bytes())
    assert workout.workout["wkt_name"] == "Hip openers 10m"
    holds = [s for s in workout.steps if s.get("wkt_step_name", "").startswith("Low Lunge")]
    # Fewer breaths than the 5 as written, each of them 4 s long.
    assert holds
    assert all(s["duration_time"] % 4 == 0 and s["duration_time"] < 20 for s in holds)


def test_an_unknown_session_exits_2_naming_the_choices(tmp_path: Path) -> None:
    result = gethip(tmp_path, "export", "yoga", "--fit", str(tmp_path / "x.fit"))
    assert result.returncode == 2
    assert "unknown session 'yoga'; choose one of: warmup, openers, strength, offday" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.fit").exists()


def test_export_without_an_output_or_with_two_on_stdout_is_bad_input(tmp_path: Path) -> None:
    none = gethip(tmp_path, "export", "openers")
    assert none.returncode == 2
    assert "--fit FILE, --markdown FILE or --json FILE" in none.stderr
    both = gethip(tmp_path, "export", "openers", "--json", "-", "--markdown", "-")
    assert both.returncode == 2
    assert "only one output can go to stdout" in both.stderr


def test_a_breath_length_out_of_range_is_bad_input(tmp_path: Path) -> None:
    result = gethip(tmp_path, "export", "openers", "--json", "-", "--breath-seconds", "40")
    assert result.returncode == 2
    assert "breath-seconds" in result.stderr


def test_an_unwritable_path_is_one_clear_line_and_exit_1(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for command in (
        ("export", "openers", "--fit", str(blocker / "x.fit")),
        ("backup", str(tmp_path / "no" / "such" / "folder" / "b.json")),
    ):
        result = gethip(tmp_path, *command)
        assert result.returncode == 1, command
        assert result.stderr.startswith("error: cannot write ")
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr


def test_backup_and_restore_move_the_log_to_another_machine(tmp_path: Path) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    log_practices(sqlite_in(home), ("warmup", Settings()), ("openers", Settings(minutes=5)))
    backup = tmp_path / "gethip-backup.json"
    made = gethip(home, "backup", str(backup))
    assert made.returncode == 0, made.stderr
    assert "Backed up 2 practices" in made.stdout
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600

    restored = gethip(elsewhere, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "added 2 practices" in restored.stdout
    again = gethip(elsewhere, "restore", str(backup))
    assert again.returncode == 0
    assert "Nothing new" in again.stdout
    assert gethip_json(elsewhere, "history", "--json") == gethip_json(home, "history", "--json")


def test_backup_and_restore_work_on_the_database_given_with_db(
    tmp_path: Path, database_url: str
) -> None:
    log_practices(database_url, ("warmup", Settings()))
    backup = tmp_path / "b.json"
    assert gethip(tmp_path, "--db", database_url, "backup", str(backup)).returncode == 0
    result = gethip(tmp_path, "--db", database_url, "restore", str(backup))
    assert result.returncode == 0, result.stderr
    assert "Nothing new" in result.stdout


def test_a_refused_backup_exits_2_with_the_reason_and_changes_nothing(tmp_path: Path) -> None:
    log_practices(sqlite_in(tmp_path), ("warmup", Settings()))
    backup = tmp_path / "b.json"
    assert gethip(tmp_path, "backup", str(backup)).returncode == 0
    before = gethip_json(tmp_path, "history", "--json")

    other = tmp_path / "other"
    tampered = tmp_path / "tampered.json"
    tampered.write_text(backup.read_text().replace('"completed"', '"stopped"'))
    newer = tmp_path / "newer.json"
    newer.write_text(backup.read_text().replace('"version": 2,', '"version": 99,'))
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text(backup.read_text()[:200])
    for path, reason in (
        (tampered, "checksum does not match"),
        (newer, "format version 99"),
        (corrupt, "not valid JSON"),
    ):
        result = gethip(other, "restore", str(path))
        assert result.returncode == 2, path
        assert f"cannot restore {path}: " in result.stderr
        assert reason in result.stderr
        assert "Traceback" not in result.stderr
    assert gethip_json(other, "history", "--json") == []
    assert gethip_json(tmp_path, "history", "--json") == before


def test_restoring_a_missing_file_says_so(tmp_path: Path) -> None:
    result = gethip(tmp_path, "restore", str(tmp_path / "nope.json"))
    assert result.returncode == 1
    assert "cannot read" in result.stderr
    assert "No such file" in result.stderr
