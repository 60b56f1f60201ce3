"""Work that does not belong in a request: a bulk import, queued, run by `gethip worker`, watched.

The web answers at once with the job's id; the worker imports with the same
use case as `gethip import`, writing its progress as it goes, and keeps the
import's summary (the CLI's own JSON) as the job's result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gethip.app.clock import Clock, FixedClock
from gethip.app.context import Context, Store, context_for
from gethip.app.errors import NotFound
from gethip.store import jobs as rows
from gethip.store.jobs import DONE, FAILED, RUNNING, JobRow, Jobs
from gethip.store.jobs import StoredFile as StoredFile

IMPORT = "import"


@dataclass(frozen=True)
class JobView:
    id: int
    kind: str
    status: str
    progress: dict[str, int | None]
    result: dict[str, Any] | None
    created_at: datetime
    finished_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "progress": self.progress,
            "result": self.result,
            "created_at": self.created_at.isoformat(),
            "finished_at": None if self.finished_at is None else self.finished_at.isoformat(),
        }


def _view(row: JobRow) -> JobView:
    return JobView(
        row.id,
        row.kind,
        row.status,
        {"done": row.done, "total": row.total},
        row.result,
        row.created_at,
        row.finished_at,
    )


def queue_import(
    ctx: Context, files: Sequence[StoredFile], defer: Callable[[int], None]
) -> JobView:
    """Keep the files with a new job and hand its id to the queue (``defer``)."""
    made = Jobs(ctx.store, ctx.user).create(IMPORT, files, ctx.now)
    defer(made.id)
    return _view(made)


def job(ctx: Context, job_id: int) -> JobView:
    found = Jobs(ctx.store, ctx.user).get(job_id)
    if found is None:
        raise NotFound("no job of yours at this address")
    return _view(found)


class _Progress:
    """The importer's progress, written where the runner's page can read it."""

    def __init__(self, store: Store, job_id: int) -> None:
        self.store, self.job_id = store, job_id
        self.total: int | None = None
        self.done = 0

    def start(self, total: int) -> None:
        self.total = total
        rows.progress(self.store, self.job_id, RUNNING, 0, total)

    def advance(self, name: str) -> None:
        self.done += 1
        rows.progress(self.store, self.job_id, RUNNING, self.done, self.total)


def run_import(store: Store, job_id: int, clock: Clock) -> dict[str, Any] | None:
    """The worker's half: import a queued job's files as its owner, and keep the summary."""
    from gethip.app.imports import UPLOAD_LIMITS, import_runs
    from gethip.scratch import scratch

    found = rows.job(store, job_id)
    if found is None or found.status in (DONE, FAILED):
        return None  # gone, or already run (a retried job runs once)
    ctx = context_for(store, found.user_id, FixedClock(clock.now()))
    stored = rows.files(store, job_id)
    with scratch("job") as work:
        paths, names = [], {}
        for position, file in enumerate(stored):
            path = work / f"{position}{file.suffix}"
            path.write_bytes(file.data)
            paths.append(path)
            names[str(path)] = file.name

        def rename(path: str) -> str:
            for kept, shown in names.items():
                if path == kept or path.startswith(kept + "/"):
                    return shown + path[len(kept) :]
            return path

        try:
            # Files from the web: the same limits on what an archive may unpack to.
            summary = import_runs(
                ctx,
                paths,
                workers=1,
                progress=_Progress(store, job_id),
                rename=rename,
                limits=UPLOAD_LIMITS,
            )
        except Exception:
            rows.finish(
                store, job_id, FAILED, {"error": "the import failed on our side"}, clock.now()
            )
            raise
    result = summary.to_json()
    rows.finish(store, job_id, DONE, result, clock.now())
    return result
