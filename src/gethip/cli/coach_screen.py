"""The live screen of the terminal coach: readable from the mat, two metres away."""

from __future__ import annotations

import math

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from gethip.core.catalog import Catalog
from gethip.core.durations import mmss
from gethip.core.player import Player, State
from gethip.core.timeline import Segment, SegmentKind

# Five-row block digits: Rich has no large type, and the countdown must be
# legible from the floor.
_GLYPHS = {
    "0": ["███", "█ █", "█ █", "█ █", "███"],
    "1": [" █ ", "██ ", " █ ", " █ ", "███"],
    "2": ["███", "  █", "███", "█  ", "███"],
    "3": ["███", "  █", "███", "  █", "███"],
    "4": ["█ █", "█ █", "███", "  █", "  █"],
    "5": ["███", "█  ", "███", "  █", "███"],
    "6": ["███", "█  ", "███", "█ █", "███"],
    "7": ["███", "  █", "  █", "  █", "  █"],
    "8": ["███", "█ █", "███", "█ █", "███"],
    "9": ["███", "█ █", "███", "  █", "███"],
    ":": ["   ", " █ ", "   ", " █ ", "   "],
}

KIND_STYLE = {
    SegmentKind.PREPARE: "yellow",
    SegmentKind.TRANSITION: "yellow",
    SegmentKind.SWITCH: "magenta",
    SegmentKind.REST: "blue",
    SegmentKind.WORK: "green",
    SegmentKind.HOLD: "cyan",
}


def big_digits(text: str) -> str:
    rows = ["  ".join(_GLYPHS[ch][row] for ch in text if ch in _GLYPHS) for row in range(5)]
    return "\n".join(rows)


def clock_text(seconds: float) -> str:
    """A countdown shows 0:03 until the third second is fully gone."""
    return mmss(math.ceil(max(0.0, seconds) - 1e-9))


def counter_text(segment: Segment, into: float, breath_seconds: float) -> str:
    """Which rep or breath of the segment is under way."""
    if segment.reps:
        tempo = segment.duration / segment.reps
        return f"rep {min(segment.reps, int(into // tempo) + 1)} of {segment.reps}"
    if segment.breaths:
        number = min(segment.breaths, int(into // breath_seconds) + 1)
        phase = "in" if (into % breath_seconds) < breath_seconds / 2 else "out"
        rep = f"rep {segment.rep} · " if segment.rep else ""
        return f"{rep}breath {number} of {segment.breaths} · {phase}"
    return ""


def render(
    player: Player,
    catalog: Catalog,
    session_name: str,
    now: float,
    last_cue: str,
    note: str = "",
) -> RenderableType:
    timeline = player.timeline
    position = player.position(now)
    segment = player.current_segment
    move = catalog.get(segment.move)
    into = min(max(position - segment.start, 0.0), segment.duration)
    style = KIND_STYLE[segment.kind]

    title = Text(move.name, style=f"bold {style}")
    if segment.side:
        title.append(f"   {segment.side.value.upper()} SIDE", style="bold white")
    subtitle = Text(segment.label, style=style)
    counter = counter_text(segment, into, timeline.settings.breath_seconds)
    if counter:
        subtitle.append(f"   {counter}", style="bold")

    countdown = Text(big_digits(clock_text(segment.duration - into)), style=f"bold {style}")

    bars = Table.grid(padding=(0, 1))
    bars.add_column(width=8)
    bars.add_column()
    bars.add_column(justify="right")
    bars.add_row(
        "step",
        ProgressBar(total=segment.duration, completed=into, width=40),
        f"{segment.index + 1}/{len(timeline.segments)}",
    )
    bars.add_row(
        "session",
        ProgressBar(total=timeline.total_seconds, completed=position, width=40),
        f"{clock_text(position)} / {clock_text(timeline.total_seconds)}",
    )

    upcoming = player.next_segment
    if upcoming is not None:
        next_move = catalog.get(upcoming.move).name
        side = f" ({upcoming.side.value})" if upcoming.side else ""
        next_text = Text(f"next: {upcoming.label} · {next_move}{side}", style="dim")
    else:
        next_text = Text("next: done", style="dim")

    state = {
        State.PAUSED: Text(" PAUSED — space to resume ", style="bold black on yellow"),
        State.FINISHED: Text(" DONE ", style="bold black on green"),
    }.get(player.state, Text(""))
    done = " · d done" if segment.reps else ""
    keys = Text(
        f"space pause/resume · n next{done} · b back · q quit (progress is saved)", style="dim"
    )
    body = Group(
        title,
        subtitle,
        Text(""),
        countdown,
        Text(""),
        Text(f"“{last_cue}”", style="italic") if last_cue else Text(""),
        Text(""),
        bars,
        next_text,
        state,
        Text(note, style="yellow") if note else Text(""),
        keys,
    )
    return Panel(body, title=f"gethip · {session_name}", border_style=style)
