"""Damaged files, made by Hypothesis: each one fails with a reason or imports, never crashes."""

from __future__ import annotations

import gzip
import io
import random
import zipfile
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gethip.runs.archives import Source
from gethip.runs.importer import FileResult, decode_source, import_paths
from gethip.store.database import Store
from gethip.store.runs import Runs
from tests.runs.factories import RunSpec, fit_bytes, gpx_bytes, simulate, sink, tcx_bytes

UNEXPECTED = "unexpected error"


@cache
def originals() -> dict[str, bytes]:
    track = simulate(RunSpec(minutes=3, seed=41))
    short = simulate(RunSpec(minutes=1, seed=42))
    fit = fit_bytes(track)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("activities/1.fit", fit)
    return {
        "run.fit": fit,
        "run.gpx": gpx_bytes(short),
        "run.tcx": tcx_bytes(short),
        "run.fit.gz": gzip.compress(fit, mtime=0),
        "export.zip": packed.getvalue(),
    }


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(originals())))
    data = bytearray(originals()[name])
    how = draw(st.sampled_from(["truncate", "flip", "splice"]))
    if how == "truncate":
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif how == "flip":
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] ^= draw(st.integers(1, 255))
    else:
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(min_size=1, max_size=64))
    return name, bytes(data)


def _decode(tmp: Path, name: str, data: bytes) -> FileResult:
    path = tmp / name
    path.write_bytes(data)
    if name.endswith(".zip"):
        source = Source(name=name, path=str(path), member="activities/1.fit")
    else:
        source = Source(name=name, path=str(path))
    return decode_source(source)


@settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=damaged())
def test_a_damaged_file_fails_with_a_reason_or_imports_and_never_crashes(
    tmp_path: Path, case: tuple[str, bytes]
) -> None:
    name, data = case
    result = _decode(tmp_path, name, data)
    if result.error is not None:
        assert not result.error.startswith(UNEXPECTED), result.error
        assert result.runs == ()
        assert "\n" not in result.error
    else:
        for run in result.runs:
            assert run.start.tzinfo is not None
            assert run.elapsed_s >= 0
            assert run.moving_s is None or 0 <= run.moving_s <= run.elapsed_s


def test_a_byte_that_makes_the_fast_decoder_panic_is_reported_as_damage(tmp_path: Path) -> None:
    # Found by fuzzing: this byte makes rustyfit divide by zero. The panic is
    # caught, fitdecode re-reads the file, and the real problem is reported.
    data = bytearray(originals()["run.fit"])
    data[2904] = 64
    result = _decode(tmp_path, "run.fit", bytes(data))
    assert result.error is not None
    assert result.error.startswith("the file is damaged: ")
    assert "invalid field size" in result.error


def test_no_good_file_is_lost_among_damaged_ones(tmp_path: Path) -> None:
    rng = random.Random(7)
    folder = tmp_path / "mixed"
    folder.mkdir()
    start = datetime(2026, 6, 1, 7, tzinfo=UTC)
    good = 6
    for i in range(good):
        track = simulate(RunSpec(start=start + timedelta(days=i), minutes=2, seed=60 + i))
        (folder / f"good-{i}.fit").write_bytes(fit_bytes(track))
    base = originals()["run.fit"]
    for i in range(30):
        data = bytearray(base)
        if i % 2:
            data = data[: rng.randrange(len(data))]
        else:
            for _ in range(rng.randint(1, 5)):
                data[rng.randrange(len(data))] ^= rng.randint(1, 255)
        (folder / f"bad-{i}.fit").write_bytes(bytes(data))
    store = Store.open(f"sqlite:///{tmp_path / 'g.db'}")
    summary = import_paths(sink(store), [folder], datetime(2026, 11, 1, tzinfo=UTC), workers=2)
    stored = {Path(s.source).name for s in Runs(store, store.local_user()).summaries()}
    assert {f"good-{i}.fit" for i in range(good)} <= stored
    assert summary.imported + summary.duplicates + len(summary.failed) == good + 30
    assert all(not f.reason.startswith(UNEXPECTED) for f in summary.failed)
