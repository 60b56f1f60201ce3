"""Plays a timeline against a clock it is given.

Every cue is due at an absolute offset from the session's origin, never
"some seconds after the previous one", so a late wake-up never pushes the
cues after it: lateness cannot accumulate. Pausing moves the origin forward
by exactly the time spent paused; skipping moves it so the position lands on
a segment's start.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from gethip.core.timeline import Cue, Segment, Timeline

# Pressing "back" this soon into a segment goes to the previous one, as a
# music player does; later, it restarts the current segment.
BACK_GRACE_SECONDS = 2.0


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a monotonic scale; only differences matter."""
        ...


class State(StrEnum):
    READY = "ready"
    PLAYING = "playing"
    PAUSED = "paused"
    FINISHED = "finished"


@dataclass(frozen=True)
class CueDue:
    cue: Cue
    lateness: float  # seconds between when the cue was due and when tick() saw it


@dataclass(frozen=True)
class SegmentFinished:
    """A step done: it ran out, or the runner marked its reps done."""

    segment: Segment
    worked: float  # seconds spent in it


@dataclass(frozen=True)
class SegmentSkipped:
    """A step the runner moved past before its end."""

    segment: Segment
    worked: float


@dataclass(frozen=True)
class SessionFinished:
    pass


Event = CueDue | SegmentFinished | SegmentSkipped | SessionFinished


class Player:
    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.state = State.READY
        self._origin = 0.0
        self._paused_at: float | None = None
        self._next_cue = 0
        self._current = 0  # index of the segment whose end has not been reported yet

    # -- where we are -------------------------------------------------------

    def position(self, now: float) -> float:
        """Session time in seconds, frozen while paused."""
        if self.state == State.READY:
            return self._start_position()
        if self.state == State.FINISHED:
            return self.timeline.total_seconds
        reference = self._paused_at if self._paused_at is not None else now
        return min(max(reference - self._origin, 0.0), self.timeline.total_seconds)

    @property
    def is_playing_or_paused(self) -> bool:
        return self.state in (State.PLAYING, State.PAUSED)

    @property
    def current_segment(self) -> Segment:
        return self.timeline.segments[min(self._current, len(self.timeline.segments) - 1)]

    @property
    def next_segment(self) -> Segment | None:
        following = self._current + 1
        return (
            self.timeline.segments[following] if following < len(self.timeline.segments) else None
        )

    def next_due(self) -> float | None:
        """Clock time of the next event, or None when paused or finished."""
        if self.state != State.PLAYING:
            return None
        offsets = [self.current_segment.end]
        if self._next_cue < len(self.timeline.cues):
            offsets.append(self.timeline.cues[self._next_cue].at)
        return self._origin + min(offsets)

    # -- controls -----------------------------------------------------------

    def start(self, now: float, from_segment: int = 0) -> None:
        """Start playing, at the beginning or (to resume) at a segment's start."""
        self._current = from_segment
        self._seek(now, self._start_position())
        self.state = State.PLAYING

    def pause(self, now: float) -> None:
        if self.state == State.PLAYING:
            self._paused_at = now
            self.state = State.PAUSED

    def resume(self, now: float) -> None:
        if self.state == State.PAUSED and self._paused_at is not None:
            self._origin += now - self._paused_at
            self._paused_at = None
            self.state = State.PLAYING

    def toggle(self, now: float) -> None:
        if self.state == State.PAUSED:
            self.resume(now)
        else:
            self.pause(now)

    def skip(self, now: float) -> list[Event]:
        """Go to the next segment's start; the segment left is reported skipped, with its time."""
        return self._leave(now, done=False)

    def complete(self, now: float) -> list[Event]:
        """The runner says the step is done (all reps made early): credit it, and move on."""
        return self._leave(now, done=True)

    def _leave(self, now: float, done: bool) -> list[Event]:
        if self.state in (State.READY, State.FINISHED):
            return []
        segment = self.current_segment
        worked = round(min(max(self.position(now) - segment.start, 0.0), segment.duration), 3)
        events: list[Event] = [
            SegmentFinished(segment, worked) if done else SegmentSkipped(segment, worked)
        ]
        if self._current + 1 >= len(self.timeline.segments):
            self._current = len(self.timeline.segments)
            self.state = State.FINISHED
            return [*events, SessionFinished()]
        self._current += 1
        self._seek(now, self.timeline.segments[self._current].start)
        return events

    def back(self, now: float) -> None:
        """Restart the current segment, or go to the previous one right after a segment began."""
        if self.state in (State.READY, State.FINISHED):
            return
        into_segment = self.position(now) - self.current_segment.start
        if into_segment < BACK_GRACE_SECONDS and self._current > 0:
            self._current -= 1
        self._seek(now, self.timeline.segments[self._current].start)

    # -- time passing -------------------------------------------------------

    def tick(self, now: float) -> list[Event]:
        """Everything that became due by ``now``, in session order."""
        if self.state != State.PLAYING:
            return []
        events: list[Event] = []
        cues = self.timeline.cues
        segments = self.timeline.segments
        # Due times are compared on the clock's scale, computed exactly as
        # next_due() computes them, so a tick at next_due() always delivers
        # (now - origin can round a hair below the offset on a large clock).
        origin = self._origin
        while True:
            cue_at = cues[self._next_cue].at if self._next_cue < len(cues) else None
            segment_end = segments[self._current].end if self._current < len(segments) else None
            # A segment ends before the cues of the next one begin.
            if (
                segment_end is not None
                and origin + segment_end <= now
                and (cue_at is None or segment_end <= cue_at)
            ):
                events.append(
                    SegmentFinished(segments[self._current], segments[self._current].duration)
                )
                self._current += 1
            elif cue_at is not None and origin + cue_at <= now:
                lateness = now - (self._origin + cue_at)
                events.append(CueDue(cues[self._next_cue], max(lateness, 0.0)))
                self._next_cue += 1
            else:
                break
        if self._current >= len(segments) and self._next_cue >= len(cues):
            self.state = State.FINISHED
            events.append(SessionFinished())
        return events

    # -- internals ----------------------------------------------------------

    def _start_position(self) -> float:
        segments = self.timeline.segments
        return segments[min(self._current, len(segments) - 1)].start

    def _seek(self, now: float, position: float) -> None:
        self._origin = now - position
        if self._paused_at is not None:
            self._paused_at = now
        self._next_cue = self.timeline.first_cue_from(position)
