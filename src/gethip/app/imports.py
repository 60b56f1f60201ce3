"""Importing runs from files, folders and whole exports, for the terminal and the web alike."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path

from gethip.app.context import Context
from gethip.runs.archives import DEFAULT_LIMITS, Limits
from gethip.runs.importer import DecodedFile, Progress, import_paths
from gethip.runs.importer import Failure as Failure
from gethip.runs.importer import ImportSummary as ImportSummary
from gethip.store.runs import RunFile, RunRow, Runs

# What one upload from a browser may unpack to, nested archives and all: a whole
# export is a few hundred MB once unpacked, far more is a bomb, not a history.
UPLOAD_LIMITS = Limits(unpacked_bytes=1024 * 1024 * 1024)


class StoreSink:
    """Hands each decoded file to the user's runs as plain rows, named as the runner knows it."""

    def __init__(self, runs: Runs, rename: Callable[[str], str] = str) -> None:
        self.runs = runs
        self.rename = rename

    def save_file(self, decoded: DecodedFile, imported_at: datetime) -> Sequence[bool]:
        rows = tuple(RunRow(**asdict(facts)) for facts in decoded.runs)
        named = RunFile(self.rename(decoded.name), decoded.sha256, decoded.format, rows)
        return self.runs.save_file(named, imported_at)


def import_runs(
    ctx: Context,
    paths: Sequence[Path],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    rename: Callable[[str], str] = str,
    limits: Limits = DEFAULT_LIMITS,
) -> ImportSummary:
    """Import every run found under ``paths``; each run is kept once, whatever its source.

    ``rename`` turns a path as gethip read it into the name the runner gave
    (an upload's temporary folder is of no interest to them).
    """
    summary = import_paths(
        StoreSink(ctx.runs, rename),
        paths,
        ctx.now,
        workers=workers,
        progress=progress,
        limits=limits,
    )
    for position, failure in enumerate(summary.failed):
        summary.failed[position] = replace(failure, file=rename(failure.file))
    return summary
