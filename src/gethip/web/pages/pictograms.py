"""A stick-figure pictogram for each move: the key position, drawn as data.

Each figure is a set of joints on a 120 x 100 grid (y grows downwards, the
floor is at y = 92). The template draws the far limbs pale and the near ones
dark, so a reader can tell which leg works. Moves without a figure here get
a plain placeholder rather than an error, so a coach can add a move to the
catalog before anyone draws it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Point = tuple[float, float]
Limb = tuple[Point, Point]  # elbow and hand, or knee and foot

FLOOR_Y = 92


@dataclass(frozen=True)
class Prop:
    """Something in the scene besides the body: a mat, a step, or a motion arrow."""

    kind: str  # "mat", "box" or "arrow"
    points: tuple[Point, ...]

    def arrowhead(self) -> str:
        """A small triangle at the arrow's end, pointing the way its last stretch goes."""
        (x0, y0), (x1, y1) = self.points[-2], self.points[-1]
        angle = math.atan2(y1 - y0, x1 - x0)
        corners = [(x1 + 5 * math.cos(angle), y1 + 5 * math.sin(angle))]
        for turn in (2.5, -2.5):
            corners.append((x1 + 4 * math.cos(angle + turn), y1 + 4 * math.sin(angle + turn)))
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)


@dataclass(frozen=True)
class Figure:
    head: Point
    shoulder: Point
    hip: Point
    near_arm: Limb
    far_arm: Limb
    near_leg: Limb
    far_leg: Limb
    props: tuple[Prop, ...] = ()

    def limb_points(self, start: Point, limb: Limb) -> str:
        return " ".join(f"{x:g},{y:g}" for x, y in (start, *limb))


def _arrow(*points: Point) -> Prop:
    return Prop("arrow", points)


MAT = Prop("mat", ((6, FLOOR_Y), (114, FLOOR_Y)))

FIGURES: dict[str, Figure] = {
    "high-knees": Figure(
        head=(60, 14),
        shoulder=(60, 26),
        hip=(60, 54),
        near_arm=((52, 38), (50, 50)),
        far_arm=((68, 36), (74, 28)),
        near_leg=((76, 54), (74, 74)),
        far_leg=((61, 73), (60, 92)),
        props=(_arrow((88, 72), (88, 50)),),
    ),
    "butt-kicks": Figure(
        head=(60, 14),
        shoulder=(60, 26),
        hip=(60, 54),
        near_arm=((54, 40), (58, 50)),
        far_arm=((66, 38), (70, 30)),
        near_leg=((58, 74), (44, 60)),
        far_leg=((62, 73), (62, 92)),
        props=(_arrow((36, 80), (36, 58)),),
    ),
    "skipping": Figure(
        head=(62, 10),
        shoulder=(61, 22),
        hip=(59, 50),
        near_arm=((54, 34), (52, 46)),
        far_arm=((69, 32), (75, 22)),
        near_leg=((74, 52), (72, 70)),
        far_leg=((56, 68), (52, 86)),
        props=(_arrow((30, 88), (44, 70), (56, 88)),),
    ),
    "running-backward": Figure(
        head=(64, 14),
        shoulder=(62, 26),
        hip=(60, 54),
        near_arm=((54, 38), (56, 50)),
        far_arm=((68, 38), (72, 48)),
        near_leg=((52, 72), (44, 90)),
        far_leg=((64, 72), (66, 91)),
        props=(_arrow((34, 40), (14, 40)),),
    ),
    "step-ups": Figure(
        head=(63, 10),
        shoulder=(62, 22),
        hip=(60, 50),
        near_arm=((56, 34), (58, 46)),
        far_arm=((68, 34), (72, 24)),
        near_leg=((76, 56), (78, 72)),
        far_leg=((56, 72), (50, 90)),
        props=(Prop("box", ((66, 72), (104, 92))), _arrow((100, 64), (100, 40))),
    ),
    "single-leg-toe-touches": Figure(
        head=(91, 42),
        shoulder=(82, 48),
        hip=(56, 52),
        near_arm=((82, 64), (80, 82)),
        far_arm=((85, 64), (85, 82)),
        near_leg=((40, 50), (22, 48)),
        far_leg=((56, 72), (56, 92)),
    ),
    "walking-lunges": Figure(
        head=(56, 22),
        shoulder=(56, 34),
        hip=(56, 62),
        near_arm=((54, 48), (56, 60)),
        far_arm=((58, 48), (60, 60)),
        near_leg=((76, 64), (76, 92)),
        far_leg=((44, 84), (28, 91)),
        props=(_arrow((84, 30), (106, 30)),),
    ),
    "lateral-lunges": Figure(
        head=(60, 24),
        shoulder=(60, 36),
        hip=(60, 62),
        near_arm=((70, 46), (62, 52)),
        far_arm=((50, 46), (58, 52)),
        near_leg=((80, 70), (86, 92)),
        far_leg=((46, 76), (30, 92)),
        props=(_arrow((92, 40), (112, 40)),),
    ),
    "air-squats": Figure(
        head=(62, 28),
        shoulder=(58, 38),
        hip=(44, 64),
        near_arm=((72, 40), (86, 40)),
        far_arm=((72, 43), (86, 44)),
        near_leg=((66, 64), (62, 92)),
        far_leg=((64, 67), (60, 92)),
        props=(_arrow((100, 40), (100, 70)),),
    ),
    "jump-squats": Figure(
        head=(60, 14),
        shoulder=(60, 26),
        hip=(60, 52),
        near_arm=((53, 38), (47, 48)),
        far_arm=((67, 38), (73, 48)),
        near_leg=((62, 68), (60, 82)),
        far_leg=((58, 68), (56, 82)),
        props=(_arrow((88, 84), (88, 58)), _arrow((32, 84), (32, 58))),
    ),
    "skating-squat": Figure(
        head=(76, 26),
        shoulder=(70, 36),
        hip=(56, 58),
        near_arm=((60, 44), (46, 42)),
        far_arm=((78, 46), (88, 44)),
        near_leg=((40, 70), (22, 84)),
        far_leg=((68, 72), (64, 92)),
        props=(_arrow((14, 64), (8, 78)),),
    ),
    "low-lunge-variation": Figure(
        head=(48, 27),
        shoulder=(52, 38),
        hip=(54, 66),
        near_arm=((60, 24), (66, 10)),
        far_arm=((58, 50), (66, 60)),
        near_leg=((74, 68), (76, 92)),
        far_leg=((38, 89), (20, 91)),
        props=(MAT,),
    ),
    "one-legged-bridge": Figure(
        head=(14, 85),
        shoulder=(26, 86),
        hip=(56, 70),
        near_arm=((38, 89), (50, 89)),
        far_arm=((38, 90), (50, 90)),
        near_leg=((74, 64), (94, 56)),
        far_leg=((72, 66), (80, 91)),
        props=(MAT, _arrow((104, 50), (104, 76))),
    ),
    "crescent-lunge-knee-up": Figure(
        head=(59, 19),
        shoulder=(60, 31),
        hip=(60, 56),
        near_arm=((69, 20), (73, 6)),
        far_arm=((67, 21), (69, 7)),
        near_leg=((78, 56), (78, 74)),
        far_leg=((60, 74), (60, 92)),
        props=(_arrow((92, 80), (92, 56)),),
    ),
    "full-range-figure-four": Figure(
        head=(32, 47),
        shoulder=(35, 58),
        hip=(42, 86),
        near_arm=((30, 72), (24, 88)),
        far_arm=((32, 73), (27, 89)),
        near_leg=((50, 64), (64, 63)),
        far_leg=((64, 66), (76, 90)),
        props=(MAT, _arrow((56, 52), (46, 42))),
    ),
}


def figure_for(move_id: str) -> Figure | None:
    return FIGURES.get(move_id)
