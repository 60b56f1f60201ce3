"""`gethip history`, `gethip stats` and `gethip delete`: what the log holds, adds up to, and loses."""

from __future__ import annotations

from typing import Annotated

import typer

from gethip.cli.context import AppContext
from gethip.cli.options import JsonFlag, NewestLimit, YesFlag


def history(
    ctx: typer.Context,
    as_json: JsonFlag = False,
    limit: NewestLimit = None,
) -> None:
    """Every practice, newest first."""
    from gethip.app import practices
    from gethip.cli.output import print_json
    from gethip.shapes import practice_json

    app: AppContext = ctx.obj
    context = app.context()
    summaries = practices.history(context, limit=limit)
    if as_json:
        print_json([practice_json(s) for s in summaries])
        return
    from rich.table import Table

    from gethip.cli.output import console

    if not summaries:
        console.print("No practices yet. Start one with [cyan]gethip go openers[/].")
        return
    table = Table(title="History", title_justify="left")
    for column in ("when", "session", "status", "steps", "minutes", "tightness", "pain", "note"):
        table.add_column(column, justify="right" if column in {"steps", "minutes"} else "left")
    for s in summaries:
        table.add_row(
            s.started_at.astimezone(context.zone).strftime("%a %d %b %Y %H:%M"),
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
        f"[dim]times in {context.zone_name} · steps done of all · minutes actually worked · "
        "ids: gethip history --json · resume the newest unfinished: gethip go --resume[/]"
    )


def stats(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Streak, sessions and minutes per week, and the tightness and pain trend."""
    from gethip.app.stats import stats as compute
    from gethip.cli.output import print_json
    from gethip.shapes import stats_json

    app: AppContext = ctx.obj
    result = compute(app.context())
    if as_json:
        print_json(stats_json(result))
        return
    from rich.table import Table

    from gethip.cli.output import console

    console.print(
        f"[bold]{result.streak_days}[/]-day streak · [bold]{result.total_sessions}[/] sessions · "
        f"[bold]{result.total_minutes:.0f}[/] minutes worked in all"
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
    console.print(
        "[dim]sessions count those completed, or played to the end with at least half "
        "their work done[/]"
    )
    for label, change in (("tightness", result.tightness_change), ("pain", result.pain_change)):
        if change is None:
            console.print(f"{label}: not enough ratings yet for a trend")
        else:
            direction = "down" if change < 0 else "up" if change > 0 else "flat"
            console.print(
                f"{label}: {direction} {abs(change):.1f} points (first ratings against the latest)"
            )


def delete(
    ctx: typer.Context,
    practice_id: Annotated[
        str, typer.Argument(metavar="PRACTICE", help="A practice id, from gethip history --json.")
    ],
    yes: YesFlag = False,
) -> None:
    """Remove one practice from the log, with its steps (asks first in a terminal)."""
    from gethip.app import practices
    from gethip.cli.output import delete_after_asking

    app: AppContext = ctx.obj
    context = app.context()
    found = practices.detail(context, practice_id).practice
    when = found.started_at.astimezone(context.zone).strftime("%a %d %b %Y %H:%M")
    what = f"{found.session} on {when} ({found.status.value})"
    delete_after_asking(what, yes, lambda: practices.delete(context, found.id))
