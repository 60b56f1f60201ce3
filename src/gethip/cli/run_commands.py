"""`gethip import`, `gethip runs` and `gethip trends`: run history in, stride trend out.

Only Typer is imported at module level. The decoders, NumPy, the store and
matplotlib load inside the commands, so every other command starts as fast
as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gethip.cli.options import JsonFlag, NewestLimit, YesFlag

if TYPE_CHECKING:
    from datetime import date

    from rich.progress import Progress as RichProgress

    from gethip.cli.context import AppContext
    from gethip.core.stride import StrideReport


class _Bar:
    """The importer's progress, drawn by Rich on stderr (stdout stays clean for --json)."""

    def __init__(self, progress: RichProgress) -> None:
        self.progress = progress
        self.task: Any = None

    def start(self, total: int) -> None:
        self.task = self.progress.add_task("Importing", total=total)

    def advance(self, name: str) -> None:
        self.progress.update(self.task, advance=1, description=_short(name))


def _short(name: str, width: int = 40) -> str:
    return name if len(name) <= width else "…" + name[-(width - 1) :]


def import_runs(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="FIT, GPX or TCX files (also .gz), folders, or zips such as a Strava "
            "or Garmin Connect export.",
            show_default=False,
        ),
    ],
    as_json: JsonFlag = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, help="Processes decoding at once (default: one per core)."
        ),
    ] = None,
) -> None:
    """Import runs from files, folders and exports; each run is kept once, whatever its source."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from gethip.app.imports import import_runs as import_into
    from gethip.cli.output import EXIT_FAILURE, console, errors, print_json

    app: AppContext = ctx.obj
    context = app.context()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=errors,
        transient=True,
    ) as progress:
        summary = import_into(context, paths, workers=workers, progress=_Bar(progress))
    if as_json:
        print_json(summary.to_json())
    else:
        console.print(
            f"[bold]{summary.imported}[/] imported · [bold]{summary.duplicates}[/] duplicates · "
            f"[bold]{summary.skipped}[/] skipped (not runs) · "
            f"[bold]{len(summary.failed)}[/] failed"
        )
        for failure in summary.to_json()["failed"]:
            console.print(f"  [red]✗[/] {failure['file']}: {failure['reason']}", highlight=False)
    if summary.failed:
        raise typer.Exit(EXIT_FAILURE)


def runs(
    ctx: typer.Context,
    as_json: JsonFlag = False,
    limit: NewestLimit = None,
) -> None:
    """Every imported run, newest first."""
    from rich.table import Table

    from gethip.app.runs import runs as list_runs
    from gethip.cli.output import console, print_json
    from gethip.shapes import run_json

    app: AppContext = ctx.obj
    summaries = list_runs(app.context(), limit=limit)
    if as_json:
        print_json([run_json(s) for s in summaries])
        return
    if not summaries:
        console.print("No runs yet. Import some with [cyan]gethip import PATH[/].")
        return
    table = Table(title="Runs", title_justify="left")
    columns = ("id", "start", "sport", "km", "time", "pace", "spm", "step m", "ascent", "file")
    for column in columns:
        text = column in {"start", "sport", "file"}
        table.add_column(column, justify="left" if text else "right", no_wrap=column != "file")
    for s in summaries:
        table.add_row(
            str(s.id),
            s.start[:16].replace("T", " "),
            s.sub_sport or s.sport,
            _num(s.distance_m, 1000.0, "{:.2f}"),
            _clock(s.moving_s if s.moving_s is not None else s.elapsed_s),
            _clock(s.pace_s_per_km),
            _num(s.cadence_spm, 1.0, "{:.0f}"),
            _num(s.step_length_m, 1.0, "{:.2f}"),
            _num(s.ascent_m, 1.0, "{:.0f}"),
            s.source.rsplit("/", 1)[-1],
        )
    console.print(table)


def trends(
    ctx: typer.Context,
    as_json: JsonFlag = False,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="Also draw the trend into this PNG file.", dir_okay=False),
    ] = None,
    weeks: Annotated[
        int | None,
        typer.Option(
            "--weeks", min=1, max=520, help="How many weeks, up to the last with data (26)."
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="From this date on, YYYY-MM-DD.")
    ] = None,
) -> None:
    """Pace-normalised step length week by week, beside your weekly minutes of hip work."""
    from rich.table import Table

    from gethip.app.trends import trends as stride_trends
    from gethip.app.views import week_labels
    from gethip.cli.output import console, print_json

    app: AppContext = ctx.obj
    report = stride_trends(app.context(), weeks=weeks, since=_date_option("--since", since))
    if plot is not None:
        draw_trends(report, plot)
    if as_json:
        print_json(report.model_dump(mode="json"))
        return
    console.print(report.message)
    if report.reference_pace_s_per_km is not None:
        console.print(
            f"[dim]Step lengths are read at your typical pace, "
            f"{_clock(report.reference_pace_s_per_km)} per km.[/]"
        )
    if report.weeks:
        table = Table(title="Per week", title_justify="left")
        for column in ("week of", "runs", "step (m)", "95% interval", "hip minutes"):
            table.add_column(column, justify="left" if column == "week of" else "right")
        for week, label in zip(
            report.weeks, week_labels([w.week_start for w in report.weeks]), strict=True
        ):
            interval = (
                f"{week.ci_low_m:.3f}–{week.ci_high_m:.3f}"
                if week.ci_low_m is not None and week.ci_high_m is not None
                else ""
            )
            table.add_row(
                label,
                str(week.runs),
                "" if week.step_length_m is None else f"{week.step_length_m:.3f}",
                interval,
                f"{week.hip_minutes:.0f}",
            )
        console.print(table)
    if report.window is not None:
        window = report.window
        console.print(
            f"[dim]{window.weeks} weeks, {window.first_week:%d %b %Y} to {window.last_week:%d %b %Y}"
            f"; your data spans {window.data_first_week:%d %b %Y} to "
            f"{window.data_last_week:%d %b %Y} (--weeks N or --since DATE for more)[/]"
        )
    console.print(f"[dim]{report.caveat}[/]")
    if plot is not None:
        console.print(f"Plot written to {plot}")


def draw_trends(report: StrideReport, path: Path) -> None:
    """Two panels sharing the weeks: step length at the reference pace, and minutes of hip work."""
    import matplotlib

    matplotlib.use("Agg")
    from datetime import datetime, time, timedelta

    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from gethip.core.errors import GethipError

    figure, (top, bottom) = plt.subplots(
        2, 1, figsize=(9, 6.5), sharex=True, height_ratios=[3, 1.4], layout="constrained"
    )
    if report.runs:
        top.scatter(
            [r.start for r in report.runs],
            [100 * r.step_length_m for r in report.runs],
            s=14,
            color="#9bb7d4",
            label="each run, at your typical pace",
        )
    weekly = [w for w in report.weeks if w.step_length_m is not None]
    if weekly:
        means, below, above = [], [], []
        for week in weekly:
            mean = 100 * (week.step_length_m or 0.0)
            # A week with one run has no interval: its bar has no length.
            low = 100 * week.ci_low_m if week.ci_low_m is not None else mean
            high = 100 * week.ci_high_m if week.ci_high_m is not None else mean
            means.append(mean)
            below.append(mean - low)
            above.append(high - mean)
        top.errorbar(
            [datetime.combine(w.week_start, time(12)) + timedelta(days=3) for w in weekly],
            means,
            yerr=[below, above],
            fmt="o",
            color="#1f4e79",
            capsize=3,
            label="weekly mean, 95% interval",
        )
    if report.trend is not None and report.runs:
        first = report.runs[0].start
        last = report.runs[-1].start
        weeks = (last - first).total_seconds() / (7 * 86400)
        centre = sum(100 * r.step_length_m for r in report.runs) / len(report.runs)
        mid_weeks = (
            sum((r.start - first).total_seconds() for r in report.runs)
            / len(report.runs)
            / (7 * 86400)
        )
        xs = [first, last]
        for slope, style in (
            (report.trend.cm_per_week, "-"),
            (report.trend.ci_low_cm_per_week, ":"),
            (report.trend.ci_high_cm_per_week, ":"),
        ):
            ys = [centre + slope * (0 - mid_weeks), centre + slope * (weeks - mid_weeks)]
            top.plot(xs, ys, style, color="#c0504d", linewidth=1.6 if style == "-" else 1.0)
        top.plot([], [], "-", color="#c0504d", label="trend (dotted: 95% interval of the slope)")
    top.set_ylabel("step length (cm)")
    top.set_title(_wrap(report.message, 95), fontsize=10, loc="left")
    if report.runs or weekly:
        top.legend(loc="upper left", fontsize=8)
    top.grid(alpha=0.3)
    if report.weeks:
        bottom.bar(
            [datetime.combine(w.week_start, time(12)) + timedelta(days=3) for w in report.weeks],
            [w.hip_minutes for w in report.weeks],
            width=5,
            color="#70ad47",
        )
    bottom.set_ylabel("hip work (min/week)")
    # Minutes are never negative; an empty log should show an empty bar chart, not -0.04.
    bottom.set_ylim(bottom=0, top=max([10.0, *(w.hip_minutes * 1.1 for w in report.weeks)]))
    bottom.grid(alpha=0.3)
    # Concise dates name the year where the axis crosses one, and thin out with many weeks.
    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    # As the figure's footer, so the layout makes room for it under the dates.
    figure.supxlabel(_wrap(report.caveat, 130), fontsize=7, color="#555555")
    try:
        figure.savefig(path, dpi=110)
    except OSError as error:
        raise GethipError(f"cannot write the plot to {path}: {error.strerror or error}") from None
    finally:
        plt.close(figure)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def _num(value: float | None, divisor: float, pattern: str) -> str:
    return "" if value is None else pattern.format(value / divisor)


def _clock(seconds: float | None) -> str:
    from gethip.core.durations import mmss

    return "" if seconds is None else mmss(seconds)


def _date_option(name: str, text: str | None) -> date | None:
    from datetime import date

    from gethip.cli.output import EXIT_BAD_INPUT, fail

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"{name}: {text!r} is not a date like 2026-03-23", EXIT_BAD_INPUT)


def delete_run(
    ctx: typer.Context,
    run_id: Annotated[int, typer.Argument(metavar="RUN", help="A run id, from gethip runs.")],
    yes: YesFlag = False,
) -> None:
    """Remove one imported run (asks first in a terminal); importing its file again brings it back."""
    from gethip.app import runs as run_log
    from gethip.cli.output import delete_after_asking

    app: AppContext = ctx.obj
    context = app.context()
    delete_after_asking(
        f"run {run_id}",
        yes,
        lambda: run_log.delete(context, run_id),
        warning="Importing its file again brings it back",
    )
