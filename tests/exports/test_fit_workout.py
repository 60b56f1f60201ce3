"""The FIT workout export, read back with a second, independent decoder (fitdecode)."""

from __future__ import annotations

from datetime import UTC, datetime

import fitdecode
import pytest

from gethip.content import load_catalog, load_sessions
from gethip.core.timeline import SegmentKind, Settings, Side, Timeline, compile_session
from gethip.exports.fit_workout import (
    NOTES_BYTES,
    STEP_NAME_BYTES,
    WORKOUT_NAME_BYTES,
    FitMappingError,
    RepeatStep,
    WorkoutStep,
    clip_text,
    clip_words,
    expand_repeats,
    export_fit_workout,
    fit_exercise_numbers,
    fold_repeats,
    plan_workout,
)
from tests.exports.fit_reading import DecodedWorkout, crcs_hold, decode_workout, exercise_name

CREATED = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
SESSIONS = load_sessions().ids
REST_KINDS = {SegmentKind.PREPARE, SegmentKind.TRANSITION, SegmentKind.SWITCH, SegmentKind.REST}


def compiled(session_id: str, settings: Settings | None = None) -> Timeline:
    return compile_session(load_sessions().get(session_id), load_catalog(), settings or Settings())


def exported(session_id: str, settings: Settings | None = None) -> tuple[Timeline, bytes]:
    timeline = compiled(session_id, settings)
    data = export_fit_workout(timeline, load_sessions().get(session_id), load_catalog(), CREATED)
    return timeline, data


def decoded(session_id: str, settings: Settings | None = None) -> DecodedWorkout:
    return decode_workout(exported(session_id, settings)[1])


@pytest.mark.parametrize("session_id", SESSIONS)
def test_every_session_exports_a_workout_file_whose_crcs_check(session_id: str) -> None:
    _, data = exported(session_id)
    workout = decode_workout(data)
    assert workout.header_size == 14
    assert workout.protocol == (1, 0)
    assert workout.header_crc_matched is True
    assert workout.file_crc_matched is True
    assert crcs_hold(data)
    assert workout.file_id["type"] == "workout"
    assert workout.file_id["manufacturer"] == "development"
    assert workout.file_id["time_created"] == CREATED
    assert workout.workout["sport"] == "training"
    assert workout.workout["num_valid_steps"] == len(workout.steps)


@pytest.mark.parametrize(
    ("session_id", "sub_sport"),
    [
        ("warmup", "flexibility_training"),
        ("openers", "flexibility_training"),
        ("strength", "strength_training"),
        ("offday", "strength_training"),
    ],
)
def test_sub_sport_is_flexibility_for_drills_and_openers_and_strength_otherwise(
    session_id: str, sub_sport: str
) -> None:
    assert decoded(session_id).workout["sub_sport"] == sub_sport


@pytest.mark.parametrize("session_id", SESSIONS)
def test_played_steps_give_back_every_segment_its_duration_reps_side_and_exercise(
    session_id: str,
) -> None:
    timeline = compiled(session_id)
    catalog = load_catalog()
    played = decoded(session_id).played()
    assert len(played) == len(timeline.segments)
    for segment, step in zip(timeline.segments, played, strict=True):
        move = catalog.get(segment.move)
        if segment.reps is not None:
            assert step["duration_type"] == "reps"
            assert step["duration_reps"] == segment.reps
        else:
            assert step["duration_type"] == "time"
            # fitdecode scales the stored milliseconds back to seconds
            assert round(step["duration_time"] * 1000) == round(segment.duration * 1000)
        if segment.kind in REST_KINDS:
            assert step["intensity"] == "rest"
            assert "exercise_category" not in step
            continue
        assert step["intensity"] == "active"
        if segment.side is not None:
            assert step["wkt_step_name"].endswith(" R" if segment.side == Side.RIGHT else " L")
        if move.fit.category is None:
            assert "exercise_category" not in step
        else:
            assert step["exercise_category"] == move.fit.category
            assert exercise_name(move.fit.category, step["exercise_name"]) == move.fit.name


def test_the_openers_bridge_is_one_repeat_of_two_holds_eight_times_on_each_leg() -> None:
    steps = decoded("openers").steps
    repeats = [s for s in steps if s["duration_type"] == "repeat_until_steps_cmplt"]
    assert [r["repeat_steps"] for r in repeats] == [8, 8]
    for repeat in repeats:
        at = steps.index(repeat)
        extended, hovering = steps[repeat["duration_step"] : at]
        assert extended["notes"].startswith("Leg extended.")
        assert hovering["notes"].startswith("Leg hovering.")
        assert extended["duration_time"] == hovering["duration_time"] == 30.0
        assert extended["exercise_category"] == "hip_raise"
        assert exercise_name("hip_raise", extended["exercise_name"]) == "single_leg_hip_raise"
    assert [steps[r["duration_step"]]["wkt_step_name"] for r in repeats] == [
        "1-Leg Bridge R",
        "1-Leg Bridge L",
    ]


def test_strength_sets_stay_written_out_so_no_rest_is_added_after_the_last() -> None:
    steps = decoded("strength").steps
    assert not [s for s in steps if s["duration_type"] == "repeat_until_steps_cmplt"]
    step_ups = [s for s in steps if s.get("wkt_step_name", "").startswith("Step-Ups")]
    assert [s["wkt_step_name"] for s in step_ups] == ["Step-Ups R", "Step-Ups L"] * 2
    assert [s["notes"].split(".")[0] for s in step_ups] == ["Set 1 of 2"] * 2 + ["Set 2 of 2"] * 2
    assert all(s["duration_reps"] == 10 for s in step_ups)


def test_alternating_reps_count_every_step_and_say_how_many_per_leg() -> None:
    lunges = [s for s in decoded("strength").steps if s.get("wkt_step_name") == "Walking Lunges"]
    assert [s["duration_reps"] for s in lunges] == [20, 20]
    assert all(s["notes"].endswith("10 per leg.") for s in lunges)


def test_breath_holds_take_the_chosen_breath_length() -> None:
    def low_lunge_holds(breath: float) -> list[float]:
        steps = decoded("openers", Settings(breath_seconds=breath)).steps
        return [s["duration_time"] for s in steps if s.get("wkt_step_name", "").startswith("Low")]

    assert low_lunge_holds(6) == [30.0, 30.0]
    assert low_lunge_holds(4.5) == [22.5, 22.5]
    assert low_lunge_holds(10) == [50.0, 50.0]


def test_drills_without_a_fit_exercise_keep_their_own_name() -> None:
    steps = decoded("warmup").steps
    drills = [s for s in steps if s["intensity"] == "active"]
    assert [s["wkt_step_name"] for s in drills] == [
        "High Knees",
        "Butt Kicks",
        "Skipping",
        "Backward Run",
    ]
    assert drills[0]["exercise_category"] == "warm_up"
    assert exercise_name("warm_up", drills[0]["exercise_name"]) == "walking_high_knees"
    assert all("exercise_category" not in s for s in drills[1:])
    assert all(s["duration_time"] == 40.0 for s in drills)


@pytest.mark.parametrize("session_id", SESSIONS)
def test_names_and_notes_stay_within_the_fit_string_sizes(session_id: str) -> None:
    workout = decoded(session_id)
    assert 0 < len(workout.workout["wkt_name"].encode()) < WORKOUT_NAME_BYTES
    for step in workout.steps:
        if step["duration_type"] == "repeat_until_steps_cmplt":
            continue
        assert 0 < len(step["wkt_step_name"].encode()) < STEP_NAME_BYTES
        assert 0 < len(step["notes"].encode()) < NOTES_BYTES


def test_step_notes_carry_the_moves_main_cue() -> None:
    catalog = load_catalog()
    steps = decoded("openers").steps
    low_lunge = next(s for s in steps if s.get("wkt_step_name") == "Low Lunge R")
    assert low_lunge["notes"] == "Front knee over ankle. 5 breaths."
    skating = next(s for s in steps if s.get("wkt_step_name") == "Skating Squat")
    assert skating["notes"].startswith(catalog.get("skating-squat").cues[0])
    switch = next(s for s in steps if s.get("wkt_step_name") == "Switch sides")
    assert switch["notes"] == "Switch sides. Left side."


def test_a_shortened_session_says_so_in_its_name_and_description() -> None:
    workout = decoded("openers", Settings(minutes=10))
    assert workout.workout["wkt_name"] == "Hip openers 10m"
    assert "Shortened to fit 10 min" in workout.workout["wkt_description"]
    repeats = [s for s in workout.steps if s["duration_type"] == "repeat_until_steps_cmplt"]
    assert [r["repeat_steps"] for r in repeats] == [3, 3]


def test_a_damaged_file_fails_the_second_decoders_crc_check() -> None:
    _, data = exported("openers")
    damaged = bytearray(data)
    damaged[len(damaged) // 2] ^= 0x01
    assert not crcs_hold(bytes(damaged))
    with pytest.raises(fitdecode.FitCRCError):
        decode_workout(bytes(damaged))


def test_export_is_deterministic_for_the_same_time() -> None:
    assert exported("offday")[1] == exported("offday")[1]


def test_folding_repeats_round_trips_and_prefers_the_widest_cover() -> None:
    def step(name: str) -> WorkoutStep:
        return WorkoutStep(move="m", name=name, notes="", intensity="active", duration_ms=1000)

    a, b, c = step("a"), step("b"), step("c")
    sequence = [c, a, b, a, b, a, b, c, c]
    folded = fold_repeats(sequence)
    assert folded == (c, a, b, RepeatStep(back_to=1, times=3), c, RepeatStep(back_to=4, times=2))
    assert expand_repeats(folded) == sequence


def test_the_plan_of_every_session_plays_back_as_its_timeline() -> None:
    catalog = load_catalog()
    for session in load_sessions():
        timeline = compile_session(session, catalog, Settings())
        plan = plan_workout(timeline, session, catalog)
        assert len(expand_repeats(plan.steps)) == len(timeline.segments)


def test_text_is_cut_at_sentence_clause_or_word_boundaries() -> None:
    assert clip_text("One. Two. Three.", 9) == "One. Two."
    assert clip_text("Next: Low Lunge Variation, hold 5 deep breaths.", 30) == (
        "Next: Low Lunge Variation."
    )
    assert clip_words("Multi-plane strength", 15) == "Multi-plane"
    assert len(clip_words("Überlangeswort", 5).encode()) <= 5


def test_an_unknown_fit_mapping_is_named_with_its_move() -> None:
    assert fit_exercise_numbers("squat", "air_squat", "air-squats") == (28, 100)
    with pytest.raises(FitMappingError, match=r"air-squats.*'air_squatz'"):
        fit_exercise_numbers("squat", "air_squatz", "air-squats")
    with pytest.raises(FitMappingError, match="no FIT exercise category 'yoga_flow'"):
        fit_exercise_numbers("yoga_flow", None, "x")
