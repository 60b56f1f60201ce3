"""Landmark recordings of a body posed at known angles, in the page's download format.

A stick body in metres (X along the runner's heading, Y up, Z towards the
camera, the tested side nearest it) is posed for one of the two tests, turned
by the camera's yaw, projected onto a frame of W×H pixels and normalised the
way MediaPipe gives landmarks: x/W, y/H with y down. Noise is added in metres
on the body, before projection, so it means the same on any frame.

The noise of the published size: 2D pose against motion capture errs by a
mean absolute 4–6° at the hip (Stenum et al. 2021; Van Hooren et al. 2023).
``noise_for_mae`` turns such an angle error into the landmark scatter that
gives it to a single frame's thigh angle.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gethip.core.hipcheck import ANKLE, HIP, KNEE, NOSE, SHOULDER

THIGH = 0.42
SHANK = 0.42
TRUNK = 0.50
HIP_WIDTH = 0.28
SHOULDER_WIDTH = 0.36
KNEELING_HIP_HEIGHT = 0.50

Point = tuple[float, float, float]
Angle = float | Callable[[float], float]


@dataclass(frozen=True)
class Camera:
    width: int = 1280
    height: int = 720
    yaw_deg: float = 0.0  # 0: exactly side-on
    pixels_per_metre: float = 320.0
    centre: tuple[float, float] | None = None  # where the hip lands, in pixels


def noise_for_mae(mae_deg: float, segment: float = THIGH) -> float:
    """Landmark scatter (metres, per axis) that gives one frame's thigh angle this mean error.

    Two ends each off by sigma per axis move the line's far end across it by
    sigma·sqrt(2), so the angle error is normal with sd sqrt(2)·sigma/length,
    whose mean absolute value is that sd times sqrt(2/pi).
    """
    sd = math.radians(mae_deg) / math.sqrt(2 / math.pi)
    return sd * segment / math.sqrt(2)


PUBLISHED_NOISE = noise_for_mae(5.0)


def _at(angle: Angle, t: float) -> float:
    return angle(t) if callable(angle) else angle


def _direction(degrees: float, heading: int) -> tuple[float, float]:
    """A unit vector in the body's plane, ``degrees`` up from the heading (X, Y)."""
    radians = math.radians(degrees)
    return heading * math.cos(radians), math.sin(radians)


def thomas_pose(side: str, thigh_deg: float, knee_deg: float, heading: int = 1) -> dict[int, Point]:
    """Lying back, feet towards ``heading``; the tested leg hangs, the other is hugged."""
    near, far = HIP_WIDTH / 2, -HIP_WIDTH / 2
    other = "right" if side == "left" else "left"
    points: dict[int, Point] = {}
    for name, z in ((side, near), (other, far)):
        points[HIP[name]] = (0.0, 0.0, z)
        points[SHOULDER[name]] = (-heading * TRUNK, 0.0, z * SHOULDER_WIDTH / HIP_WIDTH)
    tested_thigh = -thigh_deg
    tested_shank = tested_thigh - (180 - knee_deg)
    hugged_thigh, hugged_shank = 120.0, -20.0
    for name, z, thigh_dir, shank_dir in (
        (side, near, tested_thigh, tested_shank),
        (other, far, hugged_thigh, hugged_shank),
    ):
        tx, ty = _direction(thigh_dir, heading)
        knee = (THIGH * tx, THIGH * ty, z)
        sx, sy = _direction(shank_dir, heading)
        points[KNEE[name]] = knee
        points[ANKLE[name]] = (knee[0] + SHANK * sx, knee[1] + SHANK * sy, z)
    points[NOSE] = (-heading * (TRUNK + 0.25), 0.08, 0.0)
    return points


def lunge_pose(
    side: str, extension_deg: float, lean_deg: float = 0.0, heading: int = 1
) -> dict[int, Point]:
    """Half-kneeling on the tested knee, facing ``heading``, the trunk leaning ``lean_deg`` forward."""
    near, far = HIP_WIDTH / 2, -HIP_WIDTH / 2
    other = "right" if side == "left" else "left"
    lean = math.radians(lean_deg)
    reach = math.radians(lean_deg + extension_deg)
    points: dict[int, Point] = {}
    for name, z in ((side, near), (other, far)):
        points[HIP[name]] = (0.0, KNEELING_HIP_HEIGHT, z)
        points[SHOULDER[name]] = (
            heading * TRUNK * math.sin(lean),
            KNEELING_HIP_HEIGHT + TRUNK * math.cos(lean),
            z * SHOULDER_WIDTH / HIP_WIDTH,
        )
    # The back thigh: the trunk line continued down, turned back by the extension.
    back_knee = (
        -heading * THIGH * math.sin(reach),
        KNEELING_HIP_HEIGHT - THIGH * math.cos(reach),
        near,
    )
    points[KNEE[side]] = back_knee
    points[ANKLE[side]] = (back_knee[0] - heading * SHANK, back_knee[1], near)
    front_knee = (heading * THIGH, KNEELING_HIP_HEIGHT, far)
    points[KNEE[other]] = front_knee
    points[ANKLE[other]] = (front_knee[0], front_knee[1] - SHANK, far)
    shoulder = points[SHOULDER[side]]
    points[NOSE] = (shoulder[0] + heading * 0.1, shoulder[1] + 0.25, 0.0)
    return points


def project(
    points: dict[int, Point], camera: Camera, visibility: float = 0.99
) -> list[list[float]]:
    """The 33 landmarks as MediaPipe gives them: [x/W, y/H, z, visibility], y down."""
    yaw = math.radians(camera.yaw_deg)
    cx, cy = camera.centre or (camera.width / 2, camera.height * 0.55)
    landmarks = []
    for index in range(33):
        # Landmarks the maths never reads sit at the nose.
        x, y, z = points.get(index, points[NOSE])
        across = x * math.cos(yaw) + z * math.sin(yaw)
        depth = -x * math.sin(yaw) + z * math.cos(yaw)
        u = cx + camera.pixels_per_metre * across
        v = cy - camera.pixels_per_metre * y
        landmarks.append([u / camera.width, v / camera.height, -depth, visibility])
    return landmarks


def recording(
    test: str = "thomas",
    side: str = "left",
    angle: Angle = 5.0,
    *,
    knee_deg: float = 100.0,
    lean_deg: float = 0.0,
    heading: int = 1,
    seconds: float = 6.0,
    fps: float = 30.0,
    start: float = 0.0,
    camera: Camera | None = None,
    noise: float = 0.0,
    bias: float = 0.0,
    seed: int = 0,
    visibility: Callable[[float, int], float] | None = None,
) -> dict[str, Any]:
    """A recording in the download format of one test, holding ``angle`` (or following it in time).

    ``angle`` is the thigh angle for the Thomas test and the hip extension for
    the lunge; ``visibility(t, index)`` overrides the landmarks' visibility.
    ``noise`` scatters every landmark afresh in each frame; ``bias`` shifts each
    landmark once for the whole recording, as a tracker that consistently
    places a joint a little off does (metres, standard deviation per axis).
    """
    camera = camera or (Camera() if test == "thomas" else Camera(width=720, height=1280))
    rng = random.Random(seed)
    offsets = {index: (rng.gauss(0, bias), rng.gauss(0, bias)) for index in range(33)}
    frames = []
    for number in range(round(seconds * fps)):
        t = round(start + number / fps, 6)
        if test == "thomas":
            points = thomas_pose(side, _at(angle, t), knee_deg, heading)
        else:
            points = lunge_pose(side, _at(angle, t), lean_deg, heading)
        if noise or bias:
            points = {
                index: (
                    x + offsets[index][0] + rng.gauss(0, noise),
                    y + offsets[index][1] + rng.gauss(0, noise),
                    z,
                )
                for index, (x, y, z) in points.items()
            }
        landmarks = project(points, camera)
        if visibility is not None:
            for index, landmark in enumerate(landmarks):
                landmark[3] = visibility(t, index)
        frames.append({"t": t, "landmarks": landmarks})
    return {
        "test": test,
        "side": side,
        "width": camera.width,
        "height": camera.height,
        "frames": frames,
    }


def merged(*recordings: dict[str, Any]) -> dict[str, Any]:
    """Several trials of one test and side in one file, as the page downloads three."""
    first = recordings[0]
    return {**first, "frames": [frame for each in recordings for frame in each["frames"]]}


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
