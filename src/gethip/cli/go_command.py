"""`gethip go SESSION`: compile a session, show it or coach it, and log what was done."""

from __future__ import annotations

import sys
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from gethip.cli.context import AppContext
from gethip.cli.options import BreathSeconds, BudgetMinutes
from gethip.cli.output import EXIT_BAD_INPUT, fail, print_json
from gethip.core.limits import (
    DEFAULT_BREATH_SECONDS,
    RATING_MAX,
    RATING_MIN,
)
from gethip.core.safety import SAFETY_NOTES, advice_for_pain

if TYPE_CHECKING:
    from gethip.core.practice import PracticeSummary
    from gethip.core.timeline import Timeline

Rating = Annotated[int | None, typer.Option(min=RATING_MIN, max=RATING_MAX)]


def go(
    ctx: typer.Context,
    session_id: Annotated[
        str | None, typer.Argument(metavar="SESSION", help="warmup, openers, strength or offday.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the timeline; play nothing.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="With --dry-run: the timeline as JSON.")
    ] = False,
    speed: Annotated[
        float, typer.Option(min=0.1, max=1000, help="Play this many times faster.")
    ] = 1.0,
    voice: Annotated[
        bool, typer.Option("--voice", help="Speak the cues (needs espeak-ng).")
    ] = False,
    breath_seconds: BreathSeconds = DEFAULT_BREATH_SECONDS,
    minutes: BudgetMinutes = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue the newest unfinished practice.")
    ] = False,
    tightness: Rating = None,
    pain: Rating = None,
) -> None:
    """Play a session: live screen in a terminal, one line per cue otherwise."""
    # Rich, the data files and the player load here, not with the module: the
    # other commands start without them.
    from gethip.content import load_catalog, load_sessions
    from gethip.core.practice import PracticeStatus
    from gethip.core.timeline import Settings, compile_session

    app: AppContext = ctx.obj
    catalog = load_catalog()
    book = load_sessions()

    resumed: PracticeSummary | None = None
    if resume:
        resumed = app.log.latest_unfinished()
        if resumed is None:
            fail("nothing to resume: every practice in the log is finished", EXIT_BAD_INPUT)
        session = book.get(resumed.session)
        settings = resumed.settings
    elif session_id is None:
        fail(f"name a session: {', '.join(book.ids)} (or --resume)", EXIT_BAD_INPUT)
    else:
        session = book.get(session_id)
        settings = Settings(breath_seconds=breath_seconds, minutes=minutes)
    timeline = compile_session(session, catalog, settings)

    if dry_run:
        if as_json:
            print_json(timeline.model_dump(mode="json"))
        else:
            show_plan(timeline, session.name)
        return

    from rich.panel import Panel

    from gethip.cli.clock import MonotonicClock
    from gethip.cli.coach import Coach
    from gethip.cli.output import console
    from gethip.cli.voice import INSTALL_HINT, Voice

    log = app.log
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if log.is_empty() and not show_safety(interactive):
        return
    if timeline.deviation is not None:
        show_deviation(timeline)

    if resumed is not None:
        practice_id = resumed.id
        done = log.done_indexes(practice_id)
        from_segment = next(i for i in range(len(timeline.segments)) if i not in done)
        log.reopen(practice_id)
        console.print(
            f"Resuming {session.name} at step {from_segment + 1} of {len(timeline.segments)}."
        )
    else:
        practice_id = str(uuid.uuid4())
        from_segment = 0
        log.start(
            practice_id,
            session.id,
            settings,
            datetime.now(UTC),
            len(timeline.segments),
            timeline.deviation,
        )

    speaker = Voice(voice)
    if speaker.missing:
        console.print(f"[yellow]note:[/] {INSTALL_HINT}")
    coach = Coach(timeline, catalog, log, practice_id, MonotonicClock(speed), speaker)
    if interactive:
        outcome = coach.play_live(from_segment, session.name)
    else:
        outcome = coach.play_lines(from_segment)
    speaker.close()

    if tightness is None and interactive:
        tightness = ask_rating("How tight do your hips feel now? 0 loose … 10 very tight")
    if pain is None and interactive:
        pain = ask_rating("Any pain? 0 none … 10 worst")
    advice = advice_for_pain(pain)
    status = outcome.status
    if (
        advice is not None
        and status == PracticeStatus.COMPLETED
        and outcome.segments_done < len(timeline.segments)
    ):
        status = PracticeStatus.STOPPED
    summary = log.finish(practice_id, status, datetime.now(UTC), tightness, pain)
    console.print(
        f"{summary.status.value.capitalize()}: {summary.segments_done} of {summary.segments_total} "
        f"steps, {summary.seconds_done / 60:.1f} min. Saved as {summary.id}."
    )
    if advice is not None:
        console.print(Panel(advice, title="Stop here", border_style="red"))
    elif summary.status != PracticeStatus.COMPLETED:
        console.print("Continue later with [cyan]gethip go --resume[/].")


def ask_rating(question: str) -> int | None:
    from rich.prompt import IntPrompt

    from gethip.cli.output import console

    while True:
        answer = IntPrompt.ask(question, console=console, default=None, show_default=False)
        if answer is None or RATING_MIN <= answer <= RATING_MAX:
            return answer
        console.print(f"[red]Please answer {RATING_MIN}–{RATING_MAX}, or press Enter to skip.[/]")


def show_safety(interactive: bool) -> bool:
    """The first-session safety screen. False when the runner chose not to start."""
    from rich.panel import Panel

    from gethip.cli.output import console

    notes = "\n".join(f"• {note}" for note in SAFETY_NOTES)
    console.print(Panel(notes, title="Before your first session", border_style="yellow"))
    if not interactive:
        return True
    answer = console.input("Press Enter to start, or q then Enter to leave: ")
    return answer.strip().lower() != "q"


def show_deviation(timeline: Timeline) -> None:
    from rich.panel import Panel

    from gethip.cli.output import console

    assert timeline.deviation is not None
    changes = "\n".join(f"• {change}" for change in timeline.deviation.changes)
    console.print(Panel(changes, title=timeline.deviation.label, border_style="yellow"))


def show_plan(timeline: Timeline, session_name: str) -> None:
    from rich.table import Table

    from gethip.cli.output import console
    from gethip.content import load_catalog

    catalog = load_catalog()
    table = Table(
        title=f"{session_name}: {timeline.total_seconds / 60:.1f} min", title_justify="left"
    )
    for column in ("start", "move", "side", "step", "length"):
        table.add_column(column)
    for segment in timeline.segments:
        whole = int(segment.start)
        table.add_row(
            f"{whole // 60}:{whole % 60:02d}",
            catalog.get(segment.move).name,
            segment.side.value if segment.side else "",
            segment.label,
            f"{segment.duration:g} s",
        )
    console.print(table)
    if timeline.deviation is not None:
        show_deviation(timeline)
