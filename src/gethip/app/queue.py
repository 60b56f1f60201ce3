"""The job queue: Procrastinate on the PostgreSQL gethip already has, so a club runs no broker.

Its schema comes with gethip's own migrations (`gethip db upgrade`). The
web defers jobs through a small synchronous connection pool; `gethip worker`
runs them, with the store handed to each task in its context. Reminders are
a periodic task: every minute the worker sends the ones that are due.
"""

from __future__ import annotations

from typing import Any

import procrastinate

from gethip.app.clock import SystemClock

NAMESPACE = "gethip"
IMPORT_TASK = f"{NAMESPACE}:import_runs"
REMINDERS_TASK = f"{NAMESPACE}:send_reminders"

tasks = procrastinate.Blueprint()


@tasks.task(name="import_runs", pass_context=True)
def import_runs_task(context: procrastinate.JobContext, job_id: int) -> None:
    from gethip.app.jobs import run_import

    found = context.additional_context
    run_import(found["store"], job_id, found["clock"])


@tasks.periodic(cron="* * * * *", periodic_id="reminders")
@tasks.task(name="send_reminders", pass_context=True, queueing_lock="reminders")
def send_reminders_task(context: procrastinate.JobContext, timestamp: int) -> None:
    from gethip.app.reminders import send_due

    found = context.additional_context
    send_due(found["store"], found["clock"], found["push"])


def conninfo(database_url: str) -> str:
    """libpq's form of SQLAlchemy's URL: the same database, without the driver's name."""
    return database_url.replace("postgresql+psycopg://", "postgresql://", 1)


def deferring_app(database_url: str) -> procrastinate.App:
    """For the web: defers jobs; opened with the app, closed with it."""
    connector = procrastinate.SyncPsycopgConnector(
        conninfo=conninfo(database_url), min_size=1, max_size=4
    )
    app = procrastinate.App(connector=connector)
    app.add_tasks_from(tasks, namespace=NAMESPACE)
    return app


def working_app(database_url: str) -> procrastinate.App:
    connector = procrastinate.PsycopgConnector(
        conninfo=conninfo(database_url), min_size=1, max_size=4
    )
    app = procrastinate.App(connector=connector)
    app.add_tasks_from(tasks, namespace=NAMESPACE)
    return app


def defer_import(app: procrastinate.App, job_id: int) -> None:
    app.configure_task(IMPORT_TASK).defer(job_id=job_id)


def run_worker(
    database_url: str,
    store: Any,
    push: Any,
    *,
    until_idle: bool = False,
    concurrency: int = 1,
) -> None:
    """Run jobs until stopped (or, ``until_idle``, until the queue is empty)."""
    app = working_app(database_url)
    context = {"store": store, "clock": SystemClock(), "push": push}
    # run_worker opens and closes the app itself.
    app.run_worker(
        wait=not until_idle,
        concurrency=concurrency,
        additional_context=context,
        install_signal_handlers=not until_idle,
    )
