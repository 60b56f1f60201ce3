"""`gethip export SESSION`, `gethip backup FILE`, `gethip restore FILE`: data out and back in."""

from __future__ import annotations

import json
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
        str, typer.Argument(metavar="SESSION", help="warmup, openers, strength or offday.")
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

    from gethip.content import load_catalog, load_sessions
    from gethip.core.timeline import Settings, compile_session
    from gethip.exports.card import session_card
    from gethip.exports.fit_workout import export_fit_workout

    catalog = load_catalog()
    session = load_sessions().get(session_id)
    timeline = compile_session(
        session, catalog, Settings(breath_seconds=breath_seconds, minutes=minutes)
    )
    # Everything is built before anything is written: a failure leaves no half set of files.
    outputs: list[tuple[str, bytes, str]] = []
    if fit is not None:
        data = export_fit_workout(timeline, session, catalog, datetime.now(UTC))
        outputs.append((fit, data, "Garmin FIT workout"))
    if markdown is not None:
        card = session_card(timeline, session, catalog)
        outputs.append((markdown, card.encode("utf-8"), "printable card"))
    if json_file is not None:
        text = json.dumps(timeline.model_dump(mode="json"), indent=2, ensure_ascii=False)
        outputs.append((json_file, (text + "\n").encode("utf-8"), "timeline JSON"))
    for target, data, what in outputs:
        write_output(target, data, private=False)
        where = "stdout" if target == STDOUT else target
        _done(f"Wrote {what} for {session.name} to {where}.", stdout_used=STDOUT in targets)
    if timeline.deviation is not None:
        _done(timeline.deviation.label, stdout_used=STDOUT in targets)


def backup(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="Where to write; - for stdout.")],
) -> None:
    """Write all your data to one JSON file, with a checksum."""
    from gethip.exports.backup import PracticesSection, create_backup, read_backup

    app: AppContext = ctx.obj
    data = create_backup(app.store, datetime.now(UTC))
    write_output(file, data, private=True)
    # Read back what landed on disk: a backup is only worth having if it restores.
    written = data if file == STDOUT else read_input(file)
    practices = read_backup(written).sections[PracticesSection.name]
    segments = sum(len(practice.segments) for practice in practices)
    _done(
        f"Backed up {_count(len(practices), 'practice')} ({_count(segments, 'finished step')}) "
        f"to {'stdout' if file == STDOUT else file}.",
        stdout_used=file == STDOUT,
    )


def restore(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="A file from `gethip backup`.")],
) -> None:
    """Add the data in a backup file to this database; what is already here is kept."""
    from gethip.exports.backup import BackupError, restore_backup

    app: AppContext = ctx.obj
    data = read_input(file)
    try:
        report = restore_backup(app.store, data)
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
