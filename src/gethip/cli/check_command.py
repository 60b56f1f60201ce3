"""`gethip check --landmarks FILE`, `gethip checks` and `gethip delete-check`: the hip check away from the phone.

The page measures on the phone and offers its landmarks as a download; `check`
reads that file with the core's maths, so any reading can be reproduced, and
checked, away from the phone, and with `--save` keeps it as the page does
(the same use case). `checks` lists what is kept, compared; `delete-check`
removes one reading. Only Typer is imported at module level, as for every
command.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gethip.cli.options import JsonFlag, YesFlag

if TYPE_CHECKING:
    from gethip.cli.context import AppContext
    from gethip.core.hipcheck import CheckResult
    from gethip.core.hipcheck_history import CheckHistory

# Ten minutes of frames at 30 a second is about 33 MB of JSON; a file twice
# that is not a hip check, and reading it whole would only waste memory.
MAX_FILE_BYTES = 64 * 1024 * 1024


def check(
    ctx: typer.Context,
    landmarks: Annotated[
        Path,
        typer.Option(
            "--landmarks",
            help="A landmarks file downloaded from the /check page (JSON).",
            show_default=False,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help="Also keep the reading, dated from the file (or now), as the /check page does.",
        ),
    ] = False,
) -> None:
    """Read hip extension from recorded pose landmarks: the same maths as the /check page."""
    from gethip.app.errors import CheckConflict, InstantOutOfRange, UnknownCheck
    from gethip.cli.output import EXIT_BAD_INPUT, fail, print_json
    from gethip.core.hipcheck import BadRecording, CheckRefused, measure, read_recording

    try:
        raw = _read(landmarks)
        try:
            recording = read_recording(raw)
        except BadRecording as error:
            raise BadRecording(f"{landmarks}: {error}") from None
        if save:
            from gethip.app import checks

            app: AppContext = ctx.obj
            context = app.context()
            kept, created = checks.save_file(context, recording)
            result = kept.result
        else:
            result = measure(recording)
    except (BadRecording, CheckRefused, InstantOutOfRange, CheckConflict, UnknownCheck) as error:
        if as_json:
            print_json({"error": str(error)})
            raise typer.Exit(EXIT_BAD_INPUT) from None
        fail(str(error), EXIT_BAD_INPUT)
    if as_json:
        if save:
            from gethip.shapes import check_json

            print_json(check_json(kept))
        else:
            print_json(result.to_json())
        return
    _show(result)
    if save:
        from gethip.cli.output import console

        day = _when(kept.measured_at, context.zone)
        said = "Kept" if created else "Already kept"
        console.print(
            f"{said} as the check of {day} ({kept.id}): [cyan]gethip checks[/] lists them."
        )


def checks(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """The hip checks kept, newest first, compared left with right and over time."""
    from gethip.app.checks import history
    from gethip.cli.output import print_json
    from gethip.shapes import checks_json

    app: AppContext = ctx.obj
    context = app.context()
    kept = history(context)
    if as_json:
        print_json(checks_json(kept))
        return
    _list(kept, context.zone, context.zone_name)


def delete_check(
    ctx: typer.Context,
    check_id: Annotated[
        str, typer.Argument(metavar="CHECK", help="A hip check id, from gethip checks --json.")
    ],
    yes: YesFlag = False,
) -> None:
    """Remove one kept hip check reading (asks first in a terminal)."""
    from gethip.app import checks
    from gethip.cli.output import delete_after_asking

    app: AppContext = ctx.obj
    context = app.context()
    found = checks.get(context, check_id)
    what = f"the check of {_when(found.measured_at, context.zone)} ({_title(found.result)})"
    delete_after_asking(what, yes, lambda: checks.delete(context, found.id))


def _when(at: datetime, zone: tzinfo) -> str:
    return at.astimezone(zone).strftime("%a %d %b %Y %H:%M")


def _title(result: CheckResult) -> str:
    from gethip.core.hipcheck import CheckTest

    test = "Thomas test" if result.test is CheckTest.THOMAS else "Half-kneeling lunge"
    return f"{test}, {result.side.value} side"


def _read(path: Path) -> bytes:
    from gethip.core.hipcheck import BadRecording

    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise BadRecording(
                f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB, "
                "which no hip check records"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise BadRecording(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadRecording(f"{path}: a folder, not a landmarks file") from None
    except OSError as error:
        raise BadRecording(f"{path}: cannot be read ({error.strerror or error})") from None


def _show(result: CheckResult) -> None:
    from rich.table import Table

    from gethip.cli.output import console
    from gethip.core.hipcheck import CAVEAT, UNCERTAINTY_SOURCE, CheckTest, describe

    thomas = result.test is CheckTest.THOMAS
    table = Table(
        title=_title(result),
        title_justify="left",
        show_header=False,
    )
    table.add_column("what")
    table.add_column("reading", justify="right")
    margin = f"±{result.uncertainty_deg:.1f}°"
    table.add_row(
        "thigh angle (+ below horizontal)" if thomas else "hip extension (+ behind the trunk)",
        f"{result.angle_deg:+.1f}° {margin}",
    )
    table.add_row("knee angle (180° straight)", f"{result.knee_angle_deg:.1f}°")
    table.add_row("frames used", f"{result.frames_used} of {result.frames_total}")
    table.add_row("spread between frames", f"{result.spread_deg:.1f}°")
    console.print(table)
    console.print(describe(result))
    console.print(f"[dim]{UNCERTAINTY_SOURCE}[/]")
    console.print(f"[dim]{CAVEAT}[/]")


def _list(kept: CheckHistory, zone: tzinfo, zone_name: str) -> None:
    from rich.table import Table

    from gethip.cli.output import console
    from gethip.core.hipcheck import CAVEAT, CheckTest

    if not kept.readings:
        console.print(
            "No hip checks kept yet. Do one on the /check page, or keep a download with "
            "[cyan]gethip check --landmarks FILE --save[/]."
        )
        return
    table = Table(title="Hip checks", title_justify="left")
    for column in ("when", "test", "side", "reading", "knee", "frames", "verdict"):
        table.add_column(column, justify="right" if column in {"reading", "knee"} else "left")
    for reading in kept.readings:
        result = reading.result
        table.add_row(
            _when(reading.measured_at, zone),
            "Thomas" if result.test is CheckTest.THOMAS else "lunge",
            result.side.value,
            f"{result.angle_deg:+.1f}° ±{result.uncertainty_deg:.1f}°",
            f"{result.knee_angle_deg:.0f}°",
            f"{result.frames_used}/{result.frames_total}",
            result.verdict.value,
        )
    console.print(table)
    console.print(
        f"[dim]times in {zone_name} · Thomas: thigh angle, + below horizontal · "
        "lunge: hip extension, + behind the trunk line · "
        "ids (to remove one with gethip delete-check): gethip checks --json[/]"
    )
    for compared in kept.sides:
        console.print(f"{compared.on:%d %b %Y}: {compared.difference.message}")
    for over in kept.over_time:
        console.print(over.difference.message)
    if kept.advice:
        console.print(f"[bold]{kept.advice}[/]")
    console.print(f"[dim]{CAVEAT}[/]")
