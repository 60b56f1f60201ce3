"""The terminal coach: plays a timeline, speaks it, and logs each segment as it finishes."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from gethip.cli.clock import MonotonicClock
from gethip.cli.voice import Voice, ring_bell
from gethip.core.catalog import Catalog
from gethip.core.durations import mmss
from gethip.core.player import CueDue, Event, Player, SegmentFinished, SegmentSkipped, State
from gethip.core.practice import Ending, StepOutcome
from gethip.core.timeline import CueKind, Segment, Timeline

# How often the live screen redraws while nothing is due (real seconds).
REFRESH_SECONDS = 0.2

# Saves one step as it ends: the segment, how it ended, the seconds worked in it.
RecordStep = Callable[[Segment, StepOutcome, float], None]


def session_clock(seconds: float) -> str:
    """[00:05], [12:30]: the cue lines' clock, always five characters wide below an hour."""
    return mmss(int(seconds)).rjust(5, "0")


@dataclass
class PlayResult:
    ending: Ending
    segments_done: int


class Coach:
    def __init__(
        self,
        timeline: Timeline,
        catalog: Catalog,
        record: RecordStep,
        clock: MonotonicClock,
        voice: Voice,
    ) -> None:
        self.timeline = timeline
        self.catalog = catalog
        self.record = record
        self.clock = clock
        self.voice = voice
        self.player = Player(timeline)
        self.last_cue = ""
        self.segments_done = 0

    def handle(self, events: list[Event], echo: bool) -> None:
        # The cues due now are spoken first and the steps that just ended saved
        # right after, in the same tick: a save (a few ms of database) must not
        # make the runner hear "switch sides" late. A crash in between loses
        # only the step that had just ended, never more than one.
        ordered = sorted(events, key=lambda event: not isinstance(event, CueDue))
        for event in ordered:
            if isinstance(event, SegmentFinished):
                # Saved the moment it ends: a crash later cannot take it back.
                self.record(event.segment, StepOutcome.DONE, event.worked)
                self.segments_done += 1
            elif isinstance(event, SegmentSkipped):
                self.record(event.segment, StepOutcome.SKIPPED, event.worked)
            elif isinstance(event, CueDue):
                self.last_cue = event.cue.text
                if echo:
                    sys.stdout.write(f"[{session_clock(event.cue.at)}] {event.cue.text}\n")
                    sys.stdout.flush()
                self.voice.say(event.cue.text)
                # The bell would be noise in piped output; it is for the person on the mat.
                if event.cue.kind == CueKind.SWITCH and not echo:
                    ring_bell()

    def play_lines(self, from_segment: int) -> PlayResult:
        """Without a terminal: one line per cue, flushed as it happens."""
        self.player.start(self.clock.now(), from_segment)
        try:
            while self.player.state == State.PLAYING:
                self.handle(self.player.tick(self.clock.now()), echo=True)
                due = self.player.next_due()
                if due is None:
                    break
                self.clock.sleep_until(due)
        except KeyboardInterrupt:
            return PlayResult(Ending.STOPPED, self.segments_done)
        return PlayResult(Ending.FINISHED, self.segments_done)

    def play_live(self, from_segment: int, session_name: str) -> PlayResult:
        """In a terminal: the live screen, with keys to pause, skip, mark done, go back and quit."""
        from rich.live import Live

        from gethip.cli.coach_screen import render
        from gethip.cli.keys import KeyReader
        from gethip.cli.output import console

        player = self.player
        player.start(self.clock.now(), from_segment)
        ending = Ending.FINISHED
        with (
            KeyReader() as keys,
            Live(console=console, auto_refresh=False, transient=False) as live,
        ):
            try:
                while player.state != State.FINISHED:
                    now = self.clock.now()
                    self.handle(player.tick(now), echo=False)
                    live.update(
                        render(player, self.catalog, session_name, now, self.last_cue), refresh=True
                    )
                    if not player.is_playing_or_paused:
                        break
                    due = player.next_due()
                    wait = REFRESH_SECONDS
                    if due is not None:
                        wait = min(wait, self.clock.real_seconds(due - self.clock.now()))
                    key = keys.read(wait)
                    if key is None:
                        continue
                    now = self.clock.now()
                    if key == " ":
                        player.toggle(now)
                    elif key in ("n", "N"):
                        self.handle(player.skip(now), echo=False)
                    elif key in ("d", "D") and player.current_segment.reps:
                        self.handle(player.complete(now), echo=False)
                    elif key in ("b", "B"):
                        player.back(now)
                    elif key in ("q", "Q"):
                        ending = Ending.STOPPED
                        break
            except KeyboardInterrupt:
                ending = Ending.STOPPED
            live.update(
                render(player, self.catalog, session_name, self.clock.now(), self.last_cue),
                refresh=True,
            )
        return PlayResult(ending, self.segments_done)
