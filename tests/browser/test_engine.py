"""The browser's engine (static/js/engine.js) plays a timeline by the same rules as core/player.py.

Both are driven through the same script of clock times and button presses;
they must report the same events in the same order. This is what lets the
web player and the terminal coach be trusted to behave alike.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

import pytest

from gethip.content import load_catalog, load_sessions
from gethip.core.player import (
    CueDue,
    Event,
    Player,
    SegmentFinished,
    SegmentSkipped,
    SessionFinished,
)
from gethip.core.timeline import Settings, compile_session

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

Step = tuple[str, float]  # (action, clock time): tick, pause, resume, skip, done, back


def script(seed: int, total: float) -> list[Step]:
    """A morning's worth of fiddling: irregular ticks, long stalls, and every button."""
    rng = random.Random(seed)
    now = 1000.0
    steps: list[Step] = [("start", now)]
    while now < 1000 + total * 1.3:
        now += rng.choice([0.05, 0.3, 1.0, 2.5, 17.0, 61.0])
        action = rng.choices(
            ["tick", "pause", "resume", "skip", "done", "back"], [20, 1, 1, 1, 1, 1]
        )[0]
        steps.append((action, round(now, 3)))
    return steps


def describe(event: Event) -> list[Any]:
    if isinstance(event, CueDue):
        return ["cue", event.cue.at, round(event.lateness, 6)]
    if isinstance(event, SegmentFinished):
        return ["segment", event.segment.index, round(event.worked, 6)]
    if isinstance(event, SegmentSkipped):
        return ["skipped", event.segment.index, round(event.worked, 6)]
    assert isinstance(event, SessionFinished)
    return ["finished"]


def played_by_the_core(timeline: Any, steps: list[Step]) -> list[list[Any]]:
    player = Player(timeline)
    events: list[list[Any]] = []
    for action, now in steps:
        if action == "start":
            player.start(now)
        elif action == "pause":
            player.pause(now)
        elif action == "resume":
            player.resume(now)
        elif action == "back":
            player.back(now)
        elif action == "skip":
            events += [describe(e) for e in player.skip(now)]
        elif action == "done":
            events += [describe(e) for e in player.complete(now)]
        events += [describe(e) for e in player.tick(now)]
    return events


PLAY_IN_THE_PAGE = """
async ([timeline, steps]) => {
  const { Engine } = await import("/static/js/engine.js");
  const engine = new Engine(timeline);
  const events = [];
  const round = (x) => Math.round(x * 1e6) / 1e6;
  const describe = (e) => e.type === "cue"
    ? ["cue", e.cue.at, round(e.lateness)]
    : e.type === "finished" ? ["finished"] : [e.type, e.segment.index, round(e.worked)];
  for (const [action, now] of steps) {
    if (action === "start") engine.start(now);
    else if (action === "pause") engine.pause(now);
    else if (action === "resume") engine.resume(now);
    else if (action === "back") engine.back(now);
    else if (action === "skip") events.push(...engine.skip(now).map(describe));
    else if (action === "done") events.push(...engine.complete(now).map(describe));
    events.push(...engine.tick(now).map(describe));
  }
  return events;
}
"""


@pytest.mark.parametrize("session_id", ["warmup", "openers"])
def test_the_web_engine_reports_what_the_core_player_reports(page: Page, session_id: str) -> None:
    timeline = compile_session(load_sessions().get(session_id), load_catalog(), Settings())
    page.goto("/")
    dumped = timeline.model_dump(mode="json")
    for seed in range(4):
        steps = script(seed, timeline.total_seconds)
        expected = played_by_the_core(timeline, steps)
        assert any(event[0] == "segment" for event in expected)
        assert any(event[0] == "skipped" for event in expected)
        assert page.evaluate(PLAY_IN_THE_PAGE, [dumped, steps]) == expected, seed
