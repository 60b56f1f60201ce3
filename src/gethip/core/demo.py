"""How each move looks: a figure's joint angles at keyframes, played at the move's own tempo.

Every move's YAML has a ``demo:`` section. The web page draws it with
``static/js/demo.js``, which repeats the interpolation and the kinematics below
step for step (a browser test holds the two together).

Space and units
    Lengths are figure units (about metres, for a 1.75 m runner); angles are
    degrees. x points the way the figure faces, y up (the floor is y = 0), z to
    the figure's right. The camera looks from the figure's right side
    (``camera: 0``); ``camera: 90`` looks at its front, ``180`` at its left. It
    never tilts, so the floor stays a line and a height on screen is a height.

Angles, all 0 in the anatomical standing position (upright, arms hanging, feet flat)
    trunk         lean of the pelvis-to-neck line from vertical: forward +, back -
                  (lying on the back is -90). The pelvis leans with it.
    trunk_side    side bend of the spine toward the right (+) or left (-) side;
                  the pelvis stays level.
    hip           flexion (+, thigh forward and up) or extension (-) from the trunk's
                  line; the spine's own bend counts here too, so a chest folded
                  over the thigh reaches 170.
    hip_out       abduction (+, thigh out to its own side) or adduction (-).
    hip_turn      external (+, knee and toes turn out) or internal (-) rotation,
                  turned after flexion and abduction (a figure four needs about 95).
    knee          flexion from straight; never negative (a knee does not bend backwards).
    ankle         plantar flexion (+, toes point) or dorsiflexion (-); 0 is the
                  foot square to the shin.
    shoulder      flexion (+, arm forward and up; 180 is overhead) or extension (-)
                  from hanging along the trunk.
    shoulder_out  abduction (+, arm out to its own side).
    elbow         flexion from straight.
    neck          flexion (+, chin toward the chest) or extension (-); the head
                  otherwise follows the trunk.

Placement
    ``x`` and ``z`` move the pelvis forward and to the right. Height is never
    written: the lowest point of the body's surface rests on the floor, or
    ``lift`` above it (a jump, a hop, standing on a box).

Timing
    A demo is one or more parts. A part lasts one rep (at the dose's tempo), one
    breath (at the runner's breath length) or a stated number of seconds (one
    step of a drill, one slow sweep). Its keyframes sit at fractions of the
    part, from 0 and strictly increasing below 1, and the figure eases in and
    out between them. After a part's last keyframe it moves toward the next
    part's first one (the first part's after the last: the demo loops). When
    the dose alternates legs, a cycle plays the parts with the right leg
    working and then their mirror image.

Sides
    Poses are written for the right side. The left side is the mirror image:
    the limbs swap and the camera moves to the mirrored place, so the picture
    is flipped left to right. ``accent`` names the leg drawn in the accent
    colour (the one to watch: the leg that leads, or the hip being stretched);
    both legs are when the dose works both at once.

Ground
    What rests on the floor throughout (standing: a foot; kneeling: the front
    foot and the back knee; lying: the shoulders and head; seated: the pelvis
    and hands). The tests hold every keyframe to it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from gethip.core.limits import DEFAULT_BREATH_SECONDS
from gethip.core.sides import Side

if TYPE_CHECKING:
    from gethip.core.catalog import Dose, Move

Point = tuple[float, float]
_Vector = tuple[float, float, float]
_Matrix = tuple[_Vector, _Vector, _Vector]

# The figure's proportions, figure units.
HIP_HALF_WIDTH = 0.09
SHOULDER_HALF_WIDTH = 0.17
TRUNK_LENGTH = 0.52
HEAD_UP = 0.17  # neck to the head's centre, along the trunk
HEAD_FORWARD = (
    0.05  # the face side of the trunk's line: lying flat, the back of the head rests on the floor
)
HEAD_RADIUS = 0.1
THIGH = 0.44
SHANK = 0.43
ANKLE_HEIGHT = 0.06
HEEL_BACK = 0.05
TOE_FORWARD = 0.17
UPPER_ARM = 0.29
FOREARM = 0.29  # with the hand
# Half the thickness the renderer draws: a limb touches the floor with its surface, not its axis.
TRUNK_RADIUS = 0.05
LIMB_RADIUS = 0.035

SIDES = ("right", "left")
JOINTS = (
    "head",
    "neck",
    "pelvis",
    *(
        f"{side}_{joint}"
        for side in SIDES
        for joint in ("shoulder", "elbow", "hand", "hip", "knee", "ankle", "heel", "toe")
    ),
)
_TRUNK_JOINTS = {"neck", "pelvis", "right_hip", "left_hip", "right_shoulder", "left_shoulder"}
POSE_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Leg(_Data):
    hip: float = Field(default=0, ge=-45, le=170)
    hip_out: float = Field(default=0, ge=-30, le=80)
    hip_turn: float = Field(default=0, ge=-50, le=100)
    knee: float = Field(
        default=0, ge=0, le=160, description="flexion; negative would bend backwards"
    )
    ankle: float = Field(default=0, ge=-45, le=90)


class Arm(_Data):
    shoulder: float = Field(default=0, ge=-80, le=190)
    shoulder_out: float = Field(default=0, ge=-20, le=180)
    elbow: float = Field(
        default=0, ge=0, le=160, description="flexion; negative would bend backwards"
    )


class Pose(_Data):
    trunk: float = Field(default=0, ge=-135, le=135)
    trunk_side: float = Field(default=0, ge=-45, le=45)
    neck: float = Field(default=0, ge=-45, le=60)
    x: float = Field(default=0, ge=-1.5, le=1.5)
    z: float = Field(default=0, ge=-1.5, le=1.5)
    lift: float = Field(default=0, ge=0, le=0.6)
    right_leg: Leg = Leg()
    left_leg: Leg = Leg()
    right_arm: Arm = Arm()
    left_arm: Arm = Arm()


class Ground(StrEnum):
    """What rests on the floor throughout; the tests hold every keyframe to it."""

    STANDING = "standing"  # a foot (both feet may leave it only in a declared lift)
    KNEELING = "kneeling"  # the front foot and the back knee
    LYING = "lying"  # the shoulders and the head
    SEATED = "seated"  # the pelvis and the hands


class Box(_Data):
    """A step or box to stand on, seen from the side: its front and back edges along x, and its height."""

    front: float = Field(ge=-1.5, le=1.5)
    back: float = Field(ge=-1.5, le=1.5)
    height: float = Field(gt=0, le=0.6)

    @model_validator(mode="after")
    def has_depth(self) -> Box:
        if self.back <= self.front:
            raise ValueError("the box's back edge must be further along x than its front edge")
        return self


class Keyframe(_Data):
    at: float = Field(ge=0, lt=1, description="fraction of the part")
    pose: str


Lasts = Literal["rep", "breath"] | Annotated[float, Field(gt=0, le=60)]


class Part(_Data):
    lasts: Lasts = Field(description="'rep', 'breath', or seconds")
    keyframes: tuple[Keyframe, ...] = Field(min_length=1)

    @field_validator("keyframes")
    @classmethod
    def times_increase_from_zero(cls, frames: tuple[Keyframe, ...]) -> tuple[Keyframe, ...]:
        if frames[0].at != 0:
            raise ValueError(f"the first keyframe must be at 0, not {frames[0].at}")
        for before, after in pairwise(frames):
            if after.at <= before.at:
                raise ValueError(
                    f"keyframe times must increase strictly: {after.at} follows {before.at}"
                )
        return frames

    @property
    def kind(self) -> str:
        return self.lasts if isinstance(self.lasts, str) else "seconds"


class Demo(_Data):
    ground: Ground
    camera: float = Field(default=0, gt=-180, le=180, description="degrees from the right side")
    accent: Side = Field(
        default=Side.RIGHT, description="the leg and arm drawn in the side's colour"
    )
    box: Box | None = None
    poses: dict[Annotated[str, Field(pattern=POSE_NAME.pattern)], Pose] = Field(min_length=1)
    parts: tuple[Part, ...] = Field(min_length=1)
    still: tuple[str, ...] = Field(
        min_length=1, max_length=3, description="poses shown when motion is reduced, the last solid"
    )

    @model_validator(mode="after")
    def names_are_known_and_used(self) -> Demo:
        used: set[str] = set()
        for number, part in enumerate(self.parts):
            for index, frame in enumerate(part.keyframes):
                if frame.pose not in self.poses:
                    raise ValueError(
                        f"parts.{number}.keyframes.{index}: no pose named {frame.pose!r}"
                        f" (poses: {', '.join(self.poses)})"
                    )
                used.add(frame.pose)
        for name in self.still:
            if name not in used:
                raise ValueError(f"still: {name!r} is not a pose the keyframes use")
        unused = [name for name in self.poses if name not in used]
        if unused:
            raise ValueError(f"poses: {', '.join(unused)} never used by a keyframe")
        return self


def part_kinds_for(dose: Dose) -> tuple[str, ...]:
    """What the parts of a demo must last for this kind of dose, in order."""
    if dose.kind == "reps":
        return ("rep",)
    if dose.kind == "timed":
        return ("seconds",)
    if dose.kind == "breath-hold":
        return ("breath",)
    if dose.kind == "range-then-hold":
        return ("seconds", "breath")
    return ("breath",) * len(dose.phases)


def _fits_the_dose(demo: Demo, info: ValidationInfo) -> Demo:
    dose = info.data.get("dose")
    if dose is None:  # the dose failed; its own error is the one reported
        return demo
    wanted = part_kinds_for(dose)
    found = tuple(part.kind for part in demo.parts)
    if found != wanted:
        raise ValueError(
            f"a {dose.kind} dose needs parts lasting {', '.join(wanted)};"
            f" these last {', '.join(found)}"
        )
    return demo


# The type a move's ``demo`` field has: a demo checked against the dose beside it.
MoveDemo = Annotated[Demo, AfterValidator(_fits_the_dose)]


# -- timing -------------------------------------------------------------------


def part_seconds(part: Part, dose: Dose, breath_seconds: float) -> float:
    if part.lasts == "breath":
        return breath_seconds
    if part.lasts == "rep":
        if dose.kind != "reps":
            raise ValueError(f"a part lasting a rep needs a reps dose, not {dose.kind}")
        return dose.tempo_seconds
    return part.lasts


@dataclass(frozen=True)
class _Span:
    part: int
    mirrored: bool
    start: float
    length: float


def _spans(move: Move, breath_seconds: float, only_part: int | None) -> list[_Span]:
    demo = move.demo
    numbers = range(len(demo.parts)) if only_part is None else [only_part]
    halves = (False, True) if move.dose.sidedness == "alternating" else (False,)
    spans: list[_Span] = []
    start = 0.0
    for mirrored in halves:
        for number in numbers:
            length = part_seconds(demo.parts[number], move.dose, breath_seconds)
            spans.append(_Span(number, mirrored, start, length))
            start += length
    return spans


def cycle_seconds(
    move: Move, breath_seconds: float = DEFAULT_BREATH_SECONDS, part: int | None = None
) -> float:
    """How long one loop of the demo takes: a rep, a stride, a breath, or the parts in turn."""
    return sum(span.length for span in _spans(move, breath_seconds, part))


# -- poses over time --------------------------------------------------------------


def ease(fraction: float) -> float:
    """Smoothstep: starts and stops gently at every keyframe."""
    return fraction * fraction * (3 - 2 * fraction)


def mirror(pose: Pose) -> Pose:
    """The same pose on the other side: the limbs swap and sideways things change sign."""
    return pose.model_copy(
        update={
            "trunk_side": -pose.trunk_side,
            "z": -pose.z,
            "right_leg": pose.left_leg,
            "left_leg": pose.right_leg,
            "right_arm": pose.left_arm,
            "left_arm": pose.right_arm,
        }
    )


def blend(start: Pose, end: Pose, weight: float) -> Pose:
    """Every angle and offset a weight of the way from ``start`` to ``end``."""
    return Pose.model_validate(_blend(start.model_dump(), end.model_dump(), weight))


def _blend(start: dict[str, Any], end: dict[str, Any], weight: float) -> dict[str, Any]:
    return {
        key: _blend(value, end[key], weight)
        if isinstance(value, dict)
        else value + (end[key] - value) * weight
        for key, value in start.items()
    }


def pose_at(
    move: Move,
    seconds: float,
    side: Side = Side.RIGHT,
    breath_seconds: float = DEFAULT_BREATH_SECONDS,
    part: int | None = None,
) -> Pose:
    """The pose ``seconds`` into the looping demo; ``part`` loops that part alone."""
    demo = move.demo
    spans = _spans(move, breath_seconds, part)
    cycle = spans[-1].start + spans[-1].length
    time = seconds % cycle
    index = next(
        (i for i, span in enumerate(spans) if time < span.start + span.length), len(spans) - 1
    )
    span = spans[index]
    fraction = (time - span.start) / span.length
    frames = demo.parts[span.part].keyframes
    k = max(i for i, frame in enumerate(frames) if frame.at <= fraction)
    start = _named(demo, frames[k].pose, span.mirrored)
    if k + 1 < len(frames):
        end, end_at = _named(demo, frames[k + 1].pose, span.mirrored), frames[k + 1].at
    else:
        after = spans[(index + 1) % len(spans)]
        end = _named(demo, demo.parts[after.part].keyframes[0].pose, after.mirrored)
        end_at = 1.0
    pose = blend(start, end, ease((fraction - frames[k].at) / (end_at - frames[k].at)))
    return pose if side is Side.RIGHT else mirror(pose)


def _named(demo: Demo, name: str, mirrored: bool) -> Pose:
    pose = demo.poses[name]
    return mirror(pose) if mirrored else pose


def key_poses(demo: Demo, side: Side = Side.RIGHT) -> tuple[Pose, ...]:
    """The poses shown still when motion is reduced, the last one the main one."""
    poses = tuple(demo.poses[name] for name in demo.still)
    return poses if side is Side.RIGHT else tuple(mirror(pose) for pose in poses)


def camera_for(demo: Demo, side: Side) -> float:
    """Where the camera stands for a side: the left side is seen from the mirrored place."""
    return demo.camera if side is Side.RIGHT else 180 - demo.camera


# -- forward kinematics -------------------------------------------------------------


def _rotation_x(degrees: float) -> _Matrix:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))


def _rotation_y(degrees: float) -> _Matrix:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))


def _rotation_z(degrees: float) -> _Matrix:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def _times(a: _Matrix, b: _Matrix) -> _Matrix:
    rows = tuple(
        (
            row[0] * b[0][0] + row[1] * b[1][0] + row[2] * b[2][0],
            row[0] * b[0][1] + row[1] * b[1][1] + row[2] * b[2][1],
            row[0] * b[0][2] + row[1] * b[1][2] + row[2] * b[2][2],
        )
        for row in a
    )
    return rows[0], rows[1], rows[2]


def _step(origin: _Vector, frame: _Matrix, offset: _Vector) -> _Vector:
    """``origin`` plus ``offset`` expressed in ``frame``."""
    return (
        origin[0] + frame[0][0] * offset[0] + frame[0][1] * offset[1] + frame[0][2] * offset[2],
        origin[1] + frame[1][0] * offset[0] + frame[1][1] * offset[1] + frame[1][2] * offset[2],
        origin[2] + frame[2][0] * offset[0] + frame[2][1] * offset[1] + frame[2][2] * offset[2],
    )


def _limbs(pose: Pose) -> Iterator[tuple[str, float, Leg, Arm]]:
    yield "right", 1.0, pose.right_leg, pose.right_arm
    yield "left", -1.0, pose.left_leg, pose.left_arm


def joints_3d(pose: Pose) -> dict[str, _Vector]:
    """Every joint in space, the pelvis at (x, 0, z); not yet set on the floor."""
    pelvis_frame = _rotation_z(-pose.trunk)
    trunk_frame = _times(pelvis_frame, _rotation_x(pose.trunk_side))
    pelvis = (pose.x, 0.0, pose.z)
    neck = _step(pelvis, trunk_frame, (0.0, TRUNK_LENGTH, 0.0))
    points = {
        "pelvis": pelvis,
        "neck": neck,
        "head": _step(
            neck, _times(trunk_frame, _rotation_z(-pose.neck)), (HEAD_FORWARD, HEAD_UP, 0.0)
        ),
    }
    for name, sign, leg, arm in _limbs(pose):
        hip = _step(pelvis, pelvis_frame, (0.0, 0.0, sign * HIP_HALF_WIDTH))
        thigh = _times(
            _times(_times(pelvis_frame, _rotation_z(leg.hip)), _rotation_x(-sign * leg.hip_out)),
            _rotation_y(-sign * leg.hip_turn),
        )
        knee = _step(hip, thigh, (0.0, -THIGH, 0.0))
        shank = _times(thigh, _rotation_z(-leg.knee))
        ankle = _step(knee, shank, (0.0, -SHANK, 0.0))
        foot = _times(shank, _rotation_z(-leg.ankle))
        shoulder = _step(neck, trunk_frame, (0.0, 0.0, sign * SHOULDER_HALF_WIDTH))
        upper_arm = _times(
            _times(trunk_frame, _rotation_z(arm.shoulder)), _rotation_x(-sign * arm.shoulder_out)
        )
        elbow = _step(shoulder, upper_arm, (0.0, -UPPER_ARM, 0.0))
        forearm = _times(upper_arm, _rotation_z(arm.elbow))
        points |= {
            f"{name}_hip": hip,
            f"{name}_knee": knee,
            f"{name}_ankle": ankle,
            f"{name}_heel": _step(ankle, foot, (-HEEL_BACK, -ANKLE_HEIGHT, 0.0)),
            f"{name}_toe": _step(ankle, foot, (TOE_FORWARD, -ANKLE_HEIGHT, 0.0)),
            f"{name}_shoulder": shoulder,
            f"{name}_elbow": elbow,
            f"{name}_hand": _step(elbow, forearm, (0.0, -FOREARM, 0.0)),
        }
    return points


def surface_radius(joint: str) -> float:
    """How far the body's surface lies below a joint's centre when that joint rests on the floor."""
    if joint == "head":
        return HEAD_RADIUS
    return TRUNK_RADIUS if joint in _TRUNK_JOINTS else LIMB_RADIUS


def pose_points(pose: Pose, camera: float = 0.0) -> dict[str, Point]:
    """Every joint as the camera sees it, (across, height), resting on the floor or ``lift`` above it."""
    points = joints_3d(pose)
    floor = min(point[1] - surface_radius(joint) for joint, point in points.items())
    rise = pose.lift - floor
    c, s = math.cos(math.radians(camera)), math.sin(math.radians(camera))
    return {
        joint: (points[joint][0] * c - points[joint][2] * s, points[joint][1] + rise)
        for joint in JOINTS
    }


def figure_at(
    move: Move,
    seconds: float,
    side: Side = Side.RIGHT,
    breath_seconds: float = DEFAULT_BREATH_SECONDS,
    part: int | None = None,
) -> dict[str, Point]:
    """What the page draws ``seconds`` into the demo."""
    pose = pose_at(move, seconds, side, breath_seconds, part)
    return pose_points(pose, camera_for(move.demo, side))
