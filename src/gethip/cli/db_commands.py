"""`gethip db upgrade`: migrating the database is a step of its own."""

from __future__ import annotations

import typer

db = typer.Typer(help="The database: bring its schema up to date.", no_args_is_help=True)


@db.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Migrate the database to this gethip's schema (safe to run at any time, and at once)."""
    from gethip.app.maintenance import upgrade_database
    from gethip.cli.output import console

    revision, where = upgrade_database(ctx.obj.config)
    console.print(
        f"The database at {where} is up to date (schema {revision}).",
        highlight=False,
        soft_wrap=True,
    )
