"""The `gethip` command: a Typer app whose commands live one group per module."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from gethip.cli import (
    catalog_commands,
    check_command,
    db_commands,
    export_commands,
    go_command,
    log_commands,
    plan_commands,
    run_commands,
    serve_command,
    worker_command,
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
app.command("delete")(log_commands.delete)
app.command("serve")(serve_command.serve)
app.command("profile")(plan_commands.profile)
app.command("plan")(plan_commands.plan)
app.command("today")(plan_commands.today)
app.command("export")(export_commands.export)
app.command("backup")(export_commands.backup)
app.command("restore")(export_commands.restore)
app.command("import")(run_commands.import_runs)
app.command("runs")(run_commands.runs)
app.command("delete-run")(run_commands.delete_run)
app.command("trends")(run_commands.trends)
app.add_typer(db_commands.db, name="db")
app.command("check")(check_command.check)
app.command("checks")(check_command.checks)
app.command("delete-check")(check_command.delete_check)
app.command("worker")(worker_command.worker)

# Typer words a bad option "Invalid value for '--pain': Input should be less than or equal to 10".
_INVALID = re.compile(r"^Invalid value for (?P<option>.+?): (?P<problem>.*)$", re.DOTALL)
_PLAIN = (
    ("Input should be less than or equal to ", "must be at most "),
    ("Input should be greater than or equal to ", "must be at least "),
    ("Input should be less than ", "must be less than "),
    ("Input should be greater than ", "must be more than "),
    (
        "Input should be a valid integer, unable to parse string as an integer",
        "must be a whole number",
    ),
    ("Input should be a valid number, unable to parse string as a number", "must be a number"),
    ("Input should be ", "must be "),
)


def plain_usage(message: str) -> str:
    """A bad option or argument, said as what to change: "--pain must be at most 10"."""
    match = _INVALID.match(message.strip())
    if match is None:
        return message.strip().rstrip(".")
    problem = match["problem"].strip().rstrip(".")
    for said, meant in _PLAIN:
        if problem.startswith(said):
            problem = meant + problem[len(said) :]
            break
    else:
        problem = f"is wrong: {problem}"
    return f"{match['option'].replace(chr(39), '')} {problem}"


def _bad_input(error: GethipError) -> bool:
    from gethip.app import errors

    return isinstance(
        error,
        UnknownName
        | InvalidSettings
        | errors.InvalidInput
        | errors.InvalidProfile
        | errors.InstantOutOfRange
        | errors.NothingToResume
        | errors.NotResumable
        | errors.UnknownPractice
        | errors.UnknownRun
        | errors.UnknownCheck
        | errors.InvalidCheckId
        | errors.CheckConflict
        | errors.InvalidPracticeId
        | errors.BackupError,
    )


def run() -> None:
    """Entry point: errors become one line and an exit code, never a usage box or a traceback."""
    # Typer carries its own Click; its usage errors are Click's, under Typer's name.
    from typer._click.exceptions import NoArgsIsHelpError, UsageError

    try:
        code = app(standalone_mode=False)
    except NoArgsIsHelpError as error:
        print(error.format_message())
        code = 0
    except UsageError as error:
        fail(plain_usage(error.format_message()), EXIT_BAD_INPUT)
    except typer.Abort:
        raise SystemExit(130) from None
    except GethipError as error:
        fail(str(error), EXIT_BAD_INPUT if _bad_input(error) else EXIT_FAILURE)
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except Exception as error:  # a bug: one line for the runner, not a wall of code
        fail(
            f"something went wrong on our side ({type(error).__name__}: {error}); "
            "nothing you saved is lost. Please report it.",
            EXIT_FAILURE,
        )
    if isinstance(code, int) and code:
        raise SystemExit(code)
