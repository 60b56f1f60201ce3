"""Recordings from real devices and apps (shared/data/runs, with their licences beside them).

Each file's expected outcome is the one its README gives: imported, skipped
as another sport, or refused with a reason a runner can understand.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from gethip.runs.archives import Source
from gethip.runs.errors import (
    BadChecksum,
    CorruptRunFile,
    TruncatedRunFile,
    UnknownDate,
)
from gethip.runs.importer import FileResult, decode_source, import_paths
from gethip.store.database import Store
from gethip.store.runs import Runs
from tests.runs.factories import sink

# file -> (runs, other sports skipped)
IMPORTED = {
    "activity-small-fenix2-run.fit": (1, 0),
    "sample_mulitple_header.fit": (1, 4),
    "developer-types-sample.fit": (1, 0),
    "2013-02-06-12-11-14.fit": (1, 0),
    "garmin-fenix-5-run.fit": (1, 0),
    "runpandas__run.fit": (1, 0),
    "tormoder-fit__mornindew-broken.fit": (1, 0),
    "muktihari-fit__triathlon_summary_first.fit": (1, 4),
    "runpandas__stopped_example.gpx": (1, 0),
    "runpandas__stopped_example.tcx": (1, 0),
    "runpandas__nike_run.gpx": (1, 0),
    "togeojson__run.gpx": (1, 0),
    "runpandas__run_garmin.tcx": (1, 0),
    "runpandas__2020-12-16T05_44_18-300_Running.tcx": (1, 0),
}
SKIPPED = [
    "garmin-fenix-5-walk.fit",
    "garmin-fenix-5-bike.fit",
    "2015-10-13-08-43-15.fit",
    "event_timestamp.fit",
    "sweatpy__4801048867.fit",
    "fitdecode__20170518-191602-1740899583.fit",
]
REFUSED = {
    "activity-unexpected-eof.fit": str(TruncatedRunFile()),
    "derived__runpandas__run-truncated.fit": str(TruncatedRunFile()),
    "fitdecode__activity-settings-nodata.fit": str(TruncatedRunFile()),
    "activity-filecrc.fit": str(BadChecksum()),
    "fitdecode__activity-activity-filecrc.fit": str(BadChecksum()),
    "activity-settings-corruptheader.fit": str(
        CorruptRunFile("a FIT header part-way through the file is broken")
    ),
    # Both allowed "refused with a clear reason": no wall-clock date, or a
    # record that refers to a message layout never defined.
    "compressed-speed-distance.fit": str(UnknownDate()),
    "fitdecode__antfs-dump.63.fit": str(UnknownDate()),
    "strava-android-app-201.10-b1218918.fit": str(
        CorruptRunFile("a record uses a message layout the file never defined")
    ),
    "togeojson__bad.gpx": "the file is damaged: a track point's coordinate is not a number: 'undefined'",
    "runpandas__malformed.tcx": "not a FIT, GPX or TCX file (it looks like XML of another kind)",
}


def decode(folder: Path, name: str) -> FileResult:
    return decode_source(Source(name=name, path=str(folder / name)))


def test_every_sample_file_has_an_expected_outcome(real_runs: Path) -> None:
    files = {p.name for p in real_runs.iterdir() if p.suffix in {".fit", ".gpx", ".tcx"}}
    assert files == set(IMPORTED) | set(SKIPPED) | set(REFUSED)


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_real_run_files_are_imported(real_runs: Path, name: str) -> None:
    result = decode(real_runs, name)
    assert result.error is None
    assert (len(result.runs), result.skipped) == IMPORTED[name]
    run = result.runs[0]
    assert run.sport == "running"
    assert run.elapsed_s > 0
    assert run.start.tzinfo is not None and run.start.year >= 2012


@pytest.mark.parametrize("name", SKIPPED)
def test_other_sports_are_skipped_not_failed(real_runs: Path, name: str) -> None:
    result = decode(real_runs, name)
    assert result.error is None
    assert result.runs == ()
    assert result.skipped == 1


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_broken_files_are_refused_with_their_reason(real_runs: Path, name: str) -> None:
    result = decode(real_runs, name)
    assert result.error == REFUSED[name]
    assert result.runs == ()


@pytest.mark.parametrize(
    ("name", "km", "minutes", "cadence", "step"),
    [
        ("activity-small-fenix2-run.fit", 9.0, 47, 162.0, None),
        ("garmin-fenix-5-run.fit", 0.158, 0.95, None, 0.972),
        ("tormoder-fit__mornindew-broken.fit", 16.8, None, None, 0.873),
    ],
)
def test_real_runs_keep_the_figures_the_watch_recorded(
    real_runs: Path,
    name: str,
    km: float,
    minutes: float | None,
    cadence: float | None,
    step: float | None,
) -> None:
    run = decode(real_runs, name).runs[0]
    assert run.distance_m is not None and run.distance_m / 1000 == pytest.approx(km, rel=0.01)
    if minutes is not None:
        assert run.elapsed_s / 60 == pytest.approx(minutes, rel=0.02)
    if cadence is not None:
        assert run.cadence_spm == pytest.approx(cadence)
    if step is not None:
        assert run.step_length_from_device
        assert run.step_length_m == pytest.approx(step, abs=0.001)


def test_the_triathlon_run_leg_is_the_last_one(real_runs: Path) -> None:
    [run] = decode(real_runs, "sample_mulitple_header.fit").runs
    assert run.distance_m == pytest.approx(9805.92)
    assert run.step_length_m == pytest.approx(1.238)
    assert run.elapsed_s / 60 == pytest.approx(47.5, abs=0.5)


def test_long_pauses_separate_moving_from_elapsed_time(real_runs: Path) -> None:
    run = decode(real_runs, "tormoder-fit__mornindew-broken.fit").runs[0]
    assert run.moving_s is not None
    assert run.elapsed_s - run.moving_s > 20 * 60


def test_a_run_without_distance_has_none_rather_than_an_invented_one(real_runs: Path) -> None:
    """The Nike export has no cadence: no cadence and no step length are made up."""
    run = decode(real_runs, "runpandas__nike_run.gpx").runs[0]
    assert run.cadence_spm is None
    assert run.step_length_m is None
    assert run.distance_m == pytest.approx(8250, rel=0.02)


def test_the_whole_folder_imports_once_and_keeps_the_gpx_tcx_twins_as_one(
    real_runs: Path, tmp_path: Path
) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'g.db'}")
    try:
        summary = import_paths(sink(store), [real_runs], datetime(2026, 11, 1, tzinfo=UTC))
        assert summary.imported == len(IMPORTED) - 1
        assert summary.duplicates == 1
        assert summary.skipped == len(SKIPPED) + 8  # and the two triathlons' other legs
        assert {f.file.rsplit("/", 1)[-1] for f in summary.failed} == set(REFUSED)
        again = import_paths(sink(store), [real_runs], datetime(2026, 11, 2, tzinfo=UTC))
        assert (again.imported, again.duplicates) == (0, len(IMPORTED))
        assert Runs(store, store.local_user()).count() == len(IMPORTED) - 1
    finally:
        store.close()
