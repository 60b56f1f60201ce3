"""Where a runner is in a session, counted the way a runner counts: moves and sides.

A compiled timeline has a segment for every transition, switch and rest, so
"step 12 of 50" means nothing on a mat. A runner thinks "the second move, left
side"; this module words a segment's place that way. The web player counts
the same way from the timeline it fetches (static/js/player.js, ``placeOf``).
"""

from __future__ import annotations

from dataclasses import dataclass

from gethip.core.sides import Side
from gethip.core.timeline import Timeline


@dataclass(frozen=True)
class StepPlace:
    """The move a segment belongs to (a transition belongs to the move it leads into)."""

    move_number: int
    moves_total: int
    side: Side | None

    @property
    def text(self) -> str:
        where = f"move {self.move_number} of {self.moves_total}"
        return f"{where}, {self.side.value} side" if self.side else where


def move_numbers(timeline: Timeline) -> list[int]:
    """Each segment's move number from 1: it goes up whenever the move changes."""
    numbers: list[int] = []
    previous: str | None = None
    for segment in timeline.segments:
        if segment.move != previous:
            numbers.append((numbers[-1] if numbers else 0) + 1)
        else:
            numbers.append(numbers[-1])
        previous = segment.move
    return numbers


def place(timeline: Timeline, index: int) -> StepPlace:
    """Where segment ``index`` of ``timeline`` is, for a runner."""
    numbers = move_numbers(timeline)
    return StepPlace(numbers[index], numbers[-1], timeline.segments[index].side)
