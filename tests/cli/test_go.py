"""`gethip go`: the terminal coach without a terminal, the dry run, and what it logs."""

from __future__ import annotations

import json
import re
import signal
import subprocess
from pathlib import Path

import pytest

from tests.cli.runner import GETHIP, environment, gethip, gethip_json

CUE_LINE = re.compile(r"^\[(\d\d):(\d\d)\] (.+)$")


def cue_lines(stdout: str) -> list[tuple[int, str]]:
    lines = []
    for line in stdout.splitlines():
        match = CUE_LINE.match(line)
        if match:
            lines.append((int(match[1]) * 60 + int(match[2]), match[3]))
    return lines


def test_dry_run_json_is_the_compiled_timeline(tmp_path: Path) -> None:
    timeline = gethip_json(tmp_path, "go", "openers", "--dry-run", "--json")
    assert set(timeline) >= {"session", "settings", "total_seconds", "segments", "cues"}
    assert timeline["session"] == "openers"
    assert timeline["settings"] == {"breath_seconds": 6.0, "minutes": None}
    assert timeline["deviation"] is None
    segments = timeline["segments"]
    assert sum(s["duration"] for s in segments) == pytest.approx(timeline["total_seconds"])
    bridge = [s for s in segments if s["move"] == "one-legged-bridge" and s["kind"] == "hold"]
    assert len(bridge) == 32
    assert sum(s["duration"] for s in bridge) == pytest.approx(2 * 8 * 60)
    assert {s["side"] for s in bridge} == {"right", "left"}
    assert {"at", "text", "kind", "segment"} <= set(timeline["cues"][0])


def test_breath_length_and_budget_change_the_timeline_and_label_the_deviation(
    tmp_path: Path,
) -> None:
    quick = gethip_json(tmp_path, "go", "openers", "--dry-run", "--json", "--breath-seconds", "4")
    default = gethip_json(tmp_path, "go", "openers", "--dry-run", "--json")
    assert quick["total_seconds"] < default["total_seconds"]
    short = gethip_json(tmp_path, "go", "openers", "--dry-run", "--json", "--minutes", "12")
    assert short["total_seconds"] <= 12 * 60
    assert short["deviation"]["label"].startswith("Shortened to fit 12 min")
    bridge = next(c for c in short["deviation"]["changes"] if c["move"] == "one-legged-bridge")
    assert bridge["text"].startswith("One-Legged Bridge Lift and Lower: 8 reps each side")
    assert bridge["after"]["reps"] < bridge["before"]["reps"] == 8


def test_dry_run_table_shows_the_deviation_before_starting(tmp_path: Path) -> None:
    result = gethip(tmp_path, "go", "openers", "--dry-run", "--minutes", "10")
    assert result.returncode == 0
    assert "Shortened to fit 10 min" in result.stdout
    assert "Skating Squat" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["go", "yoga"],
            "unknown session 'yoga'; choose one of: warmup, openers, strength, offday, desk-break",
        ),
        (["go", "openers", "--breath-seconds", "20"], "breath-seconds"),
        (["go", "offday", "--minutes", "1"], "needs at least"),
        (["go"], "name a session"),
        (["go", "--resume"], "nothing to resume"),
        (["go", "openers", "--pain", "11"], "pain"),
    ],
)
def test_bad_input_gets_one_clear_line_and_exit_2(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = gethip(tmp_path, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_whole_session_prints_each_cue_on_time_and_is_logged_complete(tmp_path: Path) -> None:
    result = gethip(tmp_path, "go", "warmup", "--speed", "100", "--tightness", "3", "--pain", "0")
    assert result.returncode == 0, result.stderr
    timeline = gethip_json(tmp_path, "go", "warmup", "--dry-run", "--json")
    printed = cue_lines(result.stdout)
    assert [text for _, text in printed] == [cue["text"] for cue in timeline["cues"]]
    assert [at for at, _ in printed] == [int(cue["at"]) for cue in timeline["cues"]]
    assert "Before your first session" in result.stdout
    [practice] = gethip_json(tmp_path, "history", "--json")
    assert practice["status"] == "completed"
    assert practice["segments_done"] == practice["segments_total"] == len(timeline["segments"])
    assert (practice["tightness"], practice["pain"]) == (3, 0)
    assert practice["seconds_done"] == pytest.approx(timeline["total_seconds"])


def test_the_safety_screen_is_shown_before_the_first_session_only(tmp_path: Path) -> None:
    gethip(tmp_path, "go", "warmup", "--speed", "500")
    second = gethip(tmp_path, "go", "warmup", "--speed", "500")
    assert "Before your first session" not in second.stdout


def test_high_pain_ends_with_the_advice(tmp_path: Path) -> None:
    result = gethip(tmp_path, "go", "warmup", "--speed", "500", "--pain", "8")
    assert result.returncode == 0
    assert "Stop here" in result.stdout
    assert "physiotherapist" in result.stdout
    [practice] = gethip_json(tmp_path, "history", "--json")
    assert practice["pain"] == 8
    # Pain of 7 or more stops the practice: it earns no streak, whatever was done.
    assert practice["status"] == "stopped" and practice["credited"] is False


def test_a_budget_deviation_is_stored_with_the_practice(tmp_path: Path) -> None:
    gethip(tmp_path, "go", "openers", "--minutes", "8", "--speed", "1000")
    [practice] = gethip_json(tmp_path, "history", "--json")
    assert practice["deviation"]["minutes"] == 8
    assert practice["settings"]["minutes"] == 8


def test_kill_9_loses_at_most_the_segment_in_progress_and_resume_finishes_it(
    tmp_path: Path,
) -> None:
    timeline = gethip_json(tmp_path, "go", "openers", "--dry-run", "--json")
    process = subprocess.Popen(
        [GETHIP, "go", "openers", "--speed", "150"],
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=environment(tmp_path),
    )
    assert process.stdout is not None
    printed: list[int] = []
    for line in process.stdout:
        match = CUE_LINE.match(line.strip())
        if match:
            printed.append(int(match[1]) * 60 + int(match[2]))
        if len(printed) >= 120:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)

    [practice] = gethip_json(tmp_path, "history", "--json")
    assert practice["status"] == "interrupted"
    ended_before_last_cue = [
        s for s in timeline["segments"] if s["start"] + s["duration"] <= printed[-1]
    ]
    # Cues are spoken before the step that just ended is saved, so a kill right
    # after the last cue may cost that one step, never more.
    assert practice["segments_done"] >= len(ended_before_last_cue) - 1
    # at most the one in progress is lost: nothing later than a segment or two past the last cue
    assert practice["segments_done"] <= len(ended_before_last_cue) + 2

    resumed = gethip(tmp_path, "go", "--resume", "--speed", "1000", "--tightness", "2")
    assert resumed.returncode == 0, resumed.stderr
    assert "Resuming Hip openers" in resumed.stdout
    [practice] = gethip_json(tmp_path, "history", "--json")
    assert practice["status"] == "completed"
    assert practice["segments_done"] == practice["segments_total"]


def test_history_and_stats_json_shapes(tmp_path: Path) -> None:
    assert gethip_json(tmp_path, "history", "--json") == []
    gethip(tmp_path, "go", "warmup", "--speed", "1000", "--tightness", "5", "--pain", "1")
    [practice] = gethip_json(tmp_path, "history", "--json")
    assert set(practice) >= {
        "id", "session", "started_at", "ended_at", "status", "segments_done",
        "segments_total", "tightness", "pain", "deviation",
    }  # fmt: skip
    stats = gethip_json(tmp_path, "stats", "--json")
    assert stats["streak_days"] == 1
    assert stats["total_sessions"] == 1
    assert len(stats["weeks"]) == 8
    assert stats["weeks"][-1]["sessions"] == 1
    assert stats["trend"][0]["tightness"] == 5
    for command in ("history", "stats"):
        assert gethip(tmp_path, command).returncode == 0


def test_a_corrupt_database_gets_a_clear_message_and_no_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"\x00garbage" * 500)
    result = gethip(tmp_path, "--db", f"sqlite:///{broken}", "history")
    assert result.returncode == 1
    assert "cannot use the database" in result.stderr
    assert "Traceback" not in result.stderr
    assert broken.read_bytes() == b"\x00garbage" * 500


def test_an_unreachable_database_url_gets_a_clear_message(tmp_path: Path) -> None:
    result = gethip(tmp_path, "--db", "postgresql://nobody@127.0.0.1:1/none", "history", "--json")
    assert result.returncode == 1
    assert "cannot use the database" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_log_works_on_each_database(tmp_path: Path, database_url: str) -> None:
    result = gethip(
        tmp_path, "--db", database_url, "go", "warmup", "--speed", "1000", "--pain", "0"
    )
    assert result.returncode == 0, result.stderr
    history = json.loads(gethip(tmp_path, "--db", database_url, "history", "--json").stdout)
    assert [p["status"] for p in history] == ["completed"]


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["go", "openers", "--minutes", "500"], "error: --minutes must be at most 240"),
        (["go", "openers", "--breath-seconds", "2"], "error: --breath-seconds must be at least 3"),
        (["go", "openers", "--pain", "x"], "error: --pain must be a whole number"),
        (["history", "--limit", "0"], "error: --limit must be at least 1"),
        (["trends", "--since", "soon"], "error: --since: 'soon' is not a date like 2026-03-23"),
    ],
)
def test_a_value_out_of_range_is_one_plain_line_and_exit_2(
    tmp_path: Path, args: list[str], line: str
) -> None:
    result = gethip(tmp_path, *args)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [line]
    assert "Usage" not in result.stdout + result.stderr
