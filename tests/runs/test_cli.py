"""`gethip import`, `gethip runs` and `gethip trends` as a runner types them: shapes and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.runner import gethip, gethip_json
from tests.runs.factories import lengthening_runner, write_run

RUN_KEYS = {
    "id",
    "start",
    "sport",
    "sub_sport",
    "elapsed_s",
    "moving_s",
    "distance_m",
    "pace_s_per_km",
    "cadence_spm",
    "step_length_m",
    "ascent_m",
    "source",
    "sha256",
}


@pytest.fixture(scope="module")
def runner_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A month of a runner whose stride lengthens, as FIT files, plus one broken file."""
    folder = tmp_path_factory.mktemp("runner")
    for i, spec in enumerate(lengthening_runner(weeks=4, cm_per_week=1.5, minutes=6)):
        write_run(folder, f"run-{i:02d}", spec)
    (folder / "broken.fit").write_bytes(b"\x0e\x10\x00\x00" + bytes(40))
    return folder


def test_import_then_runs_then_trends_as_a_runner_would(
    tmp_path: Path, runner_folder: Path
) -> None:
    missing = tmp_path / "nowhere"
    result = gethip(tmp_path, "import", str(runner_folder), str(missing), "--json")
    assert result.returncode == 1, result.stderr  # some files failed
    summary = json.loads(result.stdout)
    assert set(summary) == {"imported", "duplicates", "skipped", "failed"}
    assert (summary["imported"], summary["duplicates"], summary["skipped"]) == (12, 0, 0)
    assert summary["failed"] == [
        {"file": str(runner_folder / "broken.fit"), "reason": "not a FIT, GPX or TCX file"},
        {"file": str(missing), "reason": "no such file or folder"},
    ]

    again = gethip(tmp_path, "import", str(runner_folder / "run-00.fit"))
    assert again.returncode == 0, again.stderr
    assert "0 imported · 1 duplicates · 0 skipped (not runs) · 0 failed" in again.stdout

    runs = gethip_json(tmp_path, "runs", "--json")
    assert len(runs) == 12
    assert all(set(run) == RUN_KEYS for run in runs)
    newest = runs[0]
    assert newest["sport"] == "running"
    assert newest["start"].endswith("+01:00")  # the watch said it was in UTC+1
    assert 150 < newest["cadence_spm"] < 200
    assert newest["pace_s_per_km"] == pytest.approx(
        newest["moving_s"] / (newest["distance_m"] / 1000), abs=0.1
    )

    plot = tmp_path / "trend.png"
    report = gethip_json(tmp_path, "trends", "--json", "--plot", str(plot))
    assert report["verdict"] == "longer"
    assert report["trend"]["cm_per_week"] > 0
    assert {"weeks", "runs", "caveat", "message", "reference_pace_s_per_km"} <= set(report)
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_empty_history_says_how_to_start_and_claims_nothing(tmp_path: Path) -> None:
    runs = gethip(tmp_path, "runs")
    assert runs.returncode == 0
    assert "gethip import" in runs.stdout
    trends = gethip(tmp_path, "trends")
    assert trends.returncode == 0
    assert "Not enough data for a trend" in trends.stdout
    assert "cannot tell what caused" in " ".join(trends.stdout.split())


def test_a_plot_that_cannot_be_written_is_one_clear_line(tmp_path: Path) -> None:
    result = gethip(tmp_path, "trends", "--plot", str(tmp_path / "no" / "such" / "dir" / "t.png"))
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot write the plot")
    assert "Traceback" not in result.stderr
