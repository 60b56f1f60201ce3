"""`gethip go SESSION`: show a session or coach it; the practice's rules live in the application."""

from __future__ import annotations

import sys
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from gethip.cli.context import AppContext
from gethip.cli.options import BreathSeconds, BudgetMinutes, Rating
from gethip.cli.output import EXIT_BAD_INPUT, fail, print_json
from gethip.core.limits import DEFAULT_BREATH_SECONDS, RATING_MAX, RATING_MIN
from gethip.core.safety import SAFETY_NOTES

if TYPE_CHECKING:
    from gethip.core.timeline import Timeline


def go(
    ctx: typer.Context,
    session_id: Annotated[
        str | None,
        typer.Argument(metavar="SESSION", help="warmup, openers, strength, offday or desk-break."),
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
        bool, typer.Option("--resume", help="Continue the newest practice left unfinished.")
    ] = False,
    tightness: Rating = None,
    pain: Rating = None,
) -> None:
    """Play a session: live screen in a terminal, one line per cue otherwise."""
    # Rich, the data files and the player load here, not with the module: the
    # other commands start without them.
    from gethip.app import practices
    from gethip.app.timelines import compiled_for
    from gethip.content import load_catalog, load_sessions
    from gethip.core.timeline import Settings

    app: AppContext = ctx.obj
    book = load_sessions()
    if not resume and session_id is None:
        fail(f"name a session: {', '.join(book.ids)} (or --resume)", EXIT_BAD_INPUT)
    if dry_run and not resume:
        assert session_id is not None
        timeline = compiled_for(
            book.get(session_id).id, Settings(breath_seconds=breath_seconds, minutes=minutes)
        )
        if as_json:
            from gethip.shapes import timeline_json

            print_json(timeline_json(timeline))
        else:
            show_plan(timeline, book.get(session_id).name)
        return

    from rich.panel import Panel

    from gethip.cli.clock import MonotonicClock
    from gethip.cli.coach import Coach
    from gethip.cli.output import console
    from gethip.cli.voice import INSTALL_HINT, Voice
    from gethip.core.practice import Ending, StepOutcome
    from gethip.core.timeline import Segment

    context = app.context()
    found = practices.resumable(context) if resume else None
    if resume and found is None:
        raise practices.NothingToResume()
    if found is not None and dry_run:
        show_plan(practices.timeline_of(found.practice), book.get(found.practice.session).name)
        return
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if practices.is_first(context) and not show_safety(interactive):
        return
    if found is not None:
        detail = practices.resume(context, found.practice.id)
        practice = detail.practice
        from_segment = detail.resume_from or 0
        timeline = practices.timeline_of(practice)
        session = book.get(practice.session)
        console.print(
            f"Resuming {session.name} at step {from_segment + 1} of {len(timeline.segments)}."
        )
    else:
        assert session_id is not None
        session = book.get(session_id)
        practice, _ = practices.start(
            context,
            str(uuid.uuid4()),
            session.id,
            Settings(breath_seconds=breath_seconds, minutes=minutes),
        )
        from_segment = 0
        timeline = practices.timeline_of(practice)
    if timeline.deviation is not None:
        show_deviation(timeline)

    def record(segment: Segment, outcome: StepOutcome, worked: float) -> None:
        # The wall clock, not the command's "now": a session lasts a while.
        practices.record_step(context, practice.id, segment, outcome, worked, datetime.now(UTC))

    speaker = Voice(voice)
    if speaker.missing:
        console.print(f"[yellow]note:[/] {INSTALL_HINT}")
    coach = Coach(timeline, load_catalog(), record, MonotonicClock(speed), speaker)
    if interactive:
        result = coach.play_live(from_segment, session.name)
    else:
        result = coach.play_lines(from_segment)
    speaker.close()

    if tightness is None and interactive:
        tightness = ask_rating("How tight do your hips feel now? 0 loose … 10 very tight")
    if pain is None and interactive:
        pain = ask_rating("Any pain? 0 none … 10 worst")
    finished = practices.finish(
        context, practice.id, result.ending, datetime.now(UTC), tightness, pain
    )
    summary = finished.practice
    console.print(
        f"{summary.status.value.capitalize()}: {summary.segments_done} of {summary.segments_total} "
        f"steps done, {summary.seconds_done / 60:.1f} min worked. Saved as {summary.id}."
    )
    if finished.advice is not None:
        console.print(Panel(finished.advice, title="Stop here", border_style="red"))
    elif result.ending == Ending.STOPPED:
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
    changes = "\n".join(f"• {change.text}" for change in timeline.deviation.changes)
    console.print(Panel(changes, title=timeline.deviation.label, border_style="yellow"))


def show_plan(timeline: Timeline, session_name: str) -> None:
    from rich.table import Table

    from gethip.cli.output import console
    from gethip.content import load_catalog
    from gethip.core.durations import mmss

    catalog = load_catalog()
    table = Table(
        title=f"{session_name}: {timeline.total_seconds / 60:.1f} min", title_justify="left"
    )
    for column in ("start", "move", "side", "step", "length"):
        table.add_column(column)
    for segment in timeline.segments:
        table.add_row(
            mmss(int(segment.start)),
            catalog.get(segment.move).name,
            segment.side.value if segment.side else "",
            segment.label,
            f"{segment.duration:g} s",
        )
    console.print(table)
    if timeline.deviation is not None:
        show_deviation(timeline)
