"""Run files generated once per test session: encoding a FIT run takes a moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.runs.factories import RunSpec, Track, fit_bytes, gpx_bytes, simulate, tcx_bytes

# Copied from the shared data folder with their licences, so a clean clone tests them too.
REAL_RUNS = Path(__file__).resolve().parents[1] / "data" / "real-runs"


@dataclass(frozen=True)
class RunFiles:
    """One simulated run written in every format."""

    track: Track
    fit: bytes
    gpx: bytes
    tcx: bytes


@pytest.fixture(scope="session")
def morning_run() -> RunFiles:
    spec = RunSpec(
        start=datetime(2026, 3, 2, 6, 30, tzinfo=UTC),
        minutes=20,
        pause_seconds=90,
        device_step_length=True,
        utc_offset_minutes=60,
        seed=11,
    )
    track = simulate(spec)
    return RunFiles(track, fit_bytes(track), gpx_bytes(track), tcx_bytes(track))


@pytest.fixture(scope="session")
def real_runs() -> Path:
    if not REAL_RUNS.is_dir():
        pytest.skip(f"the real sample files are not at {REAL_RUNS}")
    return REAL_RUNS
