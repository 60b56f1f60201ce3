"""Queued work as its owner sees it: status, progress and result, and the files an import waits on.

``Jobs`` is opened for one user and answers only about that user's jobs.
The worker, which runs everyone's jobs, uses the module's functions by job id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update

from gethip.store.database import Store
from gethip.store.job_models import Job, JobFile

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


@dataclass(frozen=True)
class JobRow:
    id: int
    user_id: int
    kind: str
    status: str
    done: int
    total: int | None
    result: dict[str, Any] | None
    created_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True)
class StoredFile:
    name: str
    suffix: str
    data: bytes


def _row(job: Job) -> JobRow:
    return JobRow(
        job.id,
        job.user_id,
        job.kind,
        job.status,
        job.done,
        job.total,
        job.result,
        job.created_at,
        job.finished_at,
    )


class Jobs:
    def __init__(self, store: Store, user_id: int) -> None:
        self.store = store
        self.user_id = user_id

    def create(self, kind: str, files: Sequence[StoredFile], now: datetime) -> JobRow:
        with self.store.transaction() as db:
            job = Job(user_id=self.user_id, kind=kind, status=QUEUED, done=0, created_at=now)
            db.add(job)
            db.flush()
            for file in files:
                db.add(JobFile(job_id=job.id, name=file.name, suffix=file.suffix, data=file.data))
            db.flush()
            return _row(job)

    def get(self, job_id: int) -> JobRow | None:
        with self.store.transaction() as db:
            job = db.scalar(select(Job).where(Job.id == job_id, Job.user_id == self.user_id))
            return None if job is None else _row(job)


# --- the worker's side: any user's job, by its id ---------------------------------------------


def job(store: Store, job_id: int) -> JobRow | None:
    with store.transaction() as db:
        found = db.get(Job, job_id)
        return None if found is None else _row(found)


def files(store: Store, job_id: int) -> list[StoredFile]:
    with store.transaction() as db:
        rows = db.scalars(select(JobFile).where(JobFile.job_id == job_id).order_by(JobFile.id))
        return [StoredFile(row.name, row.suffix, row.data) for row in rows]


def progress(store: Store, job_id: int, status: str, done: int, total: int | None) -> None:
    with store.transaction() as db:
        db.execute(
            update(Job).where(Job.id == job_id).values(status=status, done=done, total=total)
        )


def finish(store: Store, job_id: int, status: str, result: dict[str, Any], now: datetime) -> None:
    """The job's outcome kept, and its files dropped: they were only ever waiting for it."""
    with store.transaction() as db:
        db.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(status=status, result=result, finished_at=now)
        )
        db.execute(delete(JobFile).where(JobFile.job_id == job_id))
