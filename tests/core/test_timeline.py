"""The compiler: a session and settings become timed segments and spoken cues."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from gethip.core.catalog import (
    BreathHoldDose,
    Catalog,
    Move,
    Sidedness,
    TimedDose,
    describe_dose,
)
from gethip.core.errors import InvalidSettings
from gethip.core.sessions import Session, SessionBook
from gethip.core.timeline import (
    Cue,
    CueKind,
    Segment,
    SegmentKind,
    Settings,
    Side,
    Timeline,
    compile_session,
)

SESSION_IDS = ("warmup", "openers", "strength", "offday")


def compile_named(
    book: SessionBook,
    catalog: Catalog,
    session_id: str,
    breath_seconds: float = 6.0,
    minutes: int | None = None,
) -> Timeline:
    return compile_session(
        book.get(session_id),
        catalog,
        Settings(breath_seconds=breath_seconds, minutes=minutes),
    )


def segments_of(timeline: Timeline, move_id: str) -> list[Segment]:
    return [s for s in timeline.segments if s.move == move_id]


def cues_in(timeline: Timeline, segment: Segment) -> list[Cue]:
    return [c for c in timeline.cues if c.segment == segment.index]


def assert_well_formed(timeline: Timeline) -> None:
    """What every player relies on, whatever the session and settings."""
    segments = timeline.segments
    assert segments[0].start == 0
    for position, segment in enumerate(segments):
        assert segment.index == position
        assert segment.duration > 0
    for before, after in itertools.pairwise(segments):
        assert after.start == before.end
    assert timeline.total_seconds == segments[-1].end
    assert timeline.total_seconds == pytest.approx(sum(s.duration for s in segments), abs=1e-6)
    times = [c.at for c in timeline.cues]
    assert all(a < b for a, b in itertools.pairwise(times)), "cues not strictly ordered"
    for cue in timeline.cues:
        assert 0 <= cue.segment < len(segments)
        owner = segments[cue.segment]
        assert owner.start <= cue.at <= owner.end, cue
    last = timeline.cues[-1]
    assert last.kind == CueKind.DONE
    assert last.at == timeline.total_seconds


# -- shape of every timeline --------------------------------------------------


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_segments_are_contiguous_indexed_and_add_up_to_the_total(
    book: SessionBook, catalog: Catalog, session_id: str
) -> None:
    assert_well_formed(compile_named(book, catalog, session_id))


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_segments_follow_the_session_move_order(
    book: SessionBook, catalog: Catalog, session_id: str
) -> None:
    timeline = compile_named(book, catalog, session_id)
    order: list[str] = []
    for segment in timeline.segments:
        if not order or order[-1] != segment.move:
            order.append(segment.move)
    assert tuple(order) == book.get(session_id).moves


def test_there_are_exactly_six_segment_kinds() -> None:
    assert {k.value for k in SegmentKind} == {
        "prepare",
        "work",
        "hold",
        "rest",
        "switch",
        "transition",
    }


def test_a_session_opens_with_prepare_and_each_later_move_with_a_transition(
    book: SessionBook, catalog: Catalog
) -> None:
    timeline = compile_named(book, catalog, "openers")
    session = book.get("openers")
    lead_ins = [
        s for s in timeline.segments if s.kind in (SegmentKind.PREPARE, SegmentKind.TRANSITION)
    ]
    assert [s.kind for s in lead_ins] == [SegmentKind.PREPARE] + [SegmentKind.TRANSITION] * 4
    assert [s.move for s in lead_ins] == list(session.moves)
    assert lead_ins[0].duration == session.prepare_seconds
    assert all(s.duration == session.transition_seconds for s in lead_ins[1:])


def test_openers_as_written_take_twenty_two_and_a_half_minutes(
    book: SessionBook, catalog: Catalog
) -> None:
    timeline = compile_named(book, catalog, "openers")
    assert timeline.total_seconds == 1350
    assert timeline.as_written_seconds == 1350
    assert timeline.deviation is None


# -- sides --------------------------------------------------------------------


@pytest.mark.parametrize(
    "move_id",
    [
        "low-lunge-variation",
        "one-legged-bridge",
        "crescent-lunge-knee-up",
        "full-range-figure-four",
    ],
)
def test_each_sided_opener_works_right_then_switches_then_works_left(
    book: SessionBook, catalog: Catalog, move_id: str
) -> None:
    timeline = compile_named(book, catalog, "openers")
    body = segments_of(timeline, move_id)[1:]  # after the transition
    kinds = [s.kind for s in body]
    assert kinds.count(SegmentKind.SWITCH) == 1
    switch_at = kinds.index(SegmentKind.SWITCH)
    right, switch, left = body[:switch_at], body[switch_at], body[switch_at + 1 :]
    assert right and {s.side for s in right} == {Side.RIGHT}
    assert left and {s.side for s in left} == {Side.LEFT}
    assert [(s.kind, s.label, s.duration) for s in right] == [
        (s.kind, s.label, s.duration) for s in left
    ]
    assert switch.duration == book.get("openers").switch_seconds
    switch_cues = cues_in(timeline, switch)
    assert [(c.at, c.kind, c.text) for c in switch_cues] == [
        (switch.start, CueKind.SWITCH, "Switch sides. Left side.")
    ]


def test_an_each_sided_move_in_sets_switches_sides_within_every_set(
    book: SessionBook, catalog: Catalog
) -> None:
    timeline = compile_named(book, catalog, "strength")
    body = segments_of(timeline, "step-ups")
    assert [(s.kind, s.side, s.set) for s in body] == [
        (SegmentKind.PREPARE, None, None),
        (SegmentKind.WORK, Side.RIGHT, 1),
        (SegmentKind.SWITCH, Side.LEFT, None),
        (SegmentKind.WORK, Side.LEFT, 1),
        (SegmentKind.REST, None, None),
        (SegmentKind.WORK, Side.RIGHT, 2),
        (SegmentKind.SWITCH, Side.LEFT, None),
        (SegmentKind.WORK, Side.LEFT, 2),
    ]
    assert body[4].duration == 45
    assert cues_in(timeline, body[4])[0].text == "Rest. Set 2 of 2 next."


@pytest.mark.parametrize(
    ("session_id", "move_id"),
    [
        ("openers", "skating-squat"),
        ("warmup", "high-knees"),
        ("strength", "walking-lunges"),
        ("strength", "air-squats"),
        ("strength", "jump-squats"),
    ],
)
def test_alternating_and_two_legged_moves_never_switch_sides(
    book: SessionBook, catalog: Catalog, session_id: str, move_id: str
) -> None:
    assert catalog.get(move_id).dose.sidedness in (Sidedness.ALTERNATING, Sidedness.BOTH)
    body = segments_of(compile_named(book, catalog, session_id), move_id)
    assert all(s.kind != SegmentKind.SWITCH for s in body)
    assert all(s.side is None for s in body)


def test_walking_lunges_count_twenty_steps_for_ten_per_leg(
    book: SessionBook, catalog: Catalog
) -> None:
    timeline = compile_named(book, catalog, "strength")
    work = [s for s in segments_of(timeline, "walking-lunges") if s.kind == SegmentKind.WORK]
    assert [(s.reps, s.duration) for s in work] == [(20, 60), (20, 60)]


# -- the bridge ---------------------------------------------------------------


def bridge_holds(timeline: Timeline, side: Side) -> list[Segment]:
    return [
        s
        for s in segments_of(timeline, "one-legged-bridge")
        if s.kind == SegmentKind.HOLD and s.side == side
    ]


@pytest.mark.parametrize("side", [Side.RIGHT, Side.LEFT])
def test_bridge_is_eight_reps_of_ten_breaths_each_leg(
    book: SessionBook, catalog: Catalog, side: Side
) -> None:
    holds = bridge_holds(compile_named(book, catalog, "openers"), side)
    assert [(s.rep, s.label, s.breaths) for s in holds] == [
        (rep, label, 5) for rep in range(1, 9) for label in ("Leg extended", "Leg hovering")
    ]
    assert sum(s.duration for s in holds) == 480  # 8 reps x 10 breaths x 6 s
    # The holds follow one another without a gap.
    assert holds[-1].end - holds[0].start == 480


@pytest.mark.parametrize(("breath_seconds", "per_leg"), [(4.0, 320), (6.0, 480), (10.0, 800)])
def test_bridge_time_scales_with_the_breath_length(
    book: SessionBook, catalog: Catalog, breath_seconds: float, per_leg: float
) -> None:
    timeline = compile_named(book, catalog, "openers", breath_seconds=breath_seconds)
    for side in Side:
        assert sum(s.duration for s in bridge_holds(timeline, side)) == per_leg


def test_each_bridge_rep_is_announced_once(book: SessionBook, catalog: Catalog) -> None:
    timeline = compile_named(book, catalog, "openers")
    texts = [
        c.text
        for s in bridge_holds(timeline, Side.LEFT)
        for c in cues_in(timeline, s)
        if c.text.startswith("Rep ")
    ]
    assert [t.split(".")[0] for t in texts] == [f"Rep {n} of 8" for n in range(1, 9)]


# -- breath and count cues ----------------------------------------------------


def holds(timeline: Timeline) -> Iterator[Segment]:
    return (s for s in timeline.segments if s.kind == SegmentKind.HOLD)


@pytest.mark.parametrize("breath_seconds", [3.0, 4.0, 6.0, 7.5])
def test_every_hold_has_one_in_and_one_out_cue_per_breath_at_exact_times(
    book: SessionBook, catalog: Catalog, breath_seconds: float
) -> None:
    timeline = compile_named(book, catalog, "openers", breath_seconds=breath_seconds)
    checked = 0
    for hold in holds(timeline):
        assert hold.breaths is not None
        assert hold.duration == pytest.approx(hold.breaths * breath_seconds)
        breath_cues = [c for c in cues_in(timeline, hold) if c.kind == CueKind.BREATH]
        ins = [c for c in breath_cues if c.text.endswith("in.")]
        outs = [c for c in breath_cues if c.text == "And out."]
        assert len(ins) == len(outs) == hold.breaths
        assert len(breath_cues) == 2 * hold.breaths
        for n, (cue_in, cue_out) in enumerate(zip(ins, outs, strict=True)):
            assert cue_in.at == pytest.approx(hold.start + n * breath_seconds, abs=1e-3)
            assert cue_out.at == pytest.approx(
                hold.start + n * breath_seconds + breath_seconds / 2, abs=1e-3
            )
        assert ins[-1].text == "Last breath, in."
        checked += 1
    # 2 low-lunge holds, 32 bridge holds, 2 figure-four holds.
    assert checked == 36


def test_low_lunge_hold_counts_its_breaths_aloud(book: SessionBook, catalog: Catalog) -> None:
    timeline = compile_named(book, catalog, "openers")
    hold = next(
        s for s in segments_of(timeline, "low-lunge-variation") if s.kind == SegmentKind.HOLD
    )
    assert [(c.at - hold.start, c.text) for c in cues_in(timeline, hold)] == [
        (0.0, "Front knee over ankle. Breathe in."),
        (3.0, "And out."),
        (6.0, "Breath 2, in."),
        (9.0, "And out."),
        (12.0, "Breath 3, in."),
        (15.0, "And out."),
        (18.0, "Breath 4, in."),
        (21.0, "And out."),
        (24.0, "Last breath, in."),
        (27.0, "And out."),
    ]


def test_crescent_lunge_counts_one_to_ten_on_each_side_with_last_five(
    book: SessionBook, catalog: Catalog
) -> None:
    timeline = compile_named(book, catalog, "openers")
    work = [
        s for s in segments_of(timeline, "crescent-lunge-knee-up") if s.kind == SegmentKind.WORK
    ]
    assert [s.side for s in work] == [Side.RIGHT, Side.LEFT]
    for segment in work:
        assert (segment.reps, segment.duration) == (10, 40)  # 10 reps at 4 s
        counts = [c for c in cues_in(timeline, segment) if c.kind == CueKind.COUNT]
        assert [c.text for c in counts] == [
            "1", "2", "3", "4", "5", "6, last five.", "7", "8", "9", "10",
        ]  # fmt: skip
        # Each count lands mid-rep, 4 s apart.
        assert [c.at - segment.start for c in counts] == [4 * n - 2 for n in range(1, 11)]


def test_skating_squat_gets_go_halfway_and_last_five(book: SessionBook, catalog: Catalog) -> None:
    timeline = compile_named(book, catalog, "openers")
    work = next(s for s in segments_of(timeline, "skating-squat") if s.kind == SegmentKind.WORK)
    cues = {c.kind: c.at - work.start for c in cues_in(timeline, work) if c.kind != CueKind.FORM}
    assert cues == {CueKind.START: 0, CueKind.HALFWAY: 30, CueKind.LAST_FIVE: 55}
    forms = [c.at - work.start for c in cues_in(timeline, work) if c.kind == CueKind.FORM]
    assert len(forms) == len(catalog.get("skating-squat").cues) - 1
    assert all(5 <= at <= 52 for at in forms)


def test_lead_in_announces_the_move_and_counts_down(book: SessionBook, catalog: Catalog) -> None:
    timeline = compile_named(book, catalog, "openers")
    transition = segments_of(timeline, "low-lunge-variation")[0]
    assert [(c.at - transition.start, c.kind, c.text) for c in cues_in(timeline, transition)] == [
        (
            0,
            CueKind.ANNOUNCE,
            "Next: Low Lunge Variation, hold 5 deep breaths each side. Right side first.",
        ),
        (7, CueKind.COUNTDOWN, "3"),
        (8, CueKind.COUNTDOWN, "2"),
        (9, CueKind.COUNTDOWN, "1"),
    ]


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_the_last_cue_is_done_at_the_very_end(
    book: SessionBook, catalog: Catalog, session_id: str
) -> None:
    timeline = compile_named(book, catalog, session_id)
    done = [c for c in timeline.cues if c.kind == CueKind.DONE]
    assert len(done) == 1
    assert done[0] is timeline.cues[-1]
    assert done[0].at == timeline.total_seconds
    assert done[0].text.startswith("Done")


def test_cues_at_the_same_instant_are_spoken_as_one() -> None:
    # A 30 s drill with six form reminders: the fourth falls on "Halfway." at 15 s.
    dose = TimedDose(
        seconds=30, sidedness=Sidedness.BOTH, from_article=False, source="a test dose, no source"
    )
    move = drill("quick-drill", dose, cues=("Go", "One", "Two", "Three", "Four", "Five", "Six"))
    timeline = compile_session(solo_session(move), Catalog([move]), Settings())
    work = timeline.segments[1]
    texts = [(c.at - work.start, c.kind, c.text) for c in cues_in(timeline, work)]
    assert (15, CueKind.HALFWAY, "Four. Halfway.") in texts
    assert [t for _, _, t in texts if "Four" in t or "Halfway" in t] == ["Four. Halfway."]
    times = [c.at for c in timeline.cues]
    assert len(times) == len(set(times))


# -- settings -----------------------------------------------------------------


@pytest.mark.parametrize("breath_seconds", [3.0, 15.0])
def test_breath_length_accepts_three_to_fifteen_seconds(breath_seconds: float) -> None:
    assert Settings(breath_seconds=breath_seconds).breath_seconds == breath_seconds


@pytest.mark.parametrize("breath_seconds", [0.0, 2.99, 15.01, -6.0])
def test_breath_length_outside_three_to_fifteen_seconds_is_refused(breath_seconds: float) -> None:
    with pytest.raises(ValidationError):
        Settings(breath_seconds=breath_seconds)


def test_default_breath_is_six_seconds() -> None:
    assert Settings().breath_seconds == 6.0
    assert Settings().minutes is None


@pytest.mark.parametrize("minutes", [0, -5])
def test_a_budget_below_one_minute_is_refused(minutes: int) -> None:
    with pytest.raises(ValidationError):
        Settings(minutes=minutes)


# -- fitting a time budget ----------------------------------------------------


@pytest.mark.parametrize("minutes", [23, 30, 90])
def test_a_budget_the_session_fits_changes_nothing(
    book: SessionBook, catalog: Catalog, minutes: int
) -> None:
    free = compile_named(book, catalog, "openers")
    budgeted = compile_named(book, catalog, "openers", minutes=minutes)
    assert budgeted.deviation is None
    assert budgeted.segments == free.segments
    assert budgeted.cues == free.cues
    assert budgeted.total_seconds == free.total_seconds == 1350


def test_a_tight_budget_shortens_every_move_it_must_and_labels_it(
    book: SessionBook, catalog: Catalog
) -> None:
    session = book.get("openers")
    timeline = compile_named(book, catalog, "openers", minutes=15)
    deviation = timeline.deviation
    assert deviation is not None
    assert deviation.minutes == 15
    assert deviation.label == "Shortened to fit 15 min (as written: 22:30)"
    assert deviation.as_written_seconds == timeline.as_written_seconds == 1350
    assert deviation.compiled_seconds == timeline.total_seconds <= 15 * 60
    assert deviation.changes
    for change in deviation.changes:
        assert change.move in session.moves
        assert change.name == catalog.get(change.move).name
        assert change.before == catalog.get(change.move).dose
        assert change.after != change.before
        # Worded for a screen from the data, never the other way round.
        assert change.text == (
            f"{change.name}: {describe_dose(change.before)} → {describe_dose(change.after)}"
        )
    # Every move is still there, in order, with its shape.
    assert {s.move for s in timeline.segments} == set(session.moves)
    assert_well_formed(timeline)


def test_shortening_keeps_the_bridge_phases_and_both_legs(
    book: SessionBook, catalog: Catalog
) -> None:
    timeline = compile_named(book, catalog, "openers", minutes=12)
    right, left = bridge_holds(timeline, Side.RIGHT), bridge_holds(timeline, Side.LEFT)
    assert len(right) == len(left) >= 2
    assert len(right) < 16
    assert {s.label for s in right} == {"Leg extended", "Leg hovering"}


def test_an_impossible_budget_is_refused_with_a_clear_message(
    book: SessionBook, catalog: Catalog
) -> None:
    with pytest.raises(InvalidSettings) as caught:
        compile_named(book, catalog, "offday", minutes=1)
    assert re.fullmatch(
        r"Off-day strength and openers needs at least \d+ minutes even shortened; 1 is too few",
        str(caught.value),
    ), str(caught.value)


@pytest.mark.parametrize(
    ("session_id", "breath_seconds"),
    # Breath lengths whose shortest session ends a fraction of a second past a whole minute.
    [("offday", 6.0), ("openers", 6.0), ("openers", 8.436), ("offday", 5.278), ("openers", 4.143)],
)
def test_the_minimum_an_impossible_budget_names_is_exactly_the_shortest_that_fits(
    book: SessionBook, catalog: Catalog, session_id: str, breath_seconds: float
) -> None:
    with pytest.raises(InvalidSettings) as caught:
        compile_named(book, catalog, session_id, breath_seconds, minutes=1)
    found = re.search(r"at least (\d+) minutes", str(caught.value))
    assert found, str(caught.value)
    shortest = int(found.group(1))
    fitted = compile_named(book, catalog, session_id, breath_seconds, minutes=shortest)
    assert fitted.total_seconds <= shortest * 60
    with pytest.raises(InvalidSettings):
        compile_named(book, catalog, session_id, breath_seconds, minutes=shortest - 1)


def test_shortening_never_lengthens_a_move_already_below_the_floor() -> None:
    # A 1-breath hold is below the 2-breath floor the shortener keeps.
    short_hold = drill(
        "one-breath-hold",
        BreathHoldDose(
            breaths=1, sidedness=Sidedness.BOTH, from_article=False, source="a test dose, no source"
        ),
    )
    long_drill = drill(
        "long-drill",
        TimedDose(
            seconds=300,
            sidedness=Sidedness.BOTH,
            from_article=False,
            source="a test dose, no source",
        ),
    )
    session = Session(
        id="test",
        role="openers",
        name="Test session",
        summary="Two moves for a test.",
        when="never",
        moves=("one-breath-hold", "long-drill"),
    )
    catalog = Catalog([short_hold, long_drill])
    timeline = compile_session(session, catalog, Settings(minutes=3))
    assert timeline.deviation is not None
    hold = next(s for s in timeline.segments if s.kind == SegmentKind.HOLD)
    assert hold.breaths == 1
    assert [change.move for change in timeline.deviation.changes] == ["long-drill"]


# -- determinism and serialisation --------------------------------------------


@pytest.mark.parametrize("minutes", [None, 15])
def test_compiling_twice_gives_the_same_timeline(
    book: SessionBook, catalog: Catalog, minutes: int | None
) -> None:
    first = compile_named(book, catalog, "offday", breath_seconds=5.5, minutes=minutes)
    second = compile_named(book, catalog, "offday", breath_seconds=5.5, minutes=minutes)
    assert first == second


@pytest.mark.parametrize(("session_id", "minutes"), [("openers", None), ("offday", 20)])
def test_a_timeline_round_trips_through_json(
    book: SessionBook, catalog: Catalog, session_id: str, minutes: int | None
) -> None:
    timeline = compile_named(book, catalog, session_id, minutes=minutes)
    data = timeline.model_dump(mode="json")
    assert Timeline.model_validate(data) == timeline
    assert Timeline.model_validate_json(timeline.model_dump_json()) == timeline


def test_segment_at_and_first_cue_from_find_positions(book: SessionBook, catalog: Catalog) -> None:
    timeline = compile_named(book, catalog, "openers")
    assert timeline.segment_at(0) == 0
    assert timeline.segment_at(9.99) == 0
    assert timeline.segment_at(10) == 1
    assert timeline.segment_at(timeline.total_seconds + 50) == len(timeline.segments) - 1
    assert timeline.cues[timeline.first_cue_from(10)].at == 10
    assert timeline.cues[timeline.first_cue_from(10.01)].at > 10
    assert timeline.first_cue_from(timeline.total_seconds + 1) == len(timeline.cues)


# -- properties over any session and settings ---------------------------------


@settings(max_examples=60, deadline=None)
# A breath whose holds are not whole milliseconds: segments once drifted apart here.
@example(session_id="openers", breath_seconds=3.0003, minutes=None)
@example(session_id="openers", breath_seconds=8.436, minutes=1)
@given(
    session_id=st.sampled_from(SESSION_IDS),
    breath_seconds=st.floats(min_value=3.0, max_value=15.0, allow_nan=False),
    minutes=st.none() | st.integers(min_value=1, max_value=90),
)
def test_any_session_compiles_to_a_well_formed_timeline_or_a_clear_refusal(
    book: SessionBook,
    catalog: Catalog,
    session_id: str,
    breath_seconds: float,
    minutes: int | None,
) -> None:
    try:
        timeline = compile_named(book, catalog, session_id, breath_seconds, minutes)
    except InvalidSettings as error:
        assert minutes is not None
        found = re.search(r"at least (\d+) minutes", str(error))
        assert found, str(error)
        shortest = int(found.group(1))
        assert shortest > minutes
        fitted = compile_named(book, catalog, session_id, breath_seconds, shortest)
        assert fitted.total_seconds <= shortest * 60
        return
    assert_well_formed(timeline)
    assert {s.move for s in timeline.segments} == set(book.get(session_id).moves)
    if timeline.deviation is None:
        assert minutes is None or timeline.total_seconds <= minutes * 60
    else:
        assert minutes is not None
        assert timeline.total_seconds == timeline.deviation.compiled_seconds <= minutes * 60
        assert timeline.as_written_seconds > minutes * 60


# -- building blocks for made-up moves ----------------------------------------


def drill(move_id: str, dose: TimedDose | BreathHoldDose, cues: tuple[str, ...] = ("Go",)) -> Move:
    return Move(
        id=move_id,
        name=move_id.replace("-", " ").capitalize(),
        phase="warmup",
        summary="A move made up for a test.",
        steps=("Stand.", "Move."),
        dose=dose,
        cues=cues,
        benefits="Exercises the compiler.",
        muscles=("glutes",),
        planes=("sagittal",),
        easier={"name": "Slower", "how": "Do it more slowly."},
        harder={"name": "Faster", "how": "Do it more quickly."},
        safety=("Stop on pain.",),
        demo=standing_still(dose),
    )


def standing_still(dose: TimedDose | BreathHoldDose) -> dict[str, Any]:
    """The plainest demo a made-up move can have: one pose, for as long as its dose needs."""
    lasts = "breath" if isinstance(dose, BreathHoldDose) else 1.0
    return {
        "ground": "standing",
        "poses": {"stand": {}},
        "parts": [{"lasts": lasts, "keyframes": [{"at": 0, "pose": "stand"}]}],
        "still": ["stand"],
    }


def solo_session(move: Move) -> Session:
    return Session(
        id="solo",
        role="openers",
        name="Solo session",
        summary="One move for a test.",
        when="never",
        moves=(move.id,),
    )
