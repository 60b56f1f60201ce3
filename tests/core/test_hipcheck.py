"""The hip check's maths on bodies posed at known angles: exact when clean, honest when not."""

from __future__ import annotations

import json
import math
import random
from datetime import date
from typing import Any

import pytest

from gethip.core.hipcheck import (
    HIP,
    KNEE,
    LIMITS,
    BadRecording,
    CheckRefused,
    CheckResult,
    CheckTest,
    Recording,
    Refusal,
    Side,
    Verdict,
    describe,
    measure,
    read_recording,
)
from gethip.core.hipcheck_comparison import (
    IncomparableChecks,
    compare_over_time,
    compare_sides,
)
from tests.core.pose_factories import PUBLISHED_NOISE, THIGH, Camera, merged, recording


def read(data: dict[str, Any]) -> Recording:
    return read_recording(json.dumps(data))


def check(data: dict[str, Any]) -> CheckResult:
    return measure(read(data))


def refusal(data: dict[str, Any]) -> CheckRefused:
    with pytest.raises(CheckRefused) as refused:
        check(data)
    return refused.value


# ---- exact without noise ---------------------------------------------------


@pytest.mark.parametrize("thigh", [-25.0, -8.5, 0.0, 3.2, 17.0])
@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("heading", [1, -1])
def test_a_still_hanging_thigh_reads_its_angle_to_a_tenth_of_a_degree(
    thigh: float, side: str, heading: int
) -> None:
    result = check(recording("thomas", side, thigh, knee_deg=95.0, heading=heading))
    assert result.thigh_angle_deg == pytest.approx(thigh, abs=0.1)
    assert result.knee_angle_deg == pytest.approx(95.0, abs=0.1)
    assert result.hip_extension_deg is None
    assert result.uncertainty_deg == pytest.approx(7.0)
    assert result.frames_used == 6 * 30 - 2 * 30  # every frame after the first two seconds


def test_a_knee_below_the_hip_is_positive_and_above_it_negative() -> None:
    assert check(recording("thomas", angle=10.0)).thigh_angle_deg == pytest.approx(10.0)
    assert check(recording("thomas", angle=-10.0)).thigh_angle_deg == pytest.approx(-10.0)


@pytest.mark.parametrize("extension", [-10.0, 0.0, 12.0, 25.0])
@pytest.mark.parametrize("lean", [0.0, 15.0])
@pytest.mark.parametrize("heading", [1, -1])
def test_the_lunge_reads_hip_extension_from_the_trunk_line_facing_either_way(
    extension: float, lean: float, heading: int
) -> None:
    result = check(recording("lunge", "right", extension, lean_deg=lean, heading=heading))
    assert result.hip_extension_deg == pytest.approx(extension, abs=0.1)
    assert result.thigh_angle_deg is None
    assert result.to_json()["hip_extension_deg"] == round(extension, 1)
    assert "thigh_angle_deg" not in result.to_json()


def test_a_16_9_frame_gives_the_true_angle_where_normalised_coordinates_would_bend_it() -> None:
    data = recording("thomas", angle=20.0, camera=Camera(width=1280, height=720))
    assert check(data).thigh_angle_deg == pytest.approx(20.0, abs=0.1)
    frame = data["frames"][0]["landmarks"]
    hip, knee = frame[HIP["left"]], frame[KNEE["left"]]
    naive = math.degrees(math.atan2(knee[1] - hip[1], abs(knee[0] - hip[0])))
    assert abs(naive - 20.0) > 10  # what skipping the scaling would have said: about 33°


def test_a_portrait_frame_reads_the_same_as_a_landscape_one() -> None:
    portrait = check(recording("thomas", angle=-6.0, camera=Camera(width=720, height=1280)))
    landscape = check(recording("thomas", angle=-6.0, camera=Camera(width=1920, height=1080)))
    assert portrait.thigh_angle_deg == pytest.approx(landscape.thigh_angle_deg, abs=1e-9)


# ---- noise of the published size -------------------------------------------


def test_with_landmark_noise_of_the_published_size_every_reading_is_within_its_uncertainty() -> (
    None
):
    rng = random.Random(14)
    errors = []
    for seed in range(40):
        test = "thomas" if seed % 2 else "lunge"
        truth = rng.uniform(-20, 20)
        result = check(recording(test, "left", truth, noise=PUBLISHED_NOISE, seed=seed))
        error = result.angle_deg - truth
        assert abs(error) <= result.uncertainty_deg, (seed, truth, result)
        assert result.uncertainty_deg > LIMITS.base_uncertainty_deg
        errors.append(abs(error))
    assert sum(errors) / len(errors) < 2.0


def test_the_uncertainty_is_seven_degrees_widened_by_the_spread_of_the_frames() -> None:
    clean = check(recording("thomas", angle=4.0))
    assert clean.spread_deg == pytest.approx(0.0, abs=1e-9)
    assert clean.uncertainty_deg == pytest.approx(7.0)
    noisy = check(recording("thomas", angle=4.0, noise=PUBLISHED_NOISE, seed=3))
    assert noisy.spread_deg > 3
    assert noisy.uncertainty_deg == pytest.approx(math.hypot(7.0, noisy.spread_deg))


# ---- what the camera cannot see --------------------------------------------


def test_a_hidden_knee_refuses_and_says_what_was_not_seen() -> None:
    hidden = recording(
        "thomas", "right", visibility=lambda t, i: 0.3 if i == KNEE["right"] else 0.99
    )
    refused = refusal(hidden)
    assert refused.code is Refusal.TOO_FEW_FRAMES
    assert "Only 0 of 180 frames showed your right hip, knee and ankle clearly" in refused.reason


def test_low_visibility_below_the_bar_counts_as_hidden() -> None:
    murky = recording("thomas", visibility=lambda t, i: 0.79)
    assert refusal(murky).code is Refusal.TOO_FEW_FRAMES
    clear_enough = recording("thomas", visibility=lambda t, i: 0.8)
    assert check(clear_enough).frames_used == 120


def test_only_the_tested_side_needs_to_be_seen_clearly() -> None:
    far_side_dim = recording(
        "thomas", "left", 6.0, visibility=lambda t, i: 0.4 if i in (24, 26, 28) else 0.95
    )
    assert check(far_side_dim).thigh_angle_deg == pytest.approx(6.0, abs=0.1)


def test_a_knee_hidden_for_a_moment_restarts_the_two_seconds_of_stillness() -> None:
    # Occluded from 3.0 to 3.5 s (a hand passing): frames count again from 5.5 s.
    def seen(t: float, index: int) -> float:
        return 0.2 if 3.0 <= t < 3.5 and index == KNEE["left"] else 0.99

    result = check(recording("thomas", angle=2.0, seconds=8.0, visibility=seen))
    expected = sum(1 for n in range(240) if 2.0 <= n / 30 < 3.0 or n / 30 >= 5.5 - 1e-9)
    assert result.frames_used == expected
    assert result.thigh_angle_deg == pytest.approx(2.0, abs=0.1)


def test_a_camera_off_the_side_refuses_and_says_how_far_the_hips_are_apart() -> None:
    refused = refusal(recording("thomas", angle=5.0, camera=Camera(yaw_deg=50)))
    assert refused.code is Refusal.NOT_SIDE_ON
    assert "does not see you from the side" in refused.reason
    assert "at most 35% when side-on" in refused.reason


def test_a_camera_a_little_off_the_side_is_accepted_and_errs_by_under_three_degrees() -> None:
    for yaw in (-25.0, 15.0, 25.0):
        result = check(recording("thomas", angle=15.0, camera=Camera(yaw_deg=yaw)))
        assert abs(result.angle_deg - 15.0) < 3, yaw


# ---- movement and jumps ----------------------------------------------------


def test_frames_while_the_leg_settles_are_dropped_and_the_still_ones_read_exactly() -> None:
    # The leg sinks from 30° above horizontal to 8° below over 3 s, then hangs still.
    def sinking(t: float) -> float:
        return -30.0 + 38.0 * min(t, 3.0) / 3.0

    result = check(recording("thomas", angle=sinking, seconds=8.0))
    assert result.thigh_angle_deg == pytest.approx(8.0, abs=0.1)
    assert result.frames_total == 240

    # Counting starts 2 s after the knee came within a tenth of a thigh of its
    # resting place: a little before 5 s, as its last 0.2 s of travel is that small.
    def counted_from(seconds: float) -> int:
        return sum(1 for n in range(240) if n / 30 >= seconds)

    assert counted_from(5.0) <= result.frames_used <= counted_from(4.7)


def test_a_leg_that_never_settles_is_refused_for_moving() -> None:
    swaying = recording("thomas", angle=lambda t: 5.0 + 12.0 * math.sin(t * 2.0), seconds=8.0)
    refused = refusal(swaying)
    assert refused.code is Refusal.TOO_FEW_FRAMES
    assert "seconds of holding still" in refused.reason
    assert "knee was still moving" in refused.reason


def test_a_recording_shorter_than_the_stillness_needed_is_refused() -> None:
    assert refusal(recording("thomas", seconds=1.5)).code is Refusal.TOO_FEW_FRAMES


def test_a_pause_in_the_frames_restarts_the_stillness() -> None:
    before = recording("thomas", angle=3.0, seconds=1.5)
    after = recording("thomas", angle=3.0, seconds=3.0, start=4.0)  # nothing seen for 2.5 s
    result = check(merged(before, after))
    assert result.frames_used == sum(1 for n in range(90) if n / 30 >= 2.0 - 1e-9)


def jump(data: dict[str, Any], every: int) -> dict[str, Any]:
    """The tracker snaps the tested knee a thigh's length away for one frame, every ``every``."""
    for number, frame in enumerate(data["frames"]):
        if number % every == every // 2:
            knee = frame["landmarks"][KNEE[data["side"]]]
            knee[0] += THIGH * 320 / data["width"]
    return data


def test_landmarks_that_keep_jumping_are_refused() -> None:
    refused = refusal(jump(recording("thomas", angle=4.0), every=5))
    assert refused.code is Refusal.LANDMARKS_JUMP
    assert "jumped about in 36 of 180 frames" in refused.reason


def test_a_rare_jump_is_dropped_and_the_reading_is_unharmed() -> None:
    result = check(jump(recording("thomas", angle=4.0), every=40))
    assert result.thigh_angle_deg == pytest.approx(4.0, abs=0.1)
    assert result.frames_used < 120


def test_legs_swapped_by_the_tracker_are_refused_rather_than_read() -> None:
    data = recording("thomas", "left", 5.0)
    data["side"] = "right"  # the right knee is the hugged one, high up
    refused = refusal(data)
    assert refused.code is Refusal.LEGS_MIXED_UP
    assert "your right knee should sit lower than the other one" in refused.reason


def test_three_trials_in_one_file_read_as_one_median_over_their_still_frames() -> None:
    trials = [
        recording("thomas", "right", angle, start=20.0 * n) for n, angle in enumerate((3, 5, 6))
    ]
    result = check(merged(*trials))
    assert result.frames_used == 3 * 120
    assert result.thigh_angle_deg == pytest.approx(5.0, abs=0.1)
    assert result.spread_deg > 0
    assert result.uncertainty_deg > 7.0


# ---- the file --------------------------------------------------------------


def test_the_file_format_round_trips_and_frames_may_come_in_any_order() -> None:
    data = recording("lunge", "left", 9.0)
    data["frames"].reverse()
    assert check(data).hip_extension_deg == pytest.approx(9.0, abs=0.1)


@pytest.mark.parametrize(
    ("mangle", "said"),
    [
        (lambda d: "{not json", "Invalid JSON"),
        (lambda d: json.dumps({**d, "test": "squat"}), "test: Input should be 'thomas' or 'lunge'"),
        (
            lambda d: json.dumps({k: v for k, v in d.items() if k != "width"}),
            "width: Field required",
        ),
        (lambda d: json.dumps({**d, "height": 0}), "height: Input should be greater than 0"),
        (
            lambda d: json.dumps(
                {**d, "frames": [{**d["frames"][0], "landmarks": d["frames"][0]["landmarks"][:32]}]}
            ),
            "frames[0].landmarks: a pose has 33 landmarks, this frame has 32",
        ),
        (lambda d: json.dumps(d).replace("0.99", "NaN", 1), "finite number"),
        (lambda d: json.dumps([d]), "Input should be an object"),
    ],
)
def test_a_file_that_is_not_the_download_format_says_where(mangle: Any, said: str) -> None:
    with pytest.raises(BadRecording) as bad:
        read_recording(mangle(recording("thomas", seconds=0.1)))
    assert said in str(bad.value)
    assert str(bad.value).startswith("not a gethip landmarks file")


def test_the_json_is_the_issues_shape_rounded_to_a_tenth() -> None:
    result = check(recording("thomas", "left", 7.26, knee_deg=101.04))
    assert result.to_json() == {
        "test": "thomas",
        "side": "left",
        "thigh_angle_deg": 7.3,
        "knee_angle_deg": 101.0,
        "uncertainty_deg": 7.0,
        "frames_used": 120,
        "verdict": "thigh-below-horizontal",
    }


# ---- verdicts and words ----------------------------------------------------


@pytest.mark.parametrize(
    ("test", "angle", "verdict"),
    [
        ("thomas", -12.0, Verdict.THIGH_ABOVE_HORIZONTAL),
        ("thomas", -6.0, Verdict.THIGH_ABOUT_HORIZONTAL),
        ("thomas", 6.0, Verdict.THIGH_ABOUT_HORIZONTAL),
        ("thomas", 12.0, Verdict.THIGH_BELOW_HORIZONTAL),
        ("lunge", -12.0, Verdict.THIGH_AHEAD_OF_TRUNK),
        ("lunge", 3.0, Verdict.THIGH_ON_TRUNK),
        ("lunge", 15.0, Verdict.THIGH_BEHIND_TRUNK),
    ],
)
def test_the_verdict_calls_a_side_only_beyond_the_uncertainty(
    test: str, angle: float, verdict: Verdict
) -> None:
    result = check(recording(test, angle=angle))
    assert result.verdict is verdict
    sentence = describe(result)
    assert f"{round(abs(angle))}°" in sentence and "±7°" in sentence
    assert "diagnos" not in sentence.lower()


def result_of(test: str, side: str, angle: float, uncertainty: float = 7.0) -> CheckResult:
    thomas = test == "thomas"
    return CheckResult(
        test=CheckTest(test),
        side=Side(side),
        thigh_angle_deg=angle if thomas else None,
        hip_extension_deg=None if thomas else angle,
        knee_angle_deg=100.0,
        spread_deg=0.0,
        uncertainty_deg=uncertainty,
        frames_used=100,
        frames_total=180,
        verdict=Verdict.THIGH_ABOUT_HORIZONTAL if thomas else Verdict.THIGH_ON_TRUNK,
    )


def test_left_and_right_differ_only_beyond_their_combined_uncertainty() -> None:
    # Two ±7° readings: the difference is uncertain by ±9.9°.
    small = compare_sides(result_of("thomas", "left", 4.0), result_of("thomas", "right", -5.0))
    assert not small.beyond_uncertainty
    assert small.combined_uncertainty_deg == pytest.approx(math.hypot(7, 7))
    assert small.message == (
        "Your left and right thighs sit within 9° of each other, inside the ±10° the camera "
        "can tell apart: no difference it can see."
    )
    large = compare_sides(result_of("thomas", "left", 4.0), result_of("thomas", "right", -8.0))
    assert large.beyond_uncertainty
    assert large.difference_deg == pytest.approx(-12.0)
    assert large.message == (
        "Your right thigh sits about 12° higher than your left, more than the ±10° the camera "
        "can tell apart between two readings."
    )


def test_in_the_lunge_the_side_that_reaches_further_back_is_named() -> None:
    difference = compare_sides(result_of("lunge", "left", 18.0), result_of("lunge", "right", 4.0))
    assert difference.message.startswith("Your left hip extends about 14° further than your right")


def test_a_runner_against_themself_over_time_names_the_date_and_the_margin() -> None:
    earlier = result_of("thomas", "left", -9.0)
    later = result_of("thomas", "left", 3.0, uncertainty=7.5)
    change = compare_over_time(earlier, later, date(2026, 3, 3))
    assert change.beyond_uncertainty
    assert change.message == (
        "Your left thigh now hangs about 12° lower than on 3 March 2026, more than the ±10° "
        "the camera can tell apart between two readings."
    )
    same = compare_over_time(earlier, result_of("thomas", "left", -4.0), date(2026, 3, 3))
    assert not same.beyond_uncertainty
    assert "no change it can see" in same.message


def test_readings_of_different_tests_or_sides_over_time_do_not_compare() -> None:
    with pytest.raises(IncomparableChecks):
        compare_sides(result_of("thomas", "left", 0), result_of("lunge", "right", 0))
    with pytest.raises(IncomparableChecks):
        compare_over_time(
            result_of("thomas", "left", 0), result_of("thomas", "right", 0), date.today()
        )
