"""Importing runs: find the files, decode them on every core, store each file on its own.

Decoding (unzipping, parsing, summarising, packing the samples) happens in a
pool of worker processes, one per core; the parent only writes to the
database, one transaction per file, as results come in. A file that cannot
be read is reported with its reason and leaves nothing behind; the others
carry on. A worker that dies (a decoder crashing on a hostile file) costs
only the files it had in hand, and those are retried one at a time so that
only the culprit is reported.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import select
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from gethip.core.instants import EARLIEST, in_range
from gethip.runs.activity import RUNNING, Activity, RunFacts, summarise
from gethip.runs.archives import (
    DEFAULT_LIMITS,
    Limits,
    Source,
    collect,
    forget_archives,
    read_source,
)
from gethip.runs.errors import NotARunFile, RunFileError
from gethip.runs.fit import is_fit, read_fit
from gethip.runs.gpx import is_gpx, read_gpx
from gethip.runs.tcx import is_tcx, read_tcx
from gethip.scratch import scratch

# Below this many files the pool's start-up costs more than it saves.
POOL_FROM_FILES = 6
# Files handed to each worker ahead of time: enough to keep it busy, few
# enough that a crash costs little and memory stays flat.
IN_FLIGHT_PER_WORKER = 8


@dataclass(frozen=True)
class Failure:
    file: str
    reason: str


@dataclass
class ImportSummary:
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: list[Failure] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "failed": [
                {"file": f.file, "reason": f.reason}
                for f in sorted(self.failed, key=lambda f: f.file)
            ],
        }


@dataclass(frozen=True)
class FileResult:
    """One file, decoded in a worker: its runs, the other sports it held, or why it failed."""

    source: Source
    sha256: str | None = None
    format: str | None = None
    runs: tuple[RunFacts, ...] = ()
    skipped: int = 0
    error: str | None = None


class Progress(Protocol):
    def start(self, total: int) -> None: ...

    def advance(self, name: str) -> None: ...


@dataclass(frozen=True)
class DecodedFile:
    """What a worker hands back for one file: its identity and the runs in it."""

    name: str
    sha256: str
    format: str
    runs: tuple[RunFacts, ...]


class RunSink(Protocol):
    """Where decoded files go (the application hands them to the store).

    ``save_file`` answers one flag per run of the file: True when the run was
    kept as new, False when it was already known.
    """

    def save_file(self, decoded: DecodedFile, imported_at: datetime) -> Sequence[bool]: ...


def import_paths(
    runs: RunSink,
    paths: Sequence[Path],
    imported_at: datetime,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ImportSummary:
    summary = ImportSummary()
    with scratch("import") as work:
        found = collect(paths, work, limits)
        summary.skipped += found.skipped
        summary.failed += [Failure(p.name, p.reason) for p in found.problems]
        if progress is not None:
            progress.start(len(found.sources))
        results = decode_all(found.sources, workers, limits)
        try:
            for result in results:
                if progress is not None:
                    progress.advance(result.source.name)
                summary.skipped += result.skipped
                if result.error is not None:
                    summary.failed.append(Failure(result.source.name, result.error))
                    continue
                if not result.runs:
                    continue
                undated = _out_of_range(result.runs, imported_at)
                if undated is not None:
                    summary.failed.append(Failure(result.source.name, undated))
                    continue
                assert result.sha256 is not None and result.format is not None
                outcomes = runs.save_file(
                    DecodedFile(result.source.name, result.sha256, result.format, result.runs),
                    imported_at,
                )
                for kept in outcomes:
                    if kept:
                        summary.imported += 1
                    else:
                        summary.duplicates += 1
        finally:
            results.close()  # stops the workers at once if storing failed
            forget_archives()
    return summary


def _out_of_range(runs: Sequence[RunFacts], now: datetime) -> str | None:
    """Why a file's runs cannot be kept because of their dates, if so.

    A watch whose clock was never set records runs in 1989 or 2089; such a run
    would stretch every weekly chart over decades, so the file is refused.
    """
    for run in runs:
        if not in_range(run.start, now):
            return (
                f"it says the run was on {run.start.date()}, outside {EARLIEST.year} to today: "
                "the device's clock was probably not set"
            )
    return None


def decode_all(
    sources: Sequence[Source], workers: int | None = None, limits: Limits = DEFAULT_LIMITS
) -> Generator[FileResult, None, None]:
    """Each source's result, in the order they finish (in source order when not parallel)."""
    count = workers if workers is not None else (os.cpu_count() or 1)
    pool = None
    if count > 1 and len(sources) >= POOL_FROM_FILES:
        pool = _working_pool(min(count, len(sources)))
    if pool is None:
        for source in sources:
            yield decode_source(source, limits)
        return
    yield from _decode_in_pool(pool, sources, min(count, len(sources)), limits)


def _decode_in_pool(
    pool: ProcessPoolExecutor, sources: Sequence[Source], workers: int, limits: Limits
) -> Iterator[FileResult]:
    pending = list(reversed(sources))
    in_flight: dict[Future[FileResult], Source] = {}
    try:
        while pending or in_flight:
            broken: list[Source] = []
            while pending and len(in_flight) < workers * IN_FLIGHT_PER_WORKER:
                source = pending.pop()
                try:
                    in_flight[pool.submit(decode_source, source, limits)] = source
                except BrokenProcessPool:
                    broken.append(source)
                    break
            if in_flight and not broken:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    source = in_flight.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken.append(source)
                    else:
                        yield result
            if broken:
                # A worker died, and every file in flight died with it. Retry
                # those alone, each in a fresh process, to find the culprit.
                broken += in_flight.values()
                in_flight.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                for source in broken:
                    yield _decode_alone(source, limits)
                pool = _pool(workers)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _decode_alone(source: Source, limits: Limits) -> FileResult:
    with _pool(1) as single:
        try:
            return single.submit(decode_source, source, limits).result()
        except BrokenProcessPool:
            return FileResult(source, error="the decoder crashed on this file")


def _working_pool(workers: int) -> ProcessPoolExecutor | None:
    """A pool whose workers have started, or None where worker processes cannot run."""
    pool = _pool(workers)
    try:
        pool.submit(os.getpid).result(timeout=60)
    except Exception:
        pool.shutdown(wait=False, cancel_futures=True)
        return None
    return pool


def _pool(workers: int) -> ProcessPoolExecutor:
    # Fork-server workers start from a clean process: no database
    # connections, no progress-bar thread inherited from the parent.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["gethip.runs.importer"])
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_end_with, initargs=(os.getpid(),)
    )


def _end_with(importer: int) -> None:
    """A worker outlives nothing: when the importing process dies, even by kill -9, so does it.

    Its parent is the fork server, not the importer, and each worker holds the
    ends of pipes that would otherwise keep it and the fork server waiting for
    ever; so it watches the importer itself. Once the workers are gone the fork
    server and the resource tracker see their pipes close, and end too.
    """
    import threading

    def watch() -> None:
        try:
            handle = os.pidfd_open(importer)
        except (AttributeError, OSError):
            handle = None
        if handle is not None:
            select.select([handle], [], [])  # readable once the process has exited
            os._exit(1)
        while True:  # without pidfd: look every second
            try:
                os.kill(importer, 0)
            except ProcessLookupError:
                os._exit(1)
            time.sleep(1.0)

    threading.Thread(target=watch, name="end-with-importer", daemon=True).start()


# --- in the worker -----------------------------------------------------------------------------

Reader = Callable[[bytes], list[Activity]]
READERS: tuple[tuple[str, Callable[[bytes], bool], Reader], ...] = (
    ("fit", is_fit, read_fit),
    ("tcx", is_tcx, read_tcx),
    ("gpx", is_gpx, read_gpx),
)


def decode_source(source: Source, limits: Limits = DEFAULT_LIMITS) -> FileResult:
    """Read, check and summarise one file; every failure comes back as a reason, never raised."""
    try:
        data = read_source(source, limits)
        digest = hashlib.sha256(data).hexdigest()
        fmt, reader = _reader(data)
        activities = reader(data)
    except RunFileError as error:
        return FileResult(source, error=str(error))
    except MemoryError:
        return FileResult(source, error="too large to read in the memory available")
    except Exception as error:  # a bug, not the file's fault: report it, keep importing
        return FileResult(
            source, error=f"unexpected error, please report it: {type(error).__name__}: {error}"
        )
    runs = []
    skipped = 0
    for activity in activities:
        if _is_run(activity, source.sport_hint):
            try:
                runs.append(summarise(_as_run(activity)))
            except Exception as error:
                return FileResult(
                    source,
                    error=f"unexpected error, please report it: {type(error).__name__}: {error}",
                )
        else:
            skipped += 1
    return FileResult(source, sha256=digest, format=fmt, runs=tuple(runs), skipped=skipped)


def _reader(data: bytes) -> tuple[str, Reader]:
    for name, sniff, reader in READERS:
        if sniff(data):
            return name, reader
    raise NotARunFile(_looks_like(data))


def _looks_like(data: bytes) -> str | None:
    head = data[:64].lstrip()
    for magic, what in (
        (b"PK\x03\x04", "a zip archive"),
        (b"\x1f\x8b", "gzip data"),
        (b"%PDF", "a PDF"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"<?xml", "XML of another kind"),
        (b"<", "markup of another kind"),
    ):
        if head.startswith(magic):
            return what
    if not data:
        return "an empty file"
    return None


def _is_run(activity: Activity, hint: str | None) -> bool:
    if activity.sport in ("unknown", "generic"):
        # GPX and TCX often do not name the sport. Strava's index does; without
        # it, a file handed to a running coach is taken to be a run.
        return hint in (None, "running")
    return activity.is_run


def _as_run(activity: Activity) -> Activity:
    return activity if activity.sport == RUNNING else replace(activity, sport=RUNNING)
