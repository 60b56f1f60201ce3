"""The `gethip` command: a Typer app whose commands live one group per module."""

from __future__ import annotations

from typing import Annotated

import typer

from gethip.cli import (
    catalog_commands,
    check_command,
    export_commands,
    go_command,
    log_commands,
    plan_commands,
    run_commands,
    serve_command,
)
from gethip.cli.context import AppContext
from gethip.cli.output import EXIT_BAD_INPUT, EXIT_FAILURE, fail
from gethip.config import Config
from gethip.core.errors import GethipError, InvalidSettings, UnknownName

app = typer.Typer(
    name="gethip",
    help="A hip coach for runners: warm-up drills, multi-plane strength and five hip openers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL (default: SQLite in your data folder; or GETHIP_DATABASE_URL).",
        ),
    ] = None,
) -> None:
    ctx.obj = AppContext(Config.load(database_url=db))


app.command("moves")(catalog_commands.moves)
app.command("show")(catalog_commands.show)
app.command("sessions")(catalog_commands.sessions)
app.command("go")(go_command.go)
app.command("history")(log_commands.history)
app.command("stats")(log_commands.stats)
app.command("serve")(serve_command.serve)
app.command("profile")(plan_commands.profile)
app.command("plan")(plan_commands.plan)
app.command("today")(plan_commands.today)
app.command("export")(export_commands.export)
app.command("backup")(export_commands.backup)
app.command("restore")(export_commands.restore)
app.command("import")(run_commands.import_runs)
app.command("runs")(run_commands.runs)
app.command("trends")(run_commands.trends)
app.command("check")(check_command.check)


def run() -> None:
    """Entry point: user errors become one line and an exit code, never a traceback."""
    try:
        app()
    except (UnknownName, InvalidSettings) as error:
        fail(str(error), EXIT_BAD_INPUT)
    except GethipError as error:
        fail(str(error), EXIT_FAILURE)
    except KeyboardInterrupt:
        raise SystemExit(130) from None
