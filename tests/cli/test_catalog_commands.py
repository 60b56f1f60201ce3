"""`gethip moves`, `show`, `sessions`: the program as a runner browses it."""

from __future__ import annotations

from pathlib import Path

from tests.cli.runner import gethip, gethip_json


def test_moves_json_lists_all_fifteen_with_their_fields(tmp_path: Path) -> None:
    moves = gethip_json(tmp_path, "moves", "--json")
    assert len(moves) == 15
    assert [m["phase"] for m in moves] == ["warmup"] * 4 + ["strength"] * 6 + ["opener"] * 5
    for move in moves:
        assert {
            "id",
            "name",
            "phase",
            "steps",
            "dose",
            "cues",
            "planes",
            "easier",
            "harder",
        } <= set(move)
        assert move["dose_text"]


def test_moves_table_names_every_move(tmp_path: Path) -> None:
    result = gethip(tmp_path, "moves")
    assert result.returncode == 0
    for name in ("High Knees", "Jump Squats", "Skating Squat", "Full-Range Figure Four"):
        assert name in result.stdout


def test_show_prints_one_move_in_full(tmp_path: Path) -> None:
    result = gethip(tmp_path, "show", "one-legged-bridge")
    assert result.returncode == 0
    assert "One-Legged Bridge" in result.stdout
    assert "8 reps each side" in result.stdout
    move = gethip_json(tmp_path, "show", "low-lunge-variation", "--json")
    assert move["dose"] == move["dose"] | {"kind": "breath-hold", "breaths": 5, "sidedness": "each"}


def test_an_unknown_move_names_the_choices_and_exits_2(tmp_path: Path) -> None:
    result = gethip(tmp_path, "show", "pigeon")
    assert result.returncode == 2
    assert "unknown move 'pigeon'" in result.stderr
    assert "skating-squat" in result.stderr
    assert "Traceback" not in result.stderr


def test_sessions_json_gives_the_four_built_ins_with_lengths(tmp_path: Path) -> None:
    sessions = gethip_json(tmp_path, "sessions", "--json")
    assert [s["id"] for s in sessions] == ["warmup", "openers", "strength", "offday", "desk-break"]
    by_id = {s["id"]: s for s in sessions}
    assert by_id["offday"]["total_seconds"] > by_id["strength"]["total_seconds"]
    assert "warmup" in gethip(tmp_path, "sessions").stdout
