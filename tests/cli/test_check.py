"""`gethip check --landmarks FILE`: a recorded hip check read again, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
