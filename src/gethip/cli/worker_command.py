"""`gethip worker`: runs hosted mode's queued jobs (bulk imports, reminders) on PostgreSQL."""

from __future__ import annotations

from typing import Annotated

import typer

from gethip.cli.context import AppContext


def worker(
    ctx: typer.Context,
    until_idle: Annotated[
        bool,
        typer.Option("--until-idle", help="Stop once no job is waiting (for scripts and tests)."),
    ] = False,
    concurrency: Annotated[
        int, typer.Option(min=1, max=32, help="Jobs run at once in this process.")
    ] = 1,
) -> None:
    """Run queued jobs: run imports sent to a hosted server, and push reminders when they are due."""
    from gethip.app.context import open_store
    from gethip.app.push import push_service
    from gethip.app.queue import run_worker
    from gethip.cli.output import EXIT_BAD_INPUT, EXIT_FAILURE, console, fail
    from gethip.core.errors import GethipError

    app: AppContext = ctx.obj
    config = app.config
    if not config.database_url.startswith("postgresql"):
        fail("the job queue lives in PostgreSQL: give --db postgresql://...", EXIT_BAD_INPUT)
    try:
        store = open_store(config, upgrade=False)
    except GethipError as error:
        fail(str(error), EXIT_FAILURE)
    if not until_idle:
        console.print("gethip worker is running (Ctrl+C to stop)", highlight=False)
    try:
        run_worker(
            config.database_url,
            store,
            push_service(store, config.contact),
            until_idle=until_idle,
            concurrency=concurrency,
        )
    finally:
        store.close()
