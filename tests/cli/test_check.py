"""`gethip check --landmarks FILE`: a recorded hip check read again, as a user runs it."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from gethip.cli.main import run
from tests.cli.runner import gethip, gethip_json
from tests.core.pose_factories import Camera, merged, recording, write


def test_a_thomas_recording_prints_the_issues_json_shape(tmp_path: Path) -> None:
    file = write(tmp_path / "left.json", recording("thomas", "left", -9.0, knee_deg=112.0))
    assert gethip_json(tmp_path, "check", "--landmarks", str(file), "--json") == {
        "test": "thomas",
        "side": "left",
        "thigh_angle_deg": -9.0,
        "knee_angle_deg": 112.0,
        "uncertainty_deg": 7.0,
        "frames_used": 120,
        "verdict": "thigh-above-horizontal",
    }


def test_a_lunge_prints_hip_extension_in_place_of_the_thigh_angle(tmp_path: Path) -> None:
    file = write(tmp_path / "right.json", recording("lunge", "right", 14.0, heading=-1))
    result = gethip_json(tmp_path, "check", "--landmarks", str(file), "--json")
    assert list(result) == [
        "test",
        "side",
        "hip_extension_deg",
        "knee_angle_deg",
        "uncertainty_deg",
        "frames_used",
        "verdict",
    ]
    assert result["hip_extension_deg"] == 14.0
    assert result["verdict"] == "thigh-behind-trunk-line"


def test_three_trials_in_one_download_read_as_one(tmp_path: Path) -> None:
    trials = [recording("thomas", "right", a, start=20.0 * n) for n, a in enumerate((2, 4, 5))]
    file = write(tmp_path / "three.json", merged(*trials))
    result = gethip_json(tmp_path, "check", "--landmarks", str(file), "--json")
    assert result["frames_used"] == 360
    assert result["thigh_angle_deg"] == 4.0
    assert result["uncertainty_deg"] > 7.0


def test_without_json_it_reads_as_sentences_with_the_margin_and_its_source(tmp_path: Path) -> None:
    file = write(tmp_path / "left.json", recording("thomas", "left", 12.0))
    result = gethip(tmp_path, "check", "--landmarks", str(file))
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "Thomas test, left side" in text
    assert "+12.0° ±7.0°" in text
    assert "Your left thigh hangs 12° below horizontal (±7°)" in text
    assert "Stenum et al. 2021" in text and "Van Hooren et al. 2023" in text
    assert "not a diagnosis" in text


def test_a_refusal_exits_2_with_the_reason_and_json_gets_an_error_object(tmp_path: Path) -> None:
    file = write(tmp_path / "front.json", recording("thomas", "left", camera=Camera(yaw_deg=60)))
    result = gethip(tmp_path, "check", "--landmarks", str(file), "--json")
    assert result.returncode == 2
    error = json.loads(result.stdout)
    assert list(error) == ["error"]
    assert error["error"].startswith("The camera does not see you from the side")
    plain = gethip(tmp_path, "check", "--landmarks", str(file))
    assert plain.returncode == 2
    assert plain.stdout == ""
    assert plain.stderr.startswith("error: The camera does not see you from the side")


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "Invalid JSON"),
        (b"{not json", "Invalid JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00garbage", "Invalid JSON"),
        (b'{"test": "thomas", "side": "up", "width": 1, "height": 1, "frames": []}', "side: Input"),
        (b"[1, 2, 3]", "Input should be an object"),
    ],
)
def test_a_bad_file_is_one_clear_line_and_exit_2(tmp_path: Path, content: bytes, said: str) -> None:
    file = tmp_path / "landmarks.json"
    file.write_bytes(content)
    result = gethip(tmp_path, "check", "--landmarks", str(file))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"error: {file}: not a gethip landmarks file")
    assert said in result.stderr
    assert "Traceback" not in result.stderr
    as_json = gethip(tmp_path, "check", "--landmarks", str(file), "--json")
    assert as_json.returncode == 2
    assert said in json.loads(as_json.stdout)["error"]


def test_a_missing_file_or_a_folder_is_named_in_one_line(tmp_path: Path) -> None:
    missing = gethip(tmp_path, "check", "--landmarks", str(tmp_path / "nope.json"))
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"error: {tmp_path / 'nope.json'}: no such file"
    folder = gethip(tmp_path, "check", "--landmarks", str(tmp_path))
    assert folder.returncode == 2
    assert "a folder, not a landmarks file" in folder.stderr


# ---- keeping readings: `--save` and `gethip checks` ---------------------------


def test_save_keeps_the_reading_once_dated_from_the_file(tmp_path: Path, database_url: str) -> None:
    dated = recording("thomas", "left", -9.0) | {"measured_at": "2026-03-02T07:30:00+01:00"}
    file = write(tmp_path / "left.json", dated)
    db = ("--db", database_url)
    kept = gethip_json(tmp_path, *db, "check", "--landmarks", str(file), "--save", "--json")
    assert kept["measured_at"] == "2026-03-02T06:30:00+00:00"
    assert (kept["thigh_angle_deg"], kept["frames_total"], kept["pose_model"]) == (-9.0, 180, None)
    # The same file again is the same check: nothing more is kept.
    again = gethip(tmp_path, *db, "check", "--landmarks", str(file), "--save")
    assert again.returncode == 0, again.stderr
    assert "Already kept as the check of Mon 02 Mar 2026" in " ".join(again.stdout.split())
    listed = gethip_json(tmp_path, *db, "checks", "--json")
    assert listed["checks"] == [kept]


def test_save_refuses_what_the_core_refuses_and_keeps_nothing(
    tmp_path: Path, database_url: str
) -> None:
    file = write(tmp_path / "front.json", recording("thomas", "left", camera=Camera(yaw_deg=60)))
    db = ("--db", database_url)
    result = gethip(tmp_path, *db, "check", "--landmarks", str(file), "--save", "--json")
    assert result.returncode == 2
    assert json.loads(result.stdout)["error"].startswith(
        "The camera does not see you from the side"
    )
    future = write(
        tmp_path / "future.json", recording() | {"measured_at": "2126-01-01T00:00:00+00:00"}
    )
    late = gethip(tmp_path, *db, "check", "--landmarks", str(future), "--save")
    assert late.returncode == 2
    assert late.stderr.strip() == "error: measured_at: 2126-01-01 is in the future"
    assert gethip_json(tmp_path, *db, "checks", "--json")["checks"] == []


def test_checks_lists_them_newest_first_with_both_sides_compared(
    tmp_path: Path, database_url: str
) -> None:
    db = ("--db", database_url)
    for side, angle, minute in (("left", -12.0, "00"), ("right", 2.0, "05")):
        data = recording("thomas", side, angle) | {"measured_at": f"2026-03-02T07:{minute}:00Z"}
        file = write(tmp_path / f"{side}.json", data)
        assert gethip(tmp_path, *db, "check", "--landmarks", str(file), "--save").returncode == 0
    listed = gethip_json(tmp_path, *db, "checks", "--json")
    assert [(c["side"], c["thigh_angle_deg"]) for c in listed["checks"]] == [
        ("right", 2.0),
        ("left", -12.0),
    ]
    (sides,) = listed["sides"]
    assert sides["beyond_uncertainty"] is True
    text = gethip(tmp_path, *db, "checks")
    assert text.returncode == 0, text.stderr
    said = " ".join(text.stdout.split())
    assert "-12.0° ±7.0°" in said and "+2.0° ±7.0°" in said
    assert sides["message"] in said
    assert "not a diagnosis" in said
    assert "to remove one with gethip delete-check" in said


def test_checks_says_how_to_keep_one_when_there_are_none(tmp_path: Path) -> None:
    result = gethip(tmp_path, "checks")
    assert result.returncode == 0
    assert "No hip checks kept yet" in result.stdout


def test_saving_a_download_the_page_already_kept_keeps_it_once(
    tmp_path: Path, database_url: str
) -> None:
    from tests.web.conftest import BASE_URL, TestClient, create_app, new_id

    # What the page PUTs is the very object it offers as the download.
    sent = recording("thomas", "right", 6.0) | {
        "measured_at": "2026-03-02T07:30:00.125Z",
        "pose_model": "@mediapipe/pose 0.5.1675469404, model complexity 1",
    }
    check_id = new_id()
    with TestClient(create_app(database_url), base_url=BASE_URL) as client:
        assert client.put(f"/api/checks/{check_id}", json=sent).status_code == 201
    file = write(tmp_path / "download.json", sent)
    db = ("--db", database_url)
    kept = gethip_json(tmp_path, *db, "check", "--landmarks", str(file), "--save", "--json")
    assert kept["id"] == check_id
    assert [c["id"] for c in gethip_json(tmp_path, *db, "checks", "--json")["checks"]] == [check_id]


def keep_both_sides(tmp_path: Path, database_url: str) -> list[dict[str, Any]]:
    """A left and a right Thomas test of one morning, kept as `--save` keeps them."""
    kept = []
    for side, angle, minute in (("left", -12.0, "00"), ("right", 2.0, "05")):
        data = recording("thomas", side, angle) | {"measured_at": f"2026-03-02T07:{minute}:00Z"}
        file = write(tmp_path / f"{side}.json", data)
        db = ("--db", database_url)
        kept.append(
            gethip_json(tmp_path, *db, "check", "--landmarks", str(file), "--save", "--json")
        )
    return kept


def test_delete_check_removes_one_reading_and_an_unknown_one_is_exit_2(
    tmp_path: Path, database_url: str
) -> None:
    db = ("--db", database_url)
    left, right = keep_both_sides(tmp_path, database_url)
    gone = gethip(tmp_path, *db, "delete-check", right["id"], "--yes")
    assert gone.returncode == 0, gone.stderr
    said = " ".join(gone.stdout.split())
    assert said.startswith("Deleted the check of ") and said.endswith("(Thomas test, right side).")
    # The other side stays, with nothing left to compare it with.
    listed = gethip_json(tmp_path, *db, "checks", "--json")
    assert listed["checks"] == [left] and listed["sides"] == []
    again = gethip(tmp_path, *db, "delete-check", right["id"], "--yes")
    assert again.returncode == 2
    assert again.stderr.strip() == f"error: no hip check with id {right['id']}"
    bad = gethip(tmp_path, *db, "delete-check", "not-an-id", "--yes")
    assert bad.returncode == 2
    assert bad.stderr.strip() == "error: a hip check id must be a UUID, not 'not-an-id'"
    assert "Traceback" not in again.stderr + bad.stderr


class Terminal(io.StringIO):
    """A runner's answer typed at a terminal: the command asks only when there is one."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "still_kept"), [("n", 2), ("y", 1)])
def test_delete_check_asks_first_in_a_terminal(
    tmp_path: Path,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    answer: str,
    still_kept: int,
) -> None:
    _, right = keep_both_sides(tmp_path, database_url)
    monkeypatch.setattr(sys, "stdin", Terminal(f"{answer}\n"))
    monkeypatch.setattr(sys, "argv", ["gethip", "--db", database_url, "delete-check", right["id"]])
    run()
    said = " ".join(capsys.readouterr().out.split())
    assert "? It cannot be undone" in said and "(Thomas test, right side)" in said
    assert ("Kept." in said) is (answer == "n")
    assert (
        len(gethip_json(tmp_path, "--db", database_url, "checks", "--json")["checks"]) == still_kept
    )
