"""The player: a timeline played against a fake clock, tick by tick, without sleeping."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gethip.core.catalog import Catalog
from gethip.core.player import (
    BACK_GRACE_SECONDS,
    CueDue,
    Event,
    Player,
    SegmentFinished,
    SegmentSkipped,
    SessionFinished,
    State,
)
from gethip.core.sessions import SessionBook
from gethip.core.timeline import Cue, CueKind, Segment, Settings, Timeline, compile_session

# A monotonic clock rarely starts at zero; nothing may assume it does.
T0 = 1000.0


@pytest.fixture(scope="module")
def openers(book: SessionBook, catalog: Catalog) -> Timeline:
    return compile_session(book.get("openers"), catalog, Settings())


@pytest.fixture(scope="module")
def warmup(book: SessionBook, catalog: Catalog) -> Timeline:
    return compile_session(book.get("warmup"), catalog, Settings())


def run(player: Player, start: float, end: float, step: float = 0.5) -> list[tuple[float, Event]]:
    """Tick from ``start`` to ``end`` inclusive, every ``step`` seconds; (tick time, event) pairs."""
    events: list[tuple[float, Event]] = []
    ticks = round((end - start) / step)
    for number in range(ticks + 1):
        now = start + number * step
        events.extend((now, event) for event in player.tick(now))
    return events


def cues_of(events: Sequence[tuple[float, Event]]) -> list[Cue]:
    return [e.cue for _, e in events if isinstance(e, CueDue)]


def finished_of(events: Sequence[tuple[float, Event]]) -> list[Segment]:
    return [e.segment for _, e in events if isinstance(e, SegmentFinished)]


# -- a whole session ----------------------------------------------------------


def test_a_whole_session_emits_every_cue_and_segment_once_in_order_then_finishes(
    openers: Timeline,
) -> None:
    player = Player(openers)
    player.start(T0)
    events = run(player, T0, T0 + openers.total_seconds + 5)
    assert cues_of(events) == list(openers.cues)
    assert finished_of(events) == list(openers.segments)
    assert isinstance(events[-1][1], SessionFinished)
    assert sum(isinstance(e, SessionFinished) for _, e in events) == 1
    assert player.state == State.FINISHED
    # Each event arrives at the first tick at or after its due time.
    for now, event in events:
        if isinstance(event, CueDue):
            due = T0 + event.cue.at
        elif isinstance(event, SegmentFinished):
            due = T0 + event.segment.end
        else:
            due = T0 + openers.total_seconds
        assert due <= now < due + 0.5


def test_events_come_in_session_order_a_segment_ends_before_the_next_begins(
    warmup: Timeline,
) -> None:
    player = Player(warmup)
    player.start(T0)
    events = [e for _, e in run(player, T0, T0 + warmup.total_seconds, step=7.0)]
    times = []
    for event in events:
        if isinstance(event, CueDue):
            times.append(event.cue.at)
            if event.cue.kind == CueKind.DONE:
                # "Done" is said at the very end, once the last segment is over.
                assert isinstance(events[events.index(event) - 1], SegmentFinished)
                continue
            # A cue never arrives after its own segment was reported finished.
            assert not any(
                isinstance(e, SegmentFinished) and e.segment.index == event.cue.segment
                for e in events[: events.index(event)]
            )
        elif isinstance(event, SegmentFinished):
            times.append(event.segment.end)
    assert times == sorted(times)


def test_lateness_is_how_late_the_tick_was(openers: Timeline) -> None:
    player = Player(openers)
    player.start(T0)
    assert [(e.cue.at, e.lateness) for e in player.tick(T0) if isinstance(e, CueDue)] == [
        (0.0, 0.0)
    ]
    countdown_3 = openers.cues[1]
    events = player.tick(T0 + countdown_3.at + 0.3)
    assert len(events) == 1
    assert isinstance(events[0], CueDue)
    assert events[0].cue == countdown_3
    assert events[0].lateness == pytest.approx(0.3)


def test_nothing_happens_before_start(openers: Timeline) -> None:
    player = Player(openers)
    assert player.state == State.READY
    assert player.tick(T0 + 50) == []
    assert player.next_due() is None
    player.pause(T0)
    assert player.state == State.READY


# -- pause and resume ---------------------------------------------------------


def test_pausing_for_a_hundred_seconds_shifts_every_later_cue_by_a_hundred(
    openers: Timeline,
) -> None:
    pause_position = 100.0
    player = Player(openers)
    player.start(T0)
    heard: list[tuple[float, Cue]] = []
    paused = False
    while player.state != State.FINISHED:
        due = player.next_due()
        assert due is not None
        if not paused and due > T0 + pause_position:
            player.pause(T0 + pause_position)
            assert player.next_due() is None
            # Ticks while paused, even long after, say nothing.
            assert player.tick(T0 + pause_position + 50) == []
            assert player.tick(T0 + pause_position + 99.9) == []
            assert player.position(T0 + pause_position + 99.9) == pause_position
            player.resume(T0 + pause_position + 100)
            paused = True
            continue
        for event in player.tick(due):
            if isinstance(event, CueDue):
                assert event.lateness == pytest.approx(0, abs=1e-6)
                heard.append((due, event.cue))
    assert paused
    assert [cue for _, cue in heard] == list(openers.cues)
    for now, cue in heard:
        shift = 100 if cue.at > pause_position else 0
        assert now == pytest.approx(T0 + cue.at + shift, abs=1e-6)


def test_toggle_pauses_and_resumes(openers: Timeline) -> None:
    player = Player(openers)
    player.start(T0)
    player.toggle(T0 + 5)
    states = [player.state]
    player.toggle(T0 + 25)
    states.append(player.state)
    assert states == [State.PAUSED, State.PLAYING]
    assert player.position(T0 + 26) == pytest.approx(6)


# -- skip and back ------------------------------------------------------------


def test_skip_goes_to_the_next_segment_and_reports_the_skipped_one_with_its_seconds(
    openers: Timeline,
) -> None:
    work = openers.segments[1]  # the skating squat's 60 s
    player = Player(openers)
    player.start(T0)
    before = run(player, T0, T0 + work.start + 3)
    assert finished_of(before) == [openers.segments[0]]
    assert player.skip(T0 + work.start + 3) == [SegmentSkipped(work, 3.0)]
    assert player.current_segment == openers.segments[2]
    assert player.position(T0 + work.start + 3) == openers.segments[2].start
    after = run(player, T0 + work.start + 3, T0 + work.start + 3 + openers.total_seconds)
    heard = cues_of(before) + cues_of(after)
    finished = finished_of(before) + finished_of(after)
    assert work not in finished
    assert finished == [s for s in openers.segments if s.index != 1]
    # The skipped part of the squat stays silent: only what was said before the skip.
    squat_cues = [c for c in heard if c.segment == 1]
    assert squat_cues == [c for c in openers.cues if c.segment == 1 and c.at <= work.start + 3]
    assert [c for c in heard if c.segment != 1] == [c for c in openers.cues if c.segment != 1]
    assert isinstance(after[-1][1], SessionFinished)


def test_skip_lands_on_the_next_segment_start_with_its_first_cue_due_now(
    openers: Timeline,
) -> None:
    player = Player(openers)
    player.start(T0)
    run(player, T0, T0 + 4)
    player.skip(T0 + 4)
    assert player.next_due() == pytest.approx(T0 + 4)
    events = player.tick(T0 + 4)
    assert [e.cue for e in events if isinstance(e, CueDue)] == [
        c for c in openers.cues if c.at == openers.segments[1].start
    ]


def test_skip_on_the_last_segment_finishes_the_session(warmup: Timeline) -> None:
    last = warmup.segments[-1]
    player = Player(warmup)
    player.start(T0, from_segment=last.index)
    player.tick(T0 + 1)
    assert player.skip(T0 + 1) == [SegmentSkipped(last, 1.0), SessionFinished()]
    assert player.state == State.FINISHED
    assert player.tick(T0 + 1000) == []


def test_done_on_a_rep_step_credits_it_with_the_time_spent_and_moves_on(
    openers: Timeline,
) -> None:
    reps = next(s for s in openers.segments if s.reps)
    player = Player(openers)
    player.start(T0, from_segment=reps.index)
    player.tick(T0 + 12)
    assert player.complete(T0 + 12) == [SegmentFinished(reps, 12.0)]
    assert player.current_segment == openers.segments[reps.index + 1]
    assert player.position(T0 + 12) == openers.segments[reps.index + 1].start


def test_a_step_that_runs_out_is_done_with_all_its_seconds(warmup: Timeline) -> None:
    player = Player(warmup)
    player.start(T0)
    first = warmup.segments[0]
    events = player.tick(T0 + first.duration)
    assert SegmentFinished(first, first.duration) in events


def test_skip_while_paused_stays_paused_at_the_next_segment(openers: Timeline) -> None:
    player = Player(openers)
    player.start(T0)
    player.tick(T0 + 3)
    player.pause(T0 + 3)
    player.skip(T0 + 10)
    assert player.state == State.PAUSED
    assert player.tick(T0 + 40) == []
    player.resume(T0 + 60)
    assert player.position(T0 + 60) == openers.segments[1].start
    assert player.position(T0 + 65) == openers.segments[1].start + 5


def test_back_right_after_a_segment_starts_goes_to_the_previous_one(openers: Timeline) -> None:
    second = openers.segments[2]
    player = Player(openers)
    player.start(T0)
    run(player, T0, T0 + second.start + 1)
    assert player.current_segment == second
    player.back(T0 + second.start + 1)
    previous = openers.segments[1]
    assert player.current_segment == previous
    assert player.position(T0 + second.start + 1) == previous.start
    # The previous segment plays again from its start: its first cue is due now.
    again = player.tick(T0 + second.start + 1)
    assert [e.cue for e in again if isinstance(e, CueDue)] == [
        c for c in openers.cues if c.at == previous.start
    ]


def test_back_later_in_a_segment_restarts_it(openers: Timeline) -> None:
    second = openers.segments[2]
    later = second.start + BACK_GRACE_SECONDS + 1
    player = Player(openers)
    player.start(T0)
    run(player, T0, T0 + later)
    player.back(T0 + later)
    assert player.current_segment == second
    assert player.position(T0 + later) == second.start
    rest = run(player, T0 + later, T0 + later + second.duration)
    # Its cues are said again from the start, and it then finishes once.
    assert cues_of(rest)[0].at == second.start
    assert finished_of(rest) == [second]


def test_back_in_the_first_segment_restarts_it(openers: Timeline) -> None:
    player = Player(openers)
    player.start(T0)
    player.tick(T0 + 1)
    player.back(T0 + 1)
    assert player.current_segment == openers.segments[0]
    assert player.position(T0 + 1) == 0


# -- resuming from a segment --------------------------------------------------


def test_start_from_a_segment_begins_at_its_start_and_says_nothing_before_it(
    openers: Timeline,
) -> None:
    k = 7  # the bridge's first hold
    segment = openers.segments[k]
    player = Player(openers)
    assert player.position(T0) == 0
    player.start(T0, from_segment=k)
    assert player.position(T0) == segment.start
    assert player.next_due() == T0
    events = run(player, T0, T0 + openers.total_seconds)
    assert cues_of(events) == [c for c in openers.cues if c.at >= segment.start]
    assert cues_of(events)[0].segment == k
    assert finished_of(events) == list(openers.segments[k:])
    assert isinstance(events[-1][1], SessionFinished)


# -- when to wake up ----------------------------------------------------------


def test_next_due_is_the_next_cue_or_segment_end_on_the_clock(warmup: Timeline) -> None:
    player = Player(warmup)
    player.start(T0)
    assert player.next_due() == T0 + warmup.cues[0].at
    player.tick(T0)
    assert player.next_due() == T0 + warmup.cues[1].at  # the countdown "3"
    for cue in warmup.cues[1:4]:
        player.tick(T0 + cue.at)
    # After "1", the next event is the end of the prepare segment.
    assert warmup.cues[4].at == warmup.segments[0].end
    assert player.next_due() == T0 + warmup.segments[0].end


def test_next_due_is_none_while_paused_and_after_the_end(warmup: Timeline) -> None:
    player = Player(warmup)
    player.start(T0)
    player.tick(T0 + 1)
    player.pause(T0 + 1)
    assert player.next_due() is None
    player.resume(T0 + 11)
    assert player.next_due() == T0 + 10 + warmup.cues[1].at
    player.tick(T0 + 10_000)
    assert player.state == State.FINISHED
    assert player.next_due() is None


def test_a_late_wake_up_delivers_everything_due_and_the_rest_stays_on_time(
    openers: Timeline,
) -> None:
    player = Player(openers)
    player.start(T0)
    asleep_until = 200.0  # the process slept through 200 s of the session
    events = player.tick(T0 + asleep_until)
    due_cues = [c for c in openers.cues if c.at <= asleep_until]
    assert [e.cue for e in events if isinstance(e, CueDue)] == due_cues
    assert [e.segment for e in events if isinstance(e, SegmentFinished)] == [
        s for s in openers.segments if s.end <= asleep_until
    ]
    for event in events:
        if isinstance(event, CueDue):
            assert event.lateness == pytest.approx(asleep_until - event.cue.at)
    # No drift: the next cue is still due at its absolute time.
    following = openers.cues[len(due_cues)]
    assert player.next_due() == pytest.approx(T0 + following.at)
    again = player.tick(T0 + following.at)
    assert [(e.cue, e.lateness) for e in again if isinstance(e, CueDue)] == [(following, 0.0)]


def test_ticking_exactly_when_next_due_says_always_delivers_the_next_event(
    book: SessionBook, catalog: Catalog
) -> None:
    # An odd breath and an odd clock: offsets whose sums round below the due time.
    timeline = compile_session(book.get("openers"), catalog, Settings(breath_seconds=3.412109375))
    origin = 1000.0
    player = Player(timeline)
    player.start(origin)
    cues: list[Cue] = []
    ticks = 0
    while (due := player.next_due()) is not None:
        events = player.tick(due)
        assert events, f"nothing delivered at next_due() = {due}"
        cues.extend(e.cue for e in events if isinstance(e, CueDue))
        ticks += 1
        assert ticks <= len(timeline.cues) + len(timeline.segments)
    assert cues == list(timeline.cues)
    assert player.state == State.FINISHED


# -- any session, any breath --------------------------------------------------


@settings(max_examples=30, deadline=None)
# Holds that are not whole milliseconds once left the last segment unfinishable.
@example(session_id="openers", breath_seconds=3.0003, wake_ups=[0.5])
# A tick at origin + total once fell a hair short of the last segment's end.
@example(session_id="openers", breath_seconds=3.412109375, wake_ups=[0.0])
@given(
    session_id=st.sampled_from(("warmup", "openers", "strength", "offday")),
    breath_seconds=st.floats(min_value=3.0, max_value=15.0, allow_nan=False),
    wake_ups=st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=5),
)
def test_any_timeline_plays_to_the_end_whenever_the_player_wakes(
    book: SessionBook,
    catalog: Catalog,
    session_id: str,
    breath_seconds: float,
    wake_ups: list[float],
) -> None:
    timeline = compile_session(
        book.get(session_id), catalog, Settings(breath_seconds=breath_seconds)
    )
    player = Player(timeline)
    player.start(T0)
    events: list[Event] = []
    for fraction in sorted(wake_ups):
        events.extend(player.tick(T0 + fraction * timeline.total_seconds))
    events.extend(player.tick(T0 + timeline.total_seconds))
    assert [e.cue for e in events if isinstance(e, CueDue)] == list(timeline.cues)
    assert [e.segment for e in events if isinstance(e, SegmentFinished)] == list(timeline.segments)
    assert events[-1] == SessionFinished()
    assert all(e.lateness >= 0 for e in events if isinstance(e, CueDue))
