"""`gethip export SESSION`, `gethip backup FILE`, `gethip restore FILE`: data out and back in."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from gethip.cli.context import AppContext
from gethip.cli.options import BreathSeconds, BudgetMinutes
from gethip.cli.output import EXIT_BAD_INPUT, EXIT_FAILURE, fail
from gethip.core.limits import DEFAULT_BREATH_SECONDS

STDOUT = "-"


def export(
    ctx: typer.Context,
    session_id: Annotated[
        str,
        typer.Argument(metavar="SESSION", help="warmup, openers, strength, offday or desk-break."),
    ],
    fit: Annotated[
        str | None,
        typer.Option("--fit", metavar="FILE", help="A Garmin FIT workout file for your watch."),
    ] = None,
    markdown: Annotated[
        str | None,
        typer.Option("--markdown", metavar="FILE", help="A printable one-page card; - for stdout."),
    ] = None,
    json_file: Annotated[
        str | None,
        typer.Option("--json", metavar="FILE", help="The compiled timeline; - for stdout."),
    ] = None,
    breath_seconds: BreathSeconds = DEFAULT_BREATH_SECONDS,
    minutes: BudgetMinutes = None,
) -> None:
    """Write a session as a watch workout, a printable card or JSON."""
    targets = [target for target in (fit, markdown, json_file) if target is not None]
    if not targets:
        fail("name at least one output: --fit FILE, --markdown FILE or --json FILE", EXIT_BAD_INPUT)
    if targets.count(STDOUT) > 1:
        fail("only one output can go to stdout (-)", EXIT_BAD_INPUT)

    from gethip.app.exports import DESCRIPTIONS, Format, export_session
    from gethip.core.timeline import Settings

    wanted = {Format.FIT: fit, Format.MARKDOWN: markdown, Format.JSON: json_file}
    made = export_session(
        session_id,
        Settings(breath_seconds=breath_seconds, minutes=minutes),
        [kind for kind, target in wanted.items() if target is not None],
        datetime.now(UTC),
    )
    for exported in made:
        target = wanted[exported.format]
        assert target is not None
        write_output(target, exported.data, private=False)
        where = "stdout" if target == STDOUT else target
        _done(
            f"Wrote {DESCRIPTIONS[exported.format]} for {exported.session.name} to {where}.",
            stdout_used=STDOUT in targets,
        )
    deviation = made[0].timeline.deviation
    if deviation is not None:
        _done(deviation.label, stdout_used=STDOUT in targets)


def backup(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="Where to write; - for stdout.")],
) -> None:
    """Write all your data to one JSON file, with a checksum against damage."""
    from gethip.app.backups import create_backup, read

    app: AppContext = ctx.obj
    data = create_backup(app.context())
    write_output(file, data, private=True)
    # Read back what landed on disk: a backup is only worth having if it restores.
    written = data if file == STDOUT else read_input(file)
    practices = read(written).sections["practices"]
    steps = sum(len(practice.steps) for practice in practices)
    _done(
        f"Backed up {_count(len(practices), 'practice')} ({_count(steps, 'step')}) "
        f"to {'stdout' if file == STDOUT else file}.",
        stdout_used=file == STDOUT,
    )


def restore(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="A file from `gethip backup`.")],
) -> None:
    """Add the data in a backup file to your log; what is already here is kept."""
    from gethip.app.backups import restore_backup
    from gethip.app.errors import BackupError

    app: AppContext = ctx.obj
    data = read_input(file)
    try:
        report = restore_backup(app.context(), data)
    except BackupError as error:
        fail(f"cannot restore {file}: {error}", EXIT_BAD_INPUT)
    if report.nothing_added:
        _done(f"Nothing new in {file}: everything in it is already here.", stdout_used=False)
        return
    added = ", ".join(_count(n, kind.rstrip("s")) for kind, n in report.added.items() if n)
    kept = ", ".join(_count(n, kind.rstrip("s")) for kind, n in report.kept.items() if n)
    _done(
        f"Restored from {file}: added {added}" + (f"; already here: {kept}." if kept else "."),
        stdout_used=False,
    )


def write_output(target: str, data: bytes, private: bool) -> None:
    """Write to a file atomically, or to stdout for `-`; one clear line if the path is unusable.

    ``private`` files (a backup holds someone's health notes) are readable by
    their owner only; others get the usual permissions.
    """
    if target == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    path = Path(target).expanduser()
    temporary: str | None = None
    try:
        # A temporary file beside the target, then a rename: an existing file is
        # replaced whole or not at all, never left half written.
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if not private:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        fail(f"cannot write {target}: {error.strerror or error}", EXIT_FAILURE)
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def read_input(source: str) -> bytes:
    if source == STDOUT:
        return sys.stdin.buffer.read()
    try:
        return Path(source).expanduser().read_bytes()
    except OSError as error:
        fail(f"cannot read {source}: {error.strerror or error}", EXIT_FAILURE)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _umask() -> int:
    # The only way to read the umask is to set it; put it straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _done(message: str, stdout_used: bool) -> None:
    from gethip.cli.output import console, errors

    # When a file goes to stdout, stdout carries only that file.
    # No markup: a file name like "backup[1].json" is text, not a Rich style.
    (errors if stdout_used else console).print(
        message, highlight=False, markup=False, soft_wrap=True
    )
