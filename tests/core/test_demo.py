"""The demonstration figure: every move's demo validates, stands on the floor and keeps the dose's tempo."""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest

from gethip.core.catalog import Catalog, Move, parse_move
from gethip.core.demo import (
    ANKLE_HEIGHT,
    FOREARM,
    HEAD_FORWARD,
    HEAD_UP,
    HEEL_BACK,
    HIP_HALF_WIDTH,
    LIMB_RADIUS,
    SHANK,
    SHOULDER_HALF_WIDTH,
    THIGH,
    TOE_FORWARD,
    TRUNK_LENGTH,
    UPPER_ARM,
    Ground,
    Pose,
    camera_for,
    cycle_seconds,
    ease,
    figure_at,
    joints_3d,
    key_poses,
    mirror,
    pose_at,
    pose_points,
    surface_radius,
)
from gethip.core.errors import CatalogError
from gethip.core.sides import Side

EXACT = 1e-9
# How far a body part may float above (or sink into) the floor and still count as resting on it.
ON_THE_FLOOR = 0.01
STANDING_HIP = THIGH + SHANK + ANKLE_HEIGHT + LIMB_RADIUS
WARMUP_DRILLS = ("high-knees", "butt-kicks", "skipping", "running-backward")


def height(points: dict[str, tuple[float, float]], joint: str) -> float:
    """How far the body's surface at a joint is above the floor."""
    return points[joint][1] - surface_radius(joint)


def keyframe_poses(move: Move) -> list[tuple[str, Pose]]:
    return [
        (frame.pose, move.demo.poses[frame.pose])
        for part in move.demo.parts
        for frame in part.keyframes
    ]


def close(a: tuple[float, float], b: tuple[float, float], tolerance: float = EXACT) -> bool:
    return abs(a[0] - b[0]) <= tolerance and abs(a[1] - b[1]) <= tolerance


def raw(catalog: Catalog, move_id: str) -> dict[str, Any]:
    return copy.deepcopy(catalog.get(move_id).model_dump(mode="json"))


# -- the data -----------------------------------------------------------------


def test_every_move_has_a_demo_whose_parts_fit_its_dose(catalog: Catalog) -> None:
    kinds = {
        "reps": ["rep"],
        "timed": ["seconds"],
        "breath-hold": ["breath"],
        "range-then-hold": ["seconds", "breath"],
    }
    for move in catalog:
        wanted = kinds.get(move.dose.kind, ["breath", "breath"])
        assert [part.kind for part in move.demo.parts] == wanted, move.id


def test_a_hold_breathes_visibly(catalog: Catalog) -> None:
    for move in catalog:
        for part in move.demo.parts:
            if part.lasts == "breath":
                poses = {move.demo.poses[frame.pose] for frame in part.keyframes}
                assert len(poses) >= 2, f"{move.id}: a hold with no breath in it"


# -- forward kinematics ---------------------------------------------------------


def test_standing_upright_puts_every_joint_where_the_proportions_say() -> None:
    points = pose_points(Pose())
    hip = STANDING_HIP
    expected = {
        "pelvis": (0.0, hip),
        "neck": (0.0, hip + TRUNK_LENGTH),
        "head": (HEAD_FORWARD, hip + TRUNK_LENGTH + HEAD_UP),
        "right_knee": (0.0, hip - THIGH),
        "right_ankle": (0.0, ANKLE_HEIGHT + LIMB_RADIUS),
        "right_heel": (-HEEL_BACK, LIMB_RADIUS),
        "right_toe": (TOE_FORWARD, LIMB_RADIUS),
        "right_elbow": (0.0, hip + TRUNK_LENGTH - UPPER_ARM),
        "right_hand": (0.0, hip + TRUNK_LENGTH - UPPER_ARM - FOREARM),
    }
    for joint, point in expected.items():
        assert close(points[joint], point), joint
        assert close(points[joint.replace("right", "left")], point), joint


def test_a_thigh_raised_to_ninety_degrees_with_the_knee_bent_ninety_hangs_the_shin_straight_down() -> (
    None
):
    points = pose_points(Pose.model_validate({"right_leg": {"hip": 90, "knee": 90}}))
    assert close(points["right_knee"], (THIGH, STANDING_HIP))
    assert close(points["right_ankle"], (THIGH, STANDING_HIP - SHANK))
    assert close(points["right_toe"], (THIGH + TOE_FORWARD, STANDING_HIP - SHANK - ANKLE_HEIGHT))


def test_a_trunk_leaning_forward_ninety_degrees_is_level_with_the_hips() -> None:
    points = pose_points(Pose(trunk=90))
    pelvis = points["pelvis"]
    assert close(points["neck"], (pelvis[0] + TRUNK_LENGTH, pelvis[1]))
    assert close(points["head"], (pelvis[0] + TRUNK_LENGTH + HEAD_UP, pelvis[1] - HEAD_FORWARD))


def test_lying_on_the_back_rests_the_shoulders_and_the_back_of_the_head_on_the_floor() -> None:
    legs_up = {"hip": 90}
    points = pose_points(
        Pose.model_validate({"trunk": -90, "right_leg": legs_up, "left_leg": legs_up})
    )
    for joint in ("neck", "right_shoulder", "left_shoulder", "head", "pelvis"):
        assert abs(height(points, joint)) <= EXACT, joint
    assert close(points["neck"], (-TRUNK_LENGTH, surface_radius("neck")))


def test_from_the_front_the_right_side_is_on_the_viewers_left() -> None:
    points = pose_points(Pose.model_validate({"right_arm": {"shoulder_out": 90}}), camera=90)
    assert close(points["right_hip"], (-HIP_HALF_WIDTH, points["pelvis"][1]))
    assert close(points["left_shoulder"], (SHOULDER_HALF_WIDTH, points["neck"][1]))
    reach = SHOULDER_HALF_WIDTH + UPPER_ARM + FOREARM
    assert close(points["right_hand"], (-reach, points["neck"][1]))


def test_turning_a_raised_thigh_out_swings_the_bent_shin_across_the_body() -> None:
    seated = joints_3d(Pose.model_validate({"right_leg": {"hip": 90, "hip_turn": 90, "knee": 90}}))
    knee, ankle = seated["right_knee"], seated["right_ankle"]
    assert math.dist(knee, (THIGH, 0.0, HIP_HALF_WIDTH)) <= EXACT
    assert math.dist(ankle, (THIGH, 0.0, HIP_HALF_WIDTH - SHANK)) <= EXACT


def test_a_lift_raises_the_whole_figure_off_the_floor() -> None:
    grounded, jumping = pose_points(Pose()), pose_points(Pose(lift=0.2))
    for joint, (x, y) in grounded.items():
        assert close(jumping[joint], (x, y + 0.2)), joint


# -- on the floor, as the steps say ------------------------------------------------


def lowest_foot(points: dict[str, tuple[float, float]]) -> float:
    return min(
        height(points, f"{side}_{part}") for side in ("right", "left") for part in ("heel", "toe")
    )


@pytest.mark.parametrize("ground", list(Ground))
def test_every_keyframe_rests_on_the_floor_as_its_ground_says(
    catalog: Catalog, ground: Ground
) -> None:
    moves = [move for move in catalog if move.demo.ground == ground]
    assert moves
    for move in moves:
        for name, pose in keyframe_poses(move):
            points = pose_points(pose, move.demo.camera)
            where = f"{move.id}, pose {name}"
            assert min(height(points, joint) for joint in points) >= -EXACT, where
            if ground == Ground.STANDING:
                if pose.lift == 0:
                    assert lowest_foot(points) <= ON_THE_FLOOR, where
                assert points["pelvis"][1] > 0.35, f"{where}: sitting on the floor"
            elif ground == Ground.KNEELING:
                knees = {side: height(points, f"{side}_knee") for side in ("right", "left")}
                down = min(knees, key=knees.__getitem__)
                up = "left" if down == "right" else "right"
                assert knees[down] <= ON_THE_FLOOR, where
                assert height(points, f"{up}_heel") <= ON_THE_FLOOR, where
                assert height(points, f"{up}_toe") <= ON_THE_FLOOR, where
            elif ground == Ground.LYING:
                for joint in ("right_shoulder", "left_shoulder", "head"):
                    assert height(points, joint) <= ON_THE_FLOOR, f"{where}: {joint}"
            else:
                for joint in ("pelvis", "right_hand", "left_hand"):
                    assert height(points, joint) <= ON_THE_FLOOR, f"{where}: {joint}"
                assert lowest_foot(points) <= ON_THE_FLOOR, where


def test_the_moves_on_a_mat_are_the_lying_kneeling_and_seated_openers(catalog: Catalog) -> None:
    grounds = {move.id: move.demo.ground for move in catalog if move.demo.ground != Ground.STANDING}
    assert grounds == {
        "low-lunge-variation": Ground.KNEELING,
        "one-legged-bridge": Ground.LYING,
        "full-range-figure-four": Ground.SEATED,
    }


def test_standing_moves_leave_the_floor_only_in_a_declared_lift(catalog: Catalog) -> None:
    for move in catalog:
        for seconds in [i * cycle_seconds(move) / 40 for i in range(40)]:
            pose = pose_at(move, seconds)
            points = pose_points(pose, move.demo.camera)
            if move.demo.ground == Ground.STANDING and pose.lift == 0:
                assert lowest_foot(points) <= 0.03, f"{move.id} at {seconds:.2f} s"


def test_jump_squats_and_skipping_leave_the_floor(catalog: Catalog) -> None:
    for move_id in ("jump-squats", "skipping"):
        assert any(pose.lift > 0 for _, pose in keyframe_poses(catalog.get(move_id))), move_id


def test_the_figure_four_keeps_the_left_ankle_on_the_right_knee(catalog: Catalog) -> None:
    move = catalog.get("full-range-figure-four")
    for name, pose in keyframe_poses(move):
        joints = joints_3d(pose)
        gap = math.dist(joints["left_ankle"], joints["right_knee"])
        assert gap < 0.1, f"{name}: the crossed ankle is {gap:.2f} from the knee"
        assert joints["left_knee"][2] < joints["left_hip"][2], f"{name}: the knee points out left"

    def knee_out(pose_name: str) -> float:
        """How far, in degrees, the left thigh leans out to the left from upright, seen from the front."""
        joints = joints_3d(move.demo.poses[pose_name])
        out = joints["left_hip"][2] - joints["left_knee"][2]
        up = joints["left_knee"][1] - joints["left_hip"][1]
        return math.degrees(math.atan2(out, up))

    assert knee_out("open") > knee_out("centre") + 10, "the knee opens out to the left"


def test_the_bridge_keeps_the_hips_up_and_hovers_the_leg_just_off_the_floor(
    catalog: Catalog,
) -> None:
    move = catalog.get("one-legged-bridge")
    for name, pose in keyframe_poses(move):
        points = pose_points(pose)
        assert points["pelvis"][1] > 0.2, name
        assert height(points, "right_heel") <= ON_THE_FLOOR, f"{name}: weight on the right foot"
        left_heel = height(points, "left_heel")
        if name.startswith("hovering"):
            assert 0.01 < left_heel < 0.1, f"{name}: the left leg hovers just off the floor"
        else:
            assert left_heel > 0.3, f"{name}: the left leg is raised"


def test_the_knee_drives_reach_hip_height(catalog: Catalog) -> None:
    for move_id, pose_name, leg in (
        ("high-knees", "right-knee-up", "right"),
        ("skipping", "hop", "right"),
        ("crescent-lunge-knee-up", "knee-up", "left"),
    ):
        points = pose_points(catalog.get(move_id).demo.poses[pose_name])
        assert points[f"{leg}_knee"][1] >= points["pelvis"][1] - 0.05, move_id


def test_step_ups_put_the_right_foot_flat_on_the_box(catalog: Catalog) -> None:
    demo = catalog.get("step-ups").demo
    assert demo.box is not None
    points = pose_points(demo.poses["foot-on-box"])
    for part in ("heel", "toe"):
        x = points[f"right_{part}"][0]
        assert demo.box.front < x < demo.box.back, part
        assert abs(height(points, f"right_{part}") - demo.box.height) <= ON_THE_FLOOR, part


# -- sides ----------------------------------------------------------------------------


def swapped(joint: str) -> str:
    if joint.startswith("right_"):
        return "left_" + joint.removeprefix("right_")
    if joint.startswith("left_"):
        return "right_" + joint.removeprefix("left_")
    return joint


def test_the_left_side_is_the_mirror_image_of_the_right(catalog: Catalog) -> None:
    for move in catalog:
        for seconds in (0.0, 0.37, 1.1, 2.9, 7.5):
            right = figure_at(move, seconds, Side.RIGHT)
            left = figure_at(move, seconds, Side.LEFT)
            for joint, (x, y) in right.items():
                assert close(left[swapped(joint)], (-x, y)), f"{move.id} {joint} at {seconds}"


def test_the_camera_for_the_left_side_stands_in_the_mirrored_place(catalog: Catalog) -> None:
    demo = catalog.get("lateral-lunges").demo
    assert camera_for(demo, Side.RIGHT) == demo.camera
    assert camera_for(demo, Side.LEFT) == 180 - demo.camera


def test_an_alternating_move_plays_the_other_leg_in_the_second_half_of_its_cycle(
    catalog: Catalog,
) -> None:
    for move_id in ("high-knees", "walking-lunges", "skating-squat"):
        move = catalog.get(move_id)
        half = cycle_seconds(move) / 2
        for seconds in (0.0, half * 0.3, half * 0.8):
            later = pose_points(pose_at(move, seconds + half))
            mirrored = pose_points(mirror(pose_at(move, seconds)))
            for joint, point in mirrored.items():
                assert close(later[joint], point), f"{move_id} {joint}"


def test_mirroring_twice_gives_the_pose_back(catalog: Catalog) -> None:
    for move in catalog:
        for pose in move.demo.poses.values():
            assert mirror(mirror(pose)) == pose


# -- timing -----------------------------------------------------------------------------


def test_a_rep_move_loops_one_rep_at_its_tempo(catalog: Catalog) -> None:
    for move in catalog:
        if move.dose.kind != "reps":
            continue
        per_rep = move.dose.tempo_seconds
        reps_in_a_cycle = 2 if move.dose.sidedness == "alternating" else 1
        assert cycle_seconds(move) == per_rep * reps_in_a_cycle, move.id


def test_the_warmup_drills_run_at_a_real_stride_rate(catalog: Catalog) -> None:
    for move_id in WARMUP_DRILLS:
        assert 0.6 <= cycle_seconds(catalog.get(move_id)) <= 0.8, move_id


def test_the_skating_squat_switches_legs_every_two_seconds(catalog: Catalog) -> None:
    assert cycle_seconds(catalog.get("skating-squat")) == 4


def test_holds_breathe_at_the_runners_breath_length(catalog: Catalog) -> None:
    lunge = catalog.get("low-lunge-variation")
    bridge = catalog.get("one-legged-bridge")
    figure_four = catalog.get("full-range-figure-four")
    for breath in (4.5, 6.0, 9.0):
        assert cycle_seconds(lunge, breath) == breath
        assert cycle_seconds(bridge, breath) == 2 * breath  # leg extended, then hovering
        assert cycle_seconds(figure_four, breath) == 12 + breath  # the slow range, then the hold
        assert cycle_seconds(bridge, breath, part=1) == breath


def test_the_figure_is_at_each_keyframe_on_time(catalog: Catalog) -> None:
    for move in catalog:
        start = 0.0
        for number, part in enumerate(move.demo.parts):
            length = cycle_seconds(move, part=number)
            if move.dose.sidedness == "alternating":
                length /= 2
            for frame in part.keyframes:
                seconds = start + frame.at * length
                assert pose_at(move, seconds) == move.demo.poses[frame.pose], (move.id, frame)
            start += length


def test_between_keyframes_the_figure_eases_in_and_out() -> None:
    assert (ease(0), ease(0.5), ease(1)) == (0, 0.5, 1)
    assert ease(0.1) < 0.1 and ease(0.9) > 0.9


def test_the_loop_closes_without_a_jump(catalog: Catalog) -> None:
    for move in catalog:
        cycle = cycle_seconds(move)
        end = figure_at(move, cycle - 1e-6)
        start = figure_at(move, 0.0)
        for joint in start:
            assert close(end[joint], start[joint], 1e-4), f"{move.id} {joint}"


def test_looping_one_part_shows_only_that_part(catalog: Catalog) -> None:
    bridge = catalog.get("one-legged-bridge")
    hovering = {bridge.demo.poses["hovering-out"], bridge.demo.poses["hovering-in"]}
    assert pose_at(bridge, 0.0, part=1) in hovering
    assert pose_at(bridge, 3.0, part=1) in hovering
    assert pose_at(bridge, 6.0, part=1) in hovering


def test_reduced_motion_shows_the_key_poses_the_demo_names(catalog: Catalog) -> None:
    demo = catalog.get("air-squats").demo
    assert key_poses(demo) == (demo.poses["stand"], demo.poses["bottom"])
    assert key_poses(demo, Side.LEFT) == (mirror(demo.poses["stand"]), mirror(demo.poses["bottom"]))


# -- a bad demo is refused, naming the file and the field -------------------------------


def refused(data: dict[str, Any]) -> CatalogError:
    with pytest.raises(CatalogError) as caught:
        parse_move("moves/air-squats.yaml", data)
    assert caught.value.source == "moves/air-squats.yaml"
    return caught.value


def test_a_knee_bending_backwards_is_refused_naming_the_pose_and_joint(catalog: Catalog) -> None:
    data = raw(catalog, "air-squats")
    data["demo"]["poses"]["bottom"]["right_leg"]["knee"] = -20
    error = refused(data)
    assert error.field == "demo.poses.bottom.right_leg.knee"
    assert "greater than or equal to 0" in error.problem


def test_keyframe_times_that_do_not_increase_are_refused(catalog: Catalog) -> None:
    data = raw(catalog, "air-squats")
    data["demo"]["parts"][0]["keyframes"][2]["at"] = 0.45
    error = refused(data)
    assert error.field == "demo.parts.0.keyframes"
    assert "increase strictly" in error.problem


def test_keyframes_that_do_not_start_at_zero_are_refused(catalog: Catalog) -> None:
    data = raw(catalog, "air-squats")
    data["demo"]["parts"][0]["keyframes"][0]["at"] = 0.1
    assert "first keyframe must be at 0" in refused(data).problem


def test_a_keyframe_at_the_end_of_its_part_is_refused(catalog: Catalog) -> None:
    data = raw(catalog, "air-squats")
    data["demo"]["parts"][0]["keyframes"][2]["at"] = 1
    assert refused(data).field == "demo.parts.0.keyframes.2.at"


def test_a_keyframe_naming_no_pose_is_refused(catalog: Catalog) -> None:
    data = raw(catalog, "air-squats")
    data["demo"]["parts"][0]["keyframes"][1]["pose"] = "botom"
    error = refused(data)
    assert error.field == "demo"
    assert "no pose named 'botom'" in error.problem


def test_a_demo_that_does_not_fit_its_dose_is_refused(catalog: Catalog) -> None:
    data = raw(catalog, "air-squats")
    data["demo"]["parts"][0]["lasts"] = "breath"
    error = refused(data)
    assert error.field == "demo"
    assert "a reps dose needs parts lasting rep" in error.problem


def test_a_move_without_a_demo_is_refused(catalog: Catalog) -> None:
    data = raw(catalog, "air-squats")
    del data["demo"]
    assert refused(data).field == "demo"
