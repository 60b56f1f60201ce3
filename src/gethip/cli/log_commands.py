"""`gethip history` and `gethip stats`: what the log holds and adds up to."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from gethip.cli.context import AppContext
from gethip.cli.output import console, print_json
from gethip.core.practice import PracticeSummary
from gethip.core.stats import Stats, compute_stats

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def practice_json(summary: PracticeSummary) -> dict[str, Any]:
    return summary.model_dump(mode="json")


def stats_json(stats: Stats) -> dict[str, Any]:
    return stats.model_dump(mode="json")


def local_zone() -> Any:
    return datetime.now(UTC).astimezone().tzinfo


def history(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Every practice, newest first."""
    app: AppContext = ctx.obj
    summaries = app.log.summaries()
    if as_json:
        print_json([practice_json(s) for s in summaries])
        return
    if not summaries:
        console.print("No practices yet. Start one with [cyan]gethip go openers[/].")
        return
    zone = local_zone()
    table = Table(title="History", title_justify="left")
    for column in ("when", "session", "status", "steps", "minutes", "tightness", "pain", "note"):
        table.add_column(column, justify="right" if column in {"steps", "minutes"} else "left")
    for s in summaries:
        table.add_row(
            s.started_at.astimezone(zone).strftime("%a %d %b %H:%M"),
            s.session,
            s.status.value,
            f"{s.segments_done}/{s.segments_total}",
            f"{s.seconds_done / 60:.1f}",
            "" if s.tightness is None else str(s.tightness),
            "" if s.pain is None else str(s.pain),
            s.deviation.label if s.deviation else "",
        )
    console.print(table)
    console.print(
        "[dim]ids: gethip history --json; resume the newest unfinished: gethip go --resume[/]"
    )


def stats(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Streak, sessions and minutes per week, and the tightness and pain trend."""
    app: AppContext = ctx.obj
    zone = local_zone()
    result = compute_stats(app.log.summaries(), datetime.now(zone).date(), zone)
    if as_json:
        print_json(stats_json(result))
        return
    console.print(
        f"[bold]{result.streak_days}[/]-day streak · [bold]{result.total_sessions}[/] sessions · "
        f"[bold]{result.total_minutes:.0f}[/] minutes in all"
    )
    top = max((w.minutes for w in result.weeks), default=0) or 1
    table = Table(title="Per week", title_justify="left")
    table.add_column("week of")
    table.add_column("sessions", justify="right")
    table.add_column("minutes", justify="right")
    table.add_column("")
    for week in result.weeks:
        bar = "█" * round(20 * week.minutes / top)
        table.add_row(
            week.week_start.isoformat(),
            str(week.sessions),
            f"{week.minutes:.0f}",
            f"[green]{bar}[/]",
        )
    console.print(table)
    for label, change in (("tightness", result.tightness_change), ("pain", result.pain_change)):
        if change is None:
            console.print(f"{label}: not enough ratings yet for a trend")
        else:
            direction = "down" if change < 0 else "up" if change > 0 else "flat"
            console.print(
                f"{label}: {direction} {abs(change):.1f} points (first ratings against the latest)"
            )
