"""How late each cue is: the terminal coach's loop beside a naive sleep-the-gap loop.

    .venv/bin/python benchmarks/timer.py            # openers at 3 s breaths: 424 cues, ~70 s
    .venv/bin/python benchmarks/timer.py --quick    # its first 15 steps: 120 cues, ~20 s

Both loops play the same timeline in real time: the openers session compiled
at 3-second breaths (424 cues, 50 steps), with the clock sped up 25x so the
cues come every 60 ms or so (40 ms at the closest) instead of every 1.5 s.

gethip's figure is the terminal coach itself: `Coach.play_lines` with the real
`Player` and `MonotonicClock`, each step saved to a SQLite practice log in a
temporary folder as it finishes (as `gethip go` does), lines written to
/dev/null and the voice off. The baseline is what a first attempt looks like:
after each cue, sleep the gap to the next one (relative, so every oversleep
and the work done in between carry over). It hands the very same events, in
the same order, to the same coach, so only the timing differs.

For every cue the figure is its lateness: the real time it reached the voice
minus the time it was due, measured from the session's start. The last cue's
lateness is the drift. Targets: drift under 2 ms, p99 under 5 ms. They are
checked twice: for the cues the clock wakes up for (the timer itself) and for
all cues, apart from the 50 due as a step ends, which share their tick with
that step's save to the log (the coach speaks first, then saves).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from gethip.app import practices
from gethip.app.clock import SystemClock
from gethip.app.context import Context, context_for, open_store
from gethip.cli.clock import MonotonicClock
from gethip.cli.coach import Coach
from gethip.cli.voice import Voice
from gethip.config import Config
from gethip.content import load_catalog, load_sessions
from gethip.core.player import Event, Player, State
from gethip.core.practice import StepOutcome
from gethip.core.timeline import Segment, Settings, Timeline, compile_session

SESSION = "openers"
BREATH_SECONDS = 3.0
SPEED = 25.0
QUICK_STEPS = 15  # --quick plays the session's first steps only
DRIFT_TARGET_MS, P99_TARGET_MS = 2.0, 5.0


class TimedVoice(Voice):
    """The coach's voice, silent, noting the clock time each cue reaches it."""

    def __init__(self, clock: MonotonicClock) -> None:
        super().__init__(enabled=False)
        self.clock = clock
        self.heard: list[float] = []
        self.player: Player | None = None  # when set, the origin is read from it
        self.origin: float | None = None  # clock time of the session's 0 s

    def say(self, text: str) -> None:
        now = self.clock.now()
        if self.origin is None and self.player is not None:
            self.origin = now - self.player.position(now)
        self.heard.append(now)
        super().say(text)


def new_coach(timeline: Timeline, context: Context, speed: float) -> Coach:
    """The coach as `gethip go` makes it: each step saved through the application as it ends."""
    practice, _ = practices.start(
        context, str(uuid.uuid4()), timeline.session, timeline.settings, datetime.now(UTC)
    )

    def record(segment: Segment, outcome: StepOutcome, worked: float) -> None:
        practices.record_step(context, practice.id, segment, outcome, worked, datetime.now(UTC))

    clock = MonotonicClock(speed)
    return Coach(timeline, load_catalog(), record, clock, TimedVoice(clock))


def play_gethip(coach: Coach) -> TimedVoice:
    """The real loop: `Coach.play_lines`, sleeping until each absolute due time."""
    voice = voice_of(coach)
    voice.player = coach.player
    coach.play_lines(0)
    return voice


def first_steps(timeline: Timeline, steps: int) -> Timeline:
    """The timeline cut after its first ``steps`` steps, with the cues due before the cut."""
    end = timeline.segments[steps - 1].end
    return timeline.model_copy(
        update={
            "segments": timeline.segments[:steps],
            "cues": tuple(cue for cue in timeline.cues if cue.at < end),
            "total_seconds": end,
        }
    )


def scheduled_events(timeline: Timeline) -> list[tuple[float, list[Event]]]:
    """The events the player delivers and when, worked out once on a clock that only jumps."""
    player = Player(timeline)
    player.start(0.0)
    groups: list[tuple[float, list[Event]]] = []
    now = 0.0
    while player.state == State.PLAYING:
        events = player.tick(now)
        if events:
            groups.append((now, events))
        due = player.next_due()
        if due is None:
            break
        now = due
    return groups


def play_naive(coach: Coach, groups: list[tuple[float, list[Event]]], speed: float) -> TimedVoice:
    """The baseline: sleep the gap since the previous event, then hand over the next ones."""
    voice = voice_of(coach)
    voice.origin = coach.clock.now()
    previous = 0.0
    for at, events in groups:
        time.sleep((at - previous) / speed)
        previous = at
        coach.handle(events, echo=True)
    return voice


def voice_of(coach: Coach) -> TimedVoice:
    assert isinstance(coach.voice, TimedVoice)
    return coach.voice


def lateness_ms(timeline: Timeline, voice: TimedVoice, speed: float) -> list[float]:
    """Real milliseconds between each cue's due time and the moment it reached the voice."""
    assert voice.origin is not None and len(voice.heard) == len(timeline.cues)
    origin = voice.origin
    return [
        (now - (origin + cue.at)) / speed * 1000
        for cue, now in zip(timeline.cues, voice.heard, strict=True)
    ]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def describe(values: list[float]) -> str:
    return (
        f"{percentile(values, 0.5):8.2f} {percentile(values, 0.99):8.2f} "
        f"{max(values):8.2f} {values[-1]:9.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help=f"the first {QUICK_STEPS} steps only")
    parser.add_argument("--speed", type=float, default=SPEED, help="clock speed-up (%(default)g)")
    args = parser.parse_args()
    speed = args.speed

    session = load_sessions().get(SESSION)
    timeline = compile_session(session, load_catalog(), Settings(breath_seconds=BREATH_SECONDS))
    if args.quick:
        timeline = first_steps(timeline, QUICK_STEPS)
    gaps = [(b.at - a.at) / speed * 1000 for a, b in itertools.pairwise(timeline.cues)]
    print(
        f"{session.name} at {BREATH_SECONDS:g} s breaths: {len(timeline.cues)} cues, "
        f"{len(timeline.segments)} steps, {timeline.total_seconds / speed:.1f} s at {speed:g}x "
        f"(cues {min(gaps):.0f}-{max(gaps):.0f} ms apart, median {percentile(gaps, 0.5):.0f} ms)",
        flush=True,
    )

    with tempfile.TemporaryDirectory(prefix="gethip-timer-") as folder:
        store = open_store(Config.load(database_url=f"sqlite:///{Path(folder) / 'timer.db'}"))
        try:
            context = context_for(store, store.local_user(), SystemClock())
            naive_coach = new_coach(timeline, context, speed)
            gethip_coach = new_coach(timeline, context, speed)
            groups = scheduled_events(timeline)
            with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
                naive_voice = play_naive(naive_coach, groups, speed)
                gethip_voice = play_gethip(gethip_coach)
        finally:
            store.close()

    naive_ms = lateness_ms(timeline, naive_voice, speed)
    ours_ms = lateness_ms(timeline, gethip_voice, speed)

    # A cue due as a step ends comes in the same tick as that step's save to the log;
    # every other cue is one the clock woke up for.
    ends = {segment.end for segment in timeline.segments}
    at_end = [round(cue.at, 3) in ends for cue in timeline.cues]
    woken = [value for value, shared in zip(ours_ms, at_end, strict=True) if not shared]
    behind_save = [value for value, shared in zip(ours_ms, at_end, strict=True) if shared]

    print(f"\ncue lateness, real ms{'':30s}     p50      p99      max  last cue")
    print(f"{'naive: sleep the gap after each cue':51s} {describe(naive_ms)}")
    print(f"{'gethip: sleep until each due time, all cues':51s} {describe(ours_ms)}")
    if woken and behind_save:
        label = f"  {len(woken)} cues the clock wakes for (the timer)"
        print(f"{label:51s} {describe(woken)}")
        label = f"  {len(behind_save)} cues due as a step ends (tick with a save)"
        print(f"{label:51s} {describe(behind_save)}")
    quarters = [naive_ms[round(q * (len(naive_ms) - 1))] for q in (0.25, 0.5, 0.75, 1.0)]
    print(
        "naive lateness a quarter, half, three quarters and all the way through: "
        + ", ".join(f"{value:.1f}" for value in quarters)
        + " ms"
    )
    print(
        f"drift at the last cue: naive {naive_ms[-1]:.1f} ms, gethip {ours_ms[-1]:.2f} ms "
        f"(ratio {naive_ms[-1] / max(ours_ms[-1], 0.001):.0f})"
    )
    print(f"targets: drift < {DRIFT_TARGET_MS:g} ms, p99 < {P99_TARGET_MS:g} ms")
    for name, values in (("timer", woken), ("all cues", ours_ms)):
        if values:
            drift, p99 = values[-1], percentile(values, 0.99)
            print(
                f"  {name + ':':10s} drift {drift:.2f} ms {verdict(drift, DRIFT_TARGET_MS)}, "
                f"p99 {p99:.2f} ms {verdict(p99, P99_TARGET_MS)}"
            )


def verdict(value: float, target: float) -> str:
    return "met" if value < target else "MISSED"


if __name__ == "__main__":
    sys.exit(main())
