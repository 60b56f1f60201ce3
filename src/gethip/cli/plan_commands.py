"""`gethip profile`, `gethip plan` and `gethip today`: the runner's week, planned and explained.

Only Typer is imported at the top: the planner, the store and Rich load inside
the commands, so `gethip --help` and the other commands start as fast as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gethip.cli.options import JsonFlag

if TYPE_CHECKING:
    from datetime import date

    from gethip.app.profiles import ProfileRecord
    from gethip.app.views import Row
    from gethip.cli.context import AppContext
    from gethip.core.planner import Plan, WeekAdherence
    from gethip.core.profile import Profile


NO_PROFILE = (
    "no profile yet: set one, e.g. gethip profile --run-days mon,wed,sat --run-time 07:00 "
    "--long-run sat --sitting-hours 9 --timezone Europe/London"
)
DONE_MARKS = {"done": "[green]✓[/]", "missed": "[red]✗[/]"}


# --- profile --------------------------------------------------------------------------------


def profile(
    ctx: typer.Context,
    as_json: JsonFlag = False,
    run_days: Annotated[
        str | None, typer.Option("--run-days", help="Days you run, e.g. mon,wed,sat.")
    ] = None,
    run_time: Annotated[
        list[str] | None,
        typer.Option(
            "--run-time",
            help="Usual start: 07:00 for every run day, or sat=08:30 for one (repeatable).",
        ),
    ] = None,
    long_run: Annotated[
        str | None, typer.Option("--long-run", help="The day of your long run.")
    ] = None,
    work_days: Annotated[
        str | None, typer.Option("--work-days", help="Desk days (default mon-fri).")
    ] = None,
    sitting_hours: Annotated[
        str | None, typer.Option("--sitting-hours", help="Hours sat on a work day, 0-24.")
    ] = None,
    minutes: Annotated[
        str | None,
        typer.Option("--minutes", help="Minutes you can spare per session ('none': no limit)."),
    ] = None,
    timezone: Annotated[
        str | None, typer.Option("--timezone", help="IANA time zone, e.g. Europe/London.")
    ] = None,
    level: Annotated[
        str | None, typer.Option("--level", help="beginner, intermediate or advanced.")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Injuries, anything.")] = None,
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="Ask for each field in turn.")
    ] = False,
    history: Annotated[
        bool, typer.Option("--history", help="Every saved version, oldest first.")
    ] = False,
) -> None:
    """Show your profile, or set fields of it (each flag optional; prompts in a terminal)."""
    import sys

    from gethip.app import profiles
    from gethip.app.errors import InvalidProfile
    from gethip.cli.output import EXIT_BAD_INPUT, fail, print_json

    app: AppContext = ctx.obj
    context = app.context()
    changes: dict[str, Any] = {
        key: value
        for key, value in {
            "run_days": run_days,
            "run_times": run_time or None,
            "long_run_day": long_run,
            "work_days": work_days,
            "sitting_hours": sitting_hours,
            "minutes": _none_word(minutes),
            "timezone": timezone,
            "level": level,
            "notes": notes,
        }.items()
        if value is not None
    }
    if history:
        records = profiles.history(context)
        if as_json:
            print_json([_record_json(r) for r in records])
        else:
            _show_history(records)
        return
    asks = interactive or (not changes and not as_json and sys.stdin.isatty())
    if asks:
        changes = _ask(context.profile)
    if not changes:
        current = context.profile
        if as_json:
            print_json(None if current is None else current.model_dump(mode="json"))
        elif current is None:
            _console().print(f"No profile yet. {NO_PROFILE.split(': ', 1)[1]}")
        else:
            _show_profile(current)
        return
    try:
        record = profiles.update(context, changes)
    except InvalidProfile as error:
        fail(str(error), EXIT_BAD_INPUT)
    if as_json:
        print_json(record.profile.model_dump(mode="json"))
        return
    _show_profile(record.profile)
    _console().print(f"[dim]saved as version {record.version}; gethip profile --history[/]")


def _none_word(value: str | None) -> str | None:
    # `--minutes none` lifts the limit; '' would read as "not given".
    if value is not None and value.strip().lower() in {"none", "no", "off"}:
        return ""
    return value


def _record_json(record: ProfileRecord) -> dict[str, Any]:
    return {
        "version": record.version,
        "changed_at": record.changed_at.isoformat(),
        "changed": list(record.changed),
        "profile": record.profile.model_dump(mode="json"),
    }


def _console() -> Any:
    from gethip.cli.output import console

    return console


def _profile_rows(current: Profile) -> list[tuple[str, str]]:
    times = ", ".join(f"{d.label} {t.strftime('%H:%M')}" for d, t in current.run_times.items())
    return [
        ("run days", ", ".join(d.label for d in current.run_days)),
        ("run times", times or "—"),
        ("long run", current.long_run_day.label if current.long_run_day else "—"),
        ("work days", ", ".join(d.label for d in current.work_days) or "—"),
        ("sitting hours", f"{current.sitting_hours:g} per work day"),
        ("minutes", "no limit" if current.minutes is None else f"{current.minutes} per session"),
        ("level", current.level.value),
        ("time zone", current.timezone),
        ("notes", current.notes or "—"),
    ]


def _show_profile(current: Profile) -> None:
    from rich.table import Table

    table = Table(title="Profile", title_justify="left", show_header=False)
    table.add_column("field", style="cyan")
    table.add_column("value")
    for name, value in _profile_rows(current):
        table.add_row(name, value)
    _console().print(table)


def _show_history(records: list[ProfileRecord]) -> None:
    from rich.table import Table

    if not records:
        _console().print("No profile yet.")
        return
    table = Table(title="Profile history", title_justify="left")
    for column in ("version", "saved (UTC)", "changed"):
        table.add_column(column)
    for record in records:
        table.add_row(
            str(record.version),
            record.changed_at.strftime("%Y-%m-%d %H:%M"),
            ", ".join(record.changed),
        )
    _console().print(table)


def _ask(current: Profile | None) -> dict[str, Any]:
    """Ask for every field, the current value as the default; re-ask a field that is wrong."""
    from gethip.app.errors import InvalidProfile
    from gethip.core.profile import update_profile

    def now(key: str, fallback: str) -> str:
        if current is None:
            return fallback
        value = current.model_dump(mode="json")[key]
        if isinstance(value, list):
            return ",".join(value)
        if isinstance(value, dict):
            return " ".join(f"{day}={clock}" for day, clock in value.items())
        return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)

    questions = {
        "run_days": ("Days you run (e.g. mon,wed,sat)", now("run_days", "")),
        "run_times": ("Usual run times (07:00, or sat=08:30 mon=07:00)", now("run_times", "")),
        "long_run_day": ("Day of your long run (blank: none)", now("long_run_day", "")),
        "work_days": ("Desk days", now("work_days", "mon,tue,wed,thu,fri")),
        "sitting_hours": ("Hours sat on a work day", now("sitting_hours", "0")),
        "minutes": ("Minutes per session (blank: no limit)", now("minutes", "")),
        "level": ("Level: beginner, intermediate, advanced", now("level", "intermediate")),
        "timezone": ("Time zone (IANA, e.g. Europe/London)", now("timezone", "UTC")),
        "notes": ("Notes (injuries, anything)", now("notes", "")),
    }
    answers: dict[str, Any] = {}

    def ask(key: str) -> None:
        prompt, default = questions[key]
        answer = typer.prompt(prompt, default=default, show_default=bool(default))
        answers[key] = answer.split() if key == "run_times" else answer

    for key in questions:
        ask(key)
    for _attempt in range(5):
        try:
            update_profile(current, answers)
            return answers
        except InvalidProfile as error:
            _console().print(f"[red]{error}[/]")
            ask(error.field.split(".")[0] if error.field.split(".")[0] in questions else "run_days")
    return answers  # still wrong: the caller's update names the field and exits 2


# --- plan and today -------------------------------------------------------------------------


def plan(
    ctx: typer.Context,
    week: Annotated[
        str | None,
        typer.Option(
            "--week", help="Any date in the week to plan, YYYY-MM-DD (default: this week)."
        ),
    ] = None,
    as_json: JsonFlag = False,
    adherence: Annotated[
        bool, typer.Option("--adherence", help="Planned against done, per week, up to --week.")
    ] = False,
    ics: Annotated[
        Path | None, typer.Option("--ics", help="Write the plan to this iCalendar file.")
    ] = None,
    weeks: Annotated[
        int | None,
        typer.Option(
            "--weeks", min=1, max=52, help="How many weeks (plan: 1; --ics and --adherence: 4)."
        ),
    ] = None,
) -> None:
    """Your week: runs, warm-ups, openers, strength and desk breaks, each with its reason."""
    from gethip.app import plans
    from gethip.cli.output import print_json

    app: AppContext = ctx.obj
    context = app.context()
    _require_profile(context.profile)
    first = _week_option(week, context.today)
    if adherence:
        zone, scores = plans.adherence(context, first, weeks or plans.DEFAULT_SPAN_WEEKS)
        _adherence(zone, scores, as_json)
        return
    if ics is not None:
        _write_ics(context, ics, weeks or plans.DEFAULT_SPAN_WEEKS)
        return
    planned = plans.planned_weeks(context, first, weeks or 1)
    if as_json:
        from gethip.shapes import plan_json

        print_json(plan_json(planned.plans, planned.profile.timezone))
        return
    for one in planned.plans:
        _show_week(context, one)


def today(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """What to do today: the plan in your profile's time zone, or a pick without one."""
    from gethip.app.today import today as today_view
    from gethip.app.today import today_json
    from gethip.cli.output import print_json

    app: AppContext = ctx.obj
    context = app.context()
    view = today_view(context)
    if as_json:
        print_json(today_json(view))
        return
    console = _console()
    if view.resume is not None:
        offer = view.resume
        console.print(
            f"[yellow]Left unfinished:[/] {offer.name}, at {offer.where}. Carry on with [cyan]{offer.command}[/]."
        )
    if view.pick is not None:
        console.print(f"[bold]{view.pick.name}[/] fits now. {view.pick.reason}")
        console.print(f"Play it: [cyan]gethip go {view.pick.session}[/]")
        console.print(f"[dim]{view.setup} {NO_PROFILE.split(': ', 1)[1]}[/]")
        return
    from gethip.app.plans import planned_weeks
    from gethip.app.views import rows

    assert context.profile is not None
    items = planned_weeks(context).plans[0].on(context.today)
    if not items:
        console.print("Nothing planned today.")
        return
    title = f"Today, {context.today.strftime('%a %d %b %Y')} · {context.zone_name}"
    _show_rows(title, rows(items, context.profile.long_run_day, context.book))
    if view.next is not None:
        from gethip.shapes import play_command

        chosen = items[view.next]
        console.print(
            f"Next: [bold]{view.items[view.next]['time'] or 'any time'}[/] · "
            f"play it with [cyan]{play_command(chosen)}[/]"
        )


def _require_profile(current: Profile | None) -> Profile:
    from gethip.cli.output import EXIT_BAD_INPUT, fail

    if current is None:
        fail(NO_PROFILE, EXIT_BAD_INPUT)
    return current


def _week_option(text: str | None, today: date) -> date:
    import datetime as dt

    from gethip.cli.output import EXIT_BAD_INPUT, fail

    if text is None:
        return today
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"--week: {text!r} is not a date like 2026-03-23", EXIT_BAD_INPUT)


def _show_rows(title: str, shown: list[Row]) -> None:
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("day", no_wrap=True)
    table.add_column("time", no_wrap=True)
    table.add_column("what", max_width=30)
    table.add_column("min", justify="right")
    table.add_column("why")
    table.add_column("done", justify="center")
    previous_day = None
    for row in shown:
        if previous_day is not None and row.date != previous_day:
            table.add_section()
        day_label = "" if row.date == previous_day else row.date.strftime("%a %d %b")
        previous_day = row.date
        what = row.what
        if len(row.times) > 1:
            what += f"\n[dim]{row.time}[/]"
        for note in row.notes:
            what += f"\n[yellow]{note}[/]"
        table.add_row(
            day_label,
            row.times[0] if row.times else row.time,
            what,
            "" if row.minutes is None else str(row.minutes),
            row.reason,
            "" if row.done is None else DONE_MARKS.get(row.done[1], f"[green]{row.done[1]}[/]"),
        )
    _console().print(table)


def _show_week(context: Any, one: Plan) -> None:
    from gethip.app.views import rows

    title = f"Week of {one.week_start.strftime('%a %d %b %Y')} · {one.timezone}"
    _show_rows(title, rows(one.items, context.profile.long_run_day, context.book))
    score = one.adherence()
    since = ""
    if one.tracked_from is not None and one.tracked_from > one.week_start:
        since = f" since your profile was made on {one.tracked_from:%a %d %b}"
    _console().print(
        f"[dim]done {score.done} of {score.due} due{since} ({score.planned} planned to log; "
        "desk breaks are a bonus) · ✓ done ✗ missed · play one: gethip go SESSION[/]"
    )


def _adherence(zone: str, scores: list[WeekAdherence], as_json: bool) -> None:
    from rich.table import Table

    from gethip.cli.output import print_json

    if as_json:
        print_json({"timezone": zone, "weeks": [s.model_dump(mode="json") for s in scores]})
        return
    table = Table(title="Adherence: planned against done", title_justify="left")
    table.add_column("week of")
    table.add_column("planned", justify="right")
    table.add_column("due", justify="right")
    table.add_column("done", justify="right")
    table.add_column("", no_wrap=True)
    for score in scores:
        share = score.done / score.due if score.due else 0.0
        bar = "█" * round(share * 20)
        table.add_row(
            score.week_start.strftime("%a %d %b %Y"),
            str(score.planned),
            str(score.due),
            str(score.done),
            f"{bar} {share:.0%}" if score.due else "[dim]nothing due[/]",
        )
    _console().print(table)


def _write_ics(context: Any, path: Path, weeks: int) -> None:
    from gethip.app.plans import calendar
    from gethip.cli.output import EXIT_FAILURE, fail

    data, planned = calendar(context, weeks)
    try:
        path.write_bytes(data)
    except OSError as error:
        fail(f"cannot write {path}: {error.strerror}", EXIT_FAILURE)
    plans = planned.plans
    events = sum(1 for p in plans for item in p.items if item.session is not None)
    last = plans[-1].week_start
    _console().print(
        f"Wrote {events} sessions, weeks of {plans[0].week_start:%d %b} to {last:%d %b %Y}, "
        f"to {path}"
    )
