"""The importer with a real store (SQLite and PostgreSQL): each run kept once, files atomic."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select

from gethip.runs.activity import unpack_samples
from gethip.runs.archives import Source
from gethip.runs.importer import decode_all, import_paths
from gethip.store.database import Store
from gethip.store.run_models import Run
from gethip.store.runs import Runs
from tests.runs.conftest import RunFiles
from tests.runs.factories import RunSpec, fit_bytes, simulate, sink, write_run

WHEN = datetime(2026, 11, 1, tzinfo=UTC)


def _write(folder: Path, files: RunFiles, *formats: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in formats:
        path = folder / f"run.{fmt}"
        path.write_bytes(getattr(files, fmt))
        paths.append(path)
    return paths


def _rows(store: Store) -> list[dict[str, Any]]:
    with store.transaction() as db:
        rows = db.scalars(select(Run).order_by(Run.id)).all()
        return [
            {c.name: getattr(row, c.name) for c in Run.__table__.columns if c.name != "imported_at"}
            for row in rows
        ]


def test_one_run_from_a_watch_strava_and_garmin_is_kept_once_as_the_richest_copy(
    store: Store, morning_run: RunFiles, tmp_path: Path
) -> None:
    paths = _write(tmp_path / "in", morning_run, "gpx", "tcx", "fit")
    summary = import_paths(sink(store), paths, WHEN, workers=1)
    assert (summary.imported, summary.duplicates, summary.failed) == (1, 2, [])
    [kept] = Runs(store, store.local_user()).summaries()
    # The FIT has the device's step length and exact cadence: it wins whatever came first.
    assert kept.source.endswith("run.fit")
    assert kept.start == "2026-03-02T07:30:00+01:00"


@pytest.mark.parametrize("order", [("gpx", "fit"), ("fit", "gpx")])
def test_which_copy_is_kept_does_not_depend_on_the_import_order(
    tmp_path: Path, morning_run: RunFiles, order: tuple[str, str]
) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'g.db'}")
    for fmt in order:
        import_paths(sink(store), _write(tmp_path / "in", morning_run, fmt), WHEN, workers=1)
    [row] = _rows(store)
    assert row["source_format"] == "fit"
    assert row["step_length_from_device"]


def test_importing_the_same_files_again_changes_nothing(
    store: Store, morning_run: RunFiles, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    _write(folder, morning_run, "fit", "gpx")
    write_run(
        folder, "other", RunSpec(start=datetime(2026, 3, 4, 7, tzinfo=UTC), minutes=6, seed=2)
    )
    first = import_paths(sink(store), [folder], WHEN, workers=1)
    before = _rows(store)
    second = import_paths(sink(store), [folder], WHEN + timedelta(days=1), workers=1)
    assert (first.imported, first.duplicates) == (2, 1)
    assert (second.imported, second.duplicates) == (0, 3)
    assert _rows(store) == before


def test_a_file_is_stored_whole_or_not_at_all(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = simulate(RunSpec(minutes=4, seed=31))
    second = simulate(RunSpec(minutes=4, seed=32, start=first.spec.start + timedelta(minutes=10)))
    path = tmp_path / "two-runs.fit"
    path.write_bytes(fit_bytes(first) + fit_bytes(second))
    original = Runs._save_run

    def fail_on_second_leg(self: Runs, db: Any, decoded: Any, leg: int, *rest: Any) -> Any:
        if leg == 1:
            raise RuntimeError("the database went away")
        return original(self, db, decoded, leg, *rest)

    monkeypatch.setattr(Runs, "_save_run", fail_on_second_leg)
    with pytest.raises(RuntimeError):
        import_paths(sink(store), [path], WHEN, workers=1)
    assert Runs(store, store.local_user()).count() == 0
    monkeypatch.undo()
    summary = import_paths(sink(store), [path], WHEN, workers=1)
    assert summary.imported == 2


def test_runs_close_in_time_are_the_same_run_only_when_they_also_last_as_long(
    tmp_path: Path,
) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'g.db'}")
    base = datetime(2026, 5, 1, 7, tzinfo=UTC)
    folder = tmp_path / "in"
    write_run(folder, "a", RunSpec(start=base, minutes=6, seed=1))
    # Another device, five seconds later, same run: a duplicate.
    write_run(folder, "b", RunSpec(start=base + timedelta(seconds=5), minutes=6, seed=2), "tcx")
    # Half a minute later: another run (a second runner on the same account, say).
    write_run(folder, "c", RunSpec(start=base + timedelta(seconds=30), minutes=6, seed=3))
    # Same start, three times as long: not the same run.
    write_run(folder, "d", RunSpec(start=base + timedelta(seconds=2), minutes=18, seed=4))
    summary = import_paths(sink(store), [folder], WHEN, workers=1)
    assert (summary.imported, summary.duplicates) == (3, 1)


def test_the_pool_decodes_exactly_what_a_single_process_does(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    start = datetime(2026, 4, 1, 7, tzinfo=UTC)
    for i in range(7):
        write_run(folder, f"r{i}", RunSpec(start=start + timedelta(days=i), minutes=3, seed=i))
    (folder / "broken.fit").write_bytes(b"\x0e\x10" + bytes(30))
    sources = [Source(name=p.name, path=str(p)) for p in sorted(folder.iterdir())]
    alone = {r.source.name: r for r in decode_all(sources, workers=1)}
    pooled = {r.source.name: r for r in decode_all(sources, workers=2)}
    assert alone == pooled
    assert pooled["broken.fit"].error is not None


def test_stored_samples_come_back_for_the_analysis_and_runs_for_the_planner(
    store: Store, morning_run: RunFiles, tmp_path: Path
) -> None:
    import_paths(sink(store), _write(tmp_path / "in", morning_run, "fit"), WHEN, workers=1)
    [packed] = Runs(store, store.local_user()).samples()
    track = morning_run.track
    assert packed.start == track.spec.start
    _t, speed, _cadence = unpack_samples(packed.samples)
    assert np.allclose(speed, track.speed, atol=1e-3)
    [record] = Runs(store, store.local_user()).records()
    assert record.start == track.spec.start
    assert record.duration == timedelta(seconds=float(track.t[-1]))


@dataclass(frozen=True)
class CrashingSource(Source):
    """A file whose reading kills the worker process, as a decoder crash would."""

    parent_pid: int = 0

    def __getattribute__(self, name: str) -> Any:
        if name == "path" and os.getpid() != object.__getattribute__(self, "parent_pid"):
            os._exit(3)
        return object.__getattribute__(self, name)


def test_a_worker_that_dies_costs_only_the_file_that_killed_it(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    start = datetime(2026, 4, 1, 7, tzinfo=UTC)
    for i in range(7):
        write_run(folder, f"r{i}", RunSpec(start=start + timedelta(days=i), minutes=2, seed=i))
    sources: list[Source] = [Source(name=p.name, path=str(p)) for p in sorted(folder.iterdir())]
    sources.insert(3, CrashingSource(name="killer.fit", path="x", parent_pid=os.getpid()))
    results = {r.source.name: r for r in decode_all(sources, workers=2)}
    assert results["killer.fit"].error == "the decoder crashed on this file"
    assert all(results[f"r{i}.fit"].runs for i in range(7))
