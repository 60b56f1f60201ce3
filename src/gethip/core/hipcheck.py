"""The hip check: hip extension per side, read from pose landmarks a phone's camera saw.

Two tests, both side-on, both on the leg being tested (the tested side):

- the modified Thomas test: lying back on the edge of a bench, the other knee
  hugged to the chest, the tested leg hanging. We read the thigh angle (the
  hip→knee line against the horizontal, positive when the knee is below the
  hip) and the knee angle (at the knee, 180° straight);
- the half-kneeling lunge, kneeling on the tested leg: the hip extension is the
  angle from the trunk line (shoulder to hip, continued down through the hip)
  to the back thigh, 0 when the thigh continues the trunk, positive when the
  knee is behind that line.

Frames are MediaPipe Pose's 33 landmarks with x, y normalised to the frame
(y down). They are scaled back to pixels before any angle: on a 16:9 frame a
unit of x is not a unit of y, and an angle on normalised coordinates is bent.

A frame counts only when the tested side's hip, knee and ankle are seen with
visibility >= 0.8 and the knee has held still for 2 s. The reading is the
median over those frames. Its uncertainty starts at ±7° (see
UNCERTAINTY_SOURCE) and widens with how much the frames disagreed. When the
frames cannot support a reading the check refuses and says why, in words a
runner can act on. It never diagnoses: see CAVEAT.

The page's JavaScript (web/static/js/hipcheck.js) does the same maths on the
phone; tests/browser/test_check.py holds the two to the same answers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Annotated, Any

import numpy as np
from numpy.typing import NDArray
from pydantic import AwareDatetime, Field, ValidationError, field_validator

from gethip.core.catalog import Frozen
from gethip.core.errors import GethipError

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]

POSE_LANDMARKS = 33
# MediaPipe Pose's landmark indexes (nose 0; shoulders 11/12; hips 23/24;
# knees 25/26; ankles 27/28: left first, the person's own left).
NOSE = 0
SHOULDER = {"left": 11, "right": 12}
HIP = {"left": 23, "right": 24}
KNEE = {"left": 25, "right": 26}
ANKLE = {"left": 27, "right": 28}

# A recording longer than this (ten minutes at 30 frames a second) is not a hip check.
MAX_FRAMES = 20_000
# A pose model's name and version, as the page gives it; a paragraph is not one.
MAX_POSE_MODEL = 200

UNCERTAINTY_SOURCE = (
    "±7°: two-dimensional pose from video errs by about 4–6° at the hip seen from the "
    "side, against motion capture (Stenum et al. 2021: mean absolute error 4.0°; "
    "Van Hooren et al. 2023: root-mean-square error 5.9°), rounded up for a phone that "
    "is not exactly side-on, and widened by how much your frames varied."
)

CAVEAT = (
    "A camera reading, not a diagnosis: the test itself is only moderately repeatable, "
    "and how your pelvis tilts changes it. Compare yourself with yourself, left with "
    "right, over weeks. A hip that hurts is for a physiotherapist or doctor to look at."
)


class CheckTest(StrEnum):
    THOMAS = "thomas"
    LUNGE = "lunge"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


class Verdict(StrEnum):
    THIGH_ABOVE_HORIZONTAL = "thigh-above-horizontal"
    THIGH_ABOUT_HORIZONTAL = "thigh-about-horizontal"
    THIGH_BELOW_HORIZONTAL = "thigh-below-horizontal"
    THIGH_AHEAD_OF_TRUNK = "thigh-ahead-of-trunk-line"
    THIGH_ON_TRUNK = "thigh-on-trunk-line"
    THIGH_BEHIND_TRUNK = "thigh-behind-trunk-line"


class Refusal(StrEnum):
    TOO_FEW_FRAMES = "too-few-frames"
    NOT_SIDE_ON = "not-side-on"
    LANDMARKS_JUMP = "landmarks-jump"
    LEGS_MIXED_UP = "legs-mixed-up"


@dataclass(frozen=True)
class Limits:
    """Every threshold of the check, in one place; the page receives these same numbers."""

    # The rule: each of the tested side's hip, knee and ankle (and, in
    # the lunge, shoulder) at least this sure.
    visible: float = 0.8
    # In the lunge the front knee only says which way the runner faces, so a
    # looser bar does; a wrong guess would flip the sign of the reading.
    front_knee_visible: float = 0.5
    still_seconds: float = 2.0
    # The knee counts as still while it stays within a tenth of a thigh's
    # length (about 4 cm; under 6° of thigh swing, less than the camera's own
    # ±7°) of where it sat over the last 2 s. Larger than a tracker's jitter on
    # a still person, smaller than any real settling of the leg.
    still_radius: float = 0.1
    # Knee positions are first smoothed by a running median over this long, so
    # frame-to-frame jitter of the tracker is not taken for movement.
    smooth_seconds: float = 0.5
    # A pause in the frames longer than this breaks stillness: nobody saw it.
    max_gap_seconds: float = 1.0
    # A landmark that leaves both its neighbours by more than half a thigh's
    # length (about 20 cm) and comes back is the tracker jumping, not a leg.
    jump: float = 0.5
    # Seen from the side a thigh keeps its length on screen; half again longer
    # or shorter than usual means the tracker has lost it.
    jump_length_change: float = 0.5
    # More than this share of jumping frames and no reading is trusted.
    jumpy_share: float = 0.1
    # Hips further apart on screen than this share of a thigh's length: the
    # camera is more than about 30° off the side, where projecting bends the
    # angles this test sees by more than 2–3°.
    side_on_max: float = 0.35
    min_frames: int = 5
    base_uncertainty_deg: float = 7.0


LIMITS = Limits()


Coordinate = Annotated[float, Field(allow_inf_nan=False)]
Landmark = tuple[Coordinate, Coordinate, Coordinate, Coordinate]


class PoseFrame(Frozen):
    t: Coordinate
    landmarks: tuple[Landmark, ...]

    @field_validator("landmarks")
    @classmethod
    def _has_a_whole_pose(cls, landmarks: tuple[Landmark, ...]) -> tuple[Landmark, ...]:
        if len(landmarks) != POSE_LANDMARKS:
            raise ValueError(
                f"a pose has {POSE_LANDMARKS} landmarks, this frame has {len(landmarks)}"
            )
        return landmarks


class Recording(Frozen):
    """The page's download and `gethip check --landmarks`'s input, field for field.

    ``measured_at`` and ``pose_model`` are optional (files from before they
    existed still read): the page writes both, so a download stored later keeps
    the day it was made and says which model saw it.
    """

    test: CheckTest
    side: Side
    width: Annotated[int, Field(gt=0, le=100_000)]
    height: Annotated[int, Field(gt=0, le=100_000)]
    frames: Annotated[tuple[PoseFrame, ...], Field(max_length=MAX_FRAMES)]
    measured_at: AwareDatetime | None = None
    pose_model: Annotated[str, Field(min_length=1, max_length=MAX_POSE_MODEL)] | None = None


class BadRecording(GethipError):
    """A landmarks file that is not the page's download format."""


class CheckRefused(GethipError):
    """The frames cannot support a reading; ``reason`` says why in plain words."""

    def __init__(self, code: Refusal, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class CheckResult(Frozen):
    test: CheckTest
    side: Side
    thigh_angle_deg: float | None  # the Thomas test
    hip_extension_deg: float | None  # the lunge
    knee_angle_deg: float
    spread_deg: float  # robust standard deviation of the per-frame reading
    uncertainty_deg: float
    frames_used: int
    frames_total: int
    verdict: Verdict

    @property
    def angle_deg(self) -> float:
        """The test's own reading: the thigh angle, or the hip extension."""
        angle = self.thigh_angle_deg if self.test is CheckTest.THOMAS else self.hip_extension_deg
        assert angle is not None
        return angle

    def to_json(self) -> dict[str, Any]:
        """The shape `gethip check --json` prints, rounded to the tenth of a degree."""
        angle_key = "thigh_angle_deg" if self.test is CheckTest.THOMAS else "hip_extension_deg"
        return {
            "test": self.test.value,
            "side": self.side.value,
            angle_key: round(self.angle_deg, 1),
            "knee_angle_deg": round(self.knee_angle_deg, 1),
            "uncertainty_deg": round(self.uncertainty_deg, 1),
            "frames_used": self.frames_used,
            "verdict": self.verdict.value,
        }


def read_recording(raw: str | bytes) -> Recording:
    """The recording in ``raw`` (the JSON text of a landmarks file), or BadRecording saying where."""
    try:
        recording = Recording.model_validate_json(raw)
    except ValidationError as error:
        problems = error.errors(include_url=False)
        first = problems[0]
        where = _where(first["loc"])
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        message = first["msg"].removeprefix("Value error, ")
        raise BadRecording(
            f"not a gethip landmarks file: {where}{': ' if where else ''}{message}{more}"
        ) from None
    return recording


def _where(location: Sequence[int | str]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def limits_json(limits: Limits = LIMITS) -> dict[str, float | int]:
    return asdict(limits)


# ---- the measurement --------------------------------------------------------


@dataclass(frozen=True)
class _Frames:
    """One recording as arrays: pixel positions (n, 33, 2), visibility (n, 33), times (n)."""

    t: Floats
    xy: Floats
    visibility: Floats


def _arrays(recording: Recording) -> _Frames:
    frames = sorted(recording.frames, key=lambda frame: frame.t)
    if not frames:
        empty = np.zeros((0, POSE_LANDMARKS), dtype=np.float64)
        return _Frames(np.zeros(0), np.zeros((0, POSE_LANDMARKS, 2)), empty)
    data = np.array([frame.landmarks for frame in frames], dtype=np.float64)
    scale = np.array([recording.width, recording.height], dtype=np.float64)
    return _Frames(
        t=np.array([frame.t for frame in frames], dtype=np.float64),
        xy=data[:, :, :2] * scale,
        visibility=data[:, :, 3],
    )


def _length(vectors: Floats) -> Floats:
    # sqrt of the sum of squares, spelled out (not hypot) so the page's
    # JavaScript gets bit-for-bit the same distances and the same decisions.
    result: Floats = np.sqrt(vectors[..., 0] * vectors[..., 0] + vectors[..., 1] * vectors[..., 1])
    return result


def _runs(t: Floats, keep: Bools, seen: Bools, max_gap: float) -> NDArray[np.int64]:
    """A run number for each kept frame (-1 for the others): kept frames with no break between.

    A frame not ``seen`` breaks the run (nobody knows what the leg did then); a
    seen frame that is not kept (a jump) is only skipped.
    """
    run = np.full(len(t), -1, dtype=np.int64)
    current = -1
    previous: int | None = None
    for i in range(len(t)):
        if not seen[i]:
            previous = None
            continue
        if not keep[i]:
            continue
        if previous is None or t[i] - t[previous] > max_gap:
            current += 1
        run[i] = current
        previous = i
    return run


def _spikes(xy: Floats, run: NDArray[np.int64], points: Sequence[int], reach: float) -> Bools:
    """Frames where a landmark leaves both neighbours by more than ``reach`` pixels and comes back."""
    n = len(run)
    spike = np.zeros(n, dtype=np.bool_)
    members = np.flatnonzero(run >= 0)
    for k in range(1, len(members) - 1):
        before, here, after = members[k - 1], members[k], members[k + 1]
        if not (run[before] == run[here] == run[after]):
            continue
        for point in points:
            away = xy[here, point] - xy[before, point]
            back = xy[after, point] - xy[here, point]
            across = xy[after, point] - xy[before, point]
            if (
                math.sqrt(away[0] * away[0] + away[1] * away[1]) > reach
                and math.sqrt(back[0] * back[0] + back[1] * back[1]) > reach
                and math.sqrt(across[0] * across[0] + across[1] * across[1]) < reach / 2
            ):
                spike[here] = True
    return spike


def _still(t: Floats, knee: Floats, thigh: Floats, run: NDArray[np.int64], limits: Limits) -> Bools:
    """Frames that come after the knee has held still for ``still_seconds`` (see Limits)."""
    still = np.zeros(len(t), dtype=np.bool_)
    # Comparisons of times allow a nanosecond, so a frame exactly 2 s in counts
    # whatever rounding the times went through.
    epsilon = 1e-9
    for number in range(int(run.max(initial=-1)) + 1):
        members = np.flatnonzero(run == number)
        times = t[members]
        smoothed = np.empty((len(members), 2), dtype=np.float64)
        first = 0
        for k in range(len(members)):
            while times[first] < times[k] - limits.smooth_seconds - epsilon:
                first += 1
            smoothed[k] = np.median(knee[members[first : k + 1]], axis=0)
        first = 0
        for k in range(len(members)):
            if times[0] > times[k] - limits.still_seconds + epsilon:
                continue
            while times[first] < times[k] - limits.still_seconds - epsilon:
                first += 1
            window = smoothed[first : k + 1]
            centre = np.median(window, axis=0)
            reach = limits.still_radius * float(np.median(thigh[members[first : k + 1]]))
            if float(np.max(_length(window - centre))) <= reach:
                still[members[k]] = True
    return still


def _degrees(y: Floats, x: Floats) -> Floats:
    result: Floats = np.degrees(np.arctan2(y, x))
    return result


def thigh_angles(hip: Floats, knee: Floats) -> Floats:
    """The hip→knee line against the horizontal, positive with the knee below the hip (y down)."""
    d = knee - hip
    return _degrees(d[:, 1], np.abs(d[:, 0]))


def knee_angles(hip: Floats, knee: Floats, ankle: Floats) -> Floats:
    """The angle at the knee between thigh and shank: 180 straight."""
    u = hip - knee
    v = ankle - knee
    cross = u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]
    dot = u[:, 0] * v[:, 0] + u[:, 1] * v[:, 1]
    return _degrees(np.abs(cross), dot)


def hip_extensions(shoulder: Floats, hip: Floats, knee: Floats, front_knee: Floats) -> Floats:
    """From the trunk line continued through the hip to the back thigh; + with the knee behind it.

    Behind is away from the front knee: its side of the trunk line tells which
    way the runner faces, so the reading is the same facing left or right.
    """
    trunk = hip - shoulder
    thigh = knee - hip
    front = front_knee - hip
    cross = trunk[:, 0] * thigh[:, 1] - trunk[:, 1] * thigh[:, 0]
    dot = trunk[:, 0] * thigh[:, 0] + trunk[:, 1] * thigh[:, 1]
    facing = np.where(trunk[:, 0] * front[:, 1] - trunk[:, 1] * front[:, 0] > 0, 1.0, -1.0)
    result: Floats = -facing * _degrees(cross, dot)
    return result


def whole(value: float) -> int:
    """Rounded half up, as the page's Math.floor(x + 0.5) does, so both print the same words."""
    return math.floor(value + 0.5)


def _percent(share: float) -> int:
    return whole(share * 100)


def measure(recording: Recording, limits: Limits = LIMITS) -> CheckResult:
    """The reading for this recording, or CheckRefused with the reason in plain words."""
    test, side = recording.test, recording.side
    lunge = test is CheckTest.LUNGE
    h, k, a = HIP[side], KNEE[side], ANKLE[side]
    s, other_hip, other_knee = SHOULDER[side], HIP[side.other], KNEE[side.other]
    frames = _arrays(recording)
    n = len(frames.t)
    xy, vis = frames.xy, frames.visibility
    thigh = _length(xy[:, k] - xy[:, h])

    parts = [h, k, a, s] if lunge else [h, k, a]
    visible = np.all(vis[:, parts] >= limits.visible, axis=1) & (thigh > 0.0)
    if lunge:
        visible &= vis[:, other_knee] >= limits.front_knee_visible
    seen = int(visible.sum())
    named = (
        f"{side.value} shoulder, hip, knee and ankle"
        if lunge
        else f"{side.value} hip, knee and ankle"
    )
    if seen < limits.min_frames:
        raise CheckRefused(
            Refusal.TOO_FEW_FRAMES,
            f"Only {seen} of {n} frames showed your {named} clearly enough "
            f"({limits.min_frames} are needed). Light the room well, wear fitted clothes, "
            f"keep your whole body in the picture and your {side.value} leg nearest the phone.",
        )

    typical = float(np.median(thigh[visible]))
    jumped = _spikes(
        xy,
        _runs(frames.t, visible, visible, limits.max_gap_seconds),
        [h, k, a],
        limits.jump * typical,
    )
    jumped |= visible & (np.abs(thigh / typical - 1.0) > limits.jump_length_change)
    jumps = int(jumped.sum())
    if jumps > limits.jumpy_share * seen:
        raise CheckRefused(
            Refusal.LANDMARKS_JUMP,
            f"The landmarks jumped about in {jumps} of {seen} frames: the camera was not "
            f"tracking your {side.value} leg reliably. More light, a plain background and "
            "fitted clothes help.",
        )
    kept = visible & ~jumped

    apart = float(np.median(_length(xy[kept, h] - xy[kept, other_hip]) / thigh[kept]))
    if apart > limits.side_on_max:
        raise CheckRefused(
            Refusal.NOT_SIDE_ON,
            f"The camera does not see you from the side: your two hips are "
            f"{_percent(apart)}% of a thigh's length apart on screen, and at most "
            f"{_percent(limits.side_on_max)}% when side-on. Turn the phone, or yourself, "
            f"until it looks straight at your {side.value} hip.",
        )

    # In both tests the tested knee sits lower than the other one (hanging
    # below the hugged knee; kneeling below the front knee). Higher in most
    # frames means the tracker swapped the legs, or the wrong side was chosen.
    higher = float(np.mean(xy[kept, k, 1] < xy[kept, other_knee, 1]))
    if higher > 0.5:
        raise CheckRefused(
            Refusal.LEGS_MIXED_UP,
            f"The camera seems to have mixed up your legs: your {side.value} knee should sit "
            f"lower than the other one in this test, and it was higher in {_percent(higher)}% "
            f"of the frames. Check that you chose the right side, and keep your "
            f"{side.value} leg nearest the phone.",
        )

    run = _runs(frames.t, kept, visible, limits.max_gap_seconds)
    used = _still(frames.t, xy[:, k], thigh, run, limits)
    count = int(used.sum())
    if count < limits.min_frames:
        moving = int(kept.sum()) - count
        raise CheckRefused(
            Refusal.TOO_FEW_FRAMES,
            f"Only {count} of {n} frames came after {limits.still_seconds:g} seconds of "
            f"holding still ({limits.min_frames} are needed): in {moving} your "
            f"{side.value} knee was still moving or had only just stopped. Hold the "
            "position until the voice says to relax.",
        )

    hip, knee, ankle = xy[used, h], xy[used, k], xy[used, a]
    if lunge:
        angles = hip_extensions(xy[used, s], hip, knee, xy[used, other_knee])
    else:
        angles = thigh_angles(hip, knee)
    reading = float(np.median(angles))
    spread = 1.4826 * float(np.median(np.abs(angles - reading)))
    uncertainty = uncertainty_for(spread, limits)
    return CheckResult(
        test=test,
        side=side,
        thigh_angle_deg=None if lunge else reading,
        hip_extension_deg=reading if lunge else None,
        knee_angle_deg=float(np.median(knee_angles(hip, knee, ankle))),
        spread_deg=spread,
        uncertainty_deg=uncertainty,
        frames_used=count,
        frames_total=n,
        verdict=verdict_for(test, reading, uncertainty),
    )


def uncertainty_for(spread: float, limits: Limits = LIMITS) -> float:
    """The camera's own margin widened by how much the frames disagreed (their robust spread)."""
    base = limits.base_uncertainty_deg
    return math.sqrt(base * base + spread * spread)


def verdict_for(test: CheckTest, reading: float, uncertainty: float) -> Verdict:
    """Which side of the test's line the reading falls, counting only what the margin allows."""
    if test is CheckTest.THOMAS:
        if reading < -uncertainty:
            return Verdict.THIGH_ABOVE_HORIZONTAL
        if reading > uncertainty:
            return Verdict.THIGH_BELOW_HORIZONTAL
        return Verdict.THIGH_ABOUT_HORIZONTAL
    if reading < -uncertainty:
        return Verdict.THIGH_AHEAD_OF_TRUNK
    if reading > uncertainty:
        return Verdict.THIGH_BEHIND_TRUNK
    return Verdict.THIGH_ON_TRUNK


def describe(result: CheckResult) -> str:
    """One plain sentence for a reading: what the camera saw, with its margin, never a diagnosis."""
    side = result.side.value
    angle = whole(abs(result.angle_deg))
    margin = f"±{whole(result.uncertainty_deg)}°"
    knee = f"Your {side} knee is bent to {whole(result.knee_angle_deg)}° (180° is straight)."
    match result.verdict:
        case Verdict.THIGH_ABOVE_HORIZONTAL:
            said = (
                f"Your {side} thigh stays {angle}° above horizontal ({margin}), more than the "
                "camera's margin. A thigh that stays up is what this test looks for in tight "
                "hip flexors."
            )
        case Verdict.THIGH_BELOW_HORIZONTAL:
            said = (
                f"Your {side} thigh hangs {angle}° below horizontal ({margin}), lower than "
                "the camera's margin."
            )
        case Verdict.THIGH_ABOUT_HORIZONTAL:
            where = "above" if result.angle_deg < 0 else "below"
            said = (
                f"Your {side} thigh rests about level: {angle}° {where} horizontal ({margin}), "
                "within what the camera can tell apart from level."
            )
        case Verdict.THIGH_BEHIND_TRUNK:
            said = f"Your {side} thigh reaches {angle}° behind the line of your trunk ({margin})."
        case Verdict.THIGH_AHEAD_OF_TRUNK:
            said = (
                f"Your {side} thigh stays {angle}° in front of the line of your trunk "
                f"({margin}): the hip does not reach straight."
            )
        case Verdict.THIGH_ON_TRUNK:
            said = (
                f"Your {side} thigh is about in line with your trunk ({angle}°, {margin}), "
                "within what the camera can tell apart from straight."
            )
    return f"{said} {knee}"
