"""`gethip check --landmarks FILE`: the hip check's maths on landmarks the /check page recorded.

The page measures on the phone and offers its landmarks as a download; this
command reads that file with the core's maths, so any reading can be
reproduced, and checked, away from the phone. Only Typer is imported at
module level, as for every command.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from gethip.core.hipcheck import CheckResult

# Ten minutes of frames at 30 a second is about 33 MB of JSON; a file twice
# that is not a hip check, and reading it whole would only waste memory.
MAX_FILE_BYTES = 64 * 1024 * 1024


def check(
    landmarks: Annotated[
        Path,
        typer.Option(
            "--landmarks",
            help="A landmarks file downloaded from the /check page (JSON).",
            show_default=False,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Read hip extension from recorded pose landmarks: the same maths as the /check page."""
    from gethip.cli.output import EXIT_BAD_INPUT, fail, print_json
    from gethip.core.hipcheck import BadRecording, CheckRefused, measure, read_recording

    try:
        raw = _read(landmarks)
        try:
            recording = read_recording(raw)
        except BadRecording as error:
            raise BadRecording(f"{landmarks}: {error}") from None
        result = measure(recording)
    except (BadRecording, CheckRefused) as error:
        if as_json:
            print_json({"error": str(error)})
            raise typer.Exit(EXIT_BAD_INPUT) from None
        fail(str(error), EXIT_BAD_INPUT)
    if as_json:
        print_json(result.to_json())
    else:
        _show(result)


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
        title=f"{'Thomas test' if thomas else 'Half-kneeling lunge'}, {result.side.value} side",
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
