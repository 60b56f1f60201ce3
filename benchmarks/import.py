"""Import 1,000 generated 45-minute runs into a fresh SQLite database, beside fitparse alone.

    .venv/bin/python benchmarks/import.py            # 1,000 files (generated once, then cached)
    .venv/bin/python benchmarks/import.py --quick    # 100 files

The files are FIT activities written by fit-tool (1 Hz records with speed,
cadence, position, altitude), cached under /tmp so only the first run pays
for making them. gethip's figure counts the whole import: opening a fresh
database, finding the files, decoding them on every core, summarising,
packing the samples, deduplicating and committing one transaction per file.
fitparse's figure is decoding alone (records and session values, nothing
stored), in one process as the library runs and, to be fair to it, on every
core as well. Same files, same run, same machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CACHE = Path(tempfile.gettempdir()) / "gethip-bench" / "runs-45min-v1"
TARGET, AIM = 5.0, 10.0


def make_one(index: int) -> None:
    from tests.runs.factories import RunSpec, fit_bytes, simulate

    path = CACHE / f"run-{index:04d}.fit"
    if path.exists():
        return
    spec = RunSpec(
        start=datetime(2023, 1, 2, 6, 30, tzinfo=UTC) + timedelta(days=index, minutes=index % 50),
        minutes=45,
        speed=2.7 + (index % 13) * 0.05,
        step_length=0.95 + (index % 7) * 0.01,
        device_step_length=index % 3 == 0,
        pause_seconds=60 if index % 4 == 0 else 0,
        seed=index,
    )
    partial = path.with_suffix(".part")
    partial.write_bytes(fit_bytes(simulate(spec)))
    partial.rename(path)


def ensure_files(count: int) -> list[Path]:
    CACHE.mkdir(parents=True, exist_ok=True)
    missing = [i for i in range(count) if not (CACHE / f"run-{i:04d}.fit").exists()]
    if missing:
        print(f"generating {len(missing)} runs into {CACHE} (once) ...", flush=True)
        started = time.perf_counter()
        with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
            list(pool.map(make_one, missing, chunksize=4))
        print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
    return [CACHE / f"run-{i:04d}.fit" for i in range(count)]


def fitparse_one(path: Path) -> int:
    import fitparse

    fit = fitparse.FitFile(str(path))
    count = 0
    for message in fit.get_messages(["record", "session", "activity"]):
        message.get_values()
        count += 1
    return count


def time_fitparse(files: list[Path], workers: int) -> float:
    started = time.perf_counter()
    if workers == 1:
        for path in files:
            fitparse_one(path)
    else:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(fitparse_one, files, chunksize=2))
    return time.perf_counter() - started


def time_gethip(files: list[Path], workers: int | None) -> tuple[float, object]:
    from gethip.app.clock import SystemClock
    from gethip.app.context import context_for, open_store
    from gethip.app.imports import import_runs
    from gethip.config import Config

    with tempfile.TemporaryDirectory(prefix="gethip-bench-db-") as folder:
        started = time.perf_counter()
        store = open_store(Config.load(database_url=f"sqlite:///{Path(folder) / 'gethip.db'}"))
        context = context_for(store, store.local_user(), SystemClock())
        summary = import_runs(context, files, workers=workers)
        elapsed = time.perf_counter() - started
        store.close()
    return elapsed, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 files instead of 1,000")
    parser.add_argument("--files", type=int, help="how many files (default 1,000)")
    parser.add_argument(
        "--fitparse-share",
        type=int,
        default=5,
        help="fitparse decodes every Nth of the same files (default 5; 1 = all, ~8 min)",
    )
    args = parser.parse_args()
    count = args.files or (100 if args.quick else 1000)
    files = ensure_files(count)
    sample = files[:: max(args.fitparse_share, 1)]
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    sample_mb = sum(p.stat().st_size for p in sample) / 1e6
    cores = os.cpu_count() or 1

    seconds, summary = time_gethip(files, None)
    fp_one = time_fitparse(sample, 1)
    fp_all = time_fitparse(sample, cores)

    ours = len(files) / seconds
    base_one = len(sample) / fp_one
    base_all = len(sample) / fp_all
    print(f"\n{len(files)} FIT files of 45-minute runs, {megabytes:.1f} MB, {cores} cores")
    print(f"{'':44} {'files/s':>9} {'MB/s':>7}")
    print(f"{'gethip import, whole (fresh SQLite)':44} {ours:9.1f} {megabytes / seconds:7.2f}")
    print(f"   {summary}")
    print(
        f"{f'fitparse decode only, 1 process ({len(sample)} files)':44} "
        f"{base_one:9.2f} {sample_mb / fp_one:7.2f}"
    )
    print(
        f"{f'fitparse decode only, {cores} processes ({len(sample)} files)':44} "
        f"{base_all:9.2f} {sample_mb / fp_all:7.2f}"
    )
    ratio = ours / base_one
    print(
        f"\nratio: {ratio:.1f}x fitparse alone ({ours / base_all:.1f}x fitparse on every core); "
        f"target {TARGET:g}x, aim {AIM:g}x: {'met' if ratio >= TARGET else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
