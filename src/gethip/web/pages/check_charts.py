"""Chart geometry for the hip check on Progress: each side over time inside its margin, as plain SVG.

One chart per test. Each reading is a dot with its margin (± its uncertainty)
drawn as a whisker; a side with two readings or more gets its band too, the
margin joined from reading to reading, so a change that stays inside the band
reads as what it is: no change the camera can see. Up is more hip extension in
both tests (a thigh hanging lower, a thigh reaching further back), and the
0° line (horizontal, or the trunk line) is drawn when the axis crosses it.
The numbers sit in a table beside the chart, as on the rest of the page.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gethip.web.pages.charts import BOTTOM, HEIGHT, LEFT, TOP, WIDTH, Tick

# Room kept above and below the outermost margin, in degrees.
PAD_DEG = 2.0


@dataclass(frozen=True)
class CheckPoint:
    """One reading as the chart takes it: which day (a number), the angle and its margin."""

    day: float
    angle: float
    uncertainty: float
    label: str  # its date and reading, for the tooltip


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    high: float  # y of angle + margin (up the chart)
    low: float
    angle: float
    uncertainty: float
    label: str


@dataclass(frozen=True)
class SideTrace:
    side: str
    dots: tuple[Dot, ...]
    line: str  # "x,y x,y ..." through the readings, oldest first
    band: str  # the polygon of the margin, empty with fewer than two readings


@dataclass(frozen=True)
class DayLabel:
    x: float
    text: str


@dataclass(frozen=True)
class CheckChart:
    sides: tuple[SideTrace, ...]
    ticks: tuple[Tick, ...]
    zero: float | None  # y of the 0° line, when the axis spans it
    days: tuple[DayLabel, ...] = ()  # under the axis: the first and the last day
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT


def _step(span: float) -> float:
    for step in (2.0, 5.0, 10.0, 20.0, 30.0, 45.0):
        if span / step <= 4:
            return step
    return 90.0


def check_chart(
    sides: Mapping[str, Sequence[CheckPoint]], days: Mapping[float, str] | None = None
) -> CheckChart:
    """``sides``: each side's readings, oldest first (day numbers on one shared axis).

    ``days`` names day numbers; the first and the last are written under the axis.
    """
    points = [p for readings in sides.values() for p in readings]
    if not points:
        return CheckChart(sides=(), ticks=(), zero=None)
    lowest = min(p.angle - p.uncertainty for p in points) - PAD_DEG
    highest = max(p.angle + p.uncertainty for p in points) + PAD_DEG
    step = _step(highest - lowest)
    low, high = math.floor(lowest / step) * step, math.ceil(highest / step) * step
    first, last = min(p.day for p in points), max(p.day for p in points)

    def x(day: float) -> float:
        if last == first:
            return round(LEFT + (WIDTH - LEFT) / 2, 1)
        return round(LEFT + 10 + (WIDTH - LEFT - 20) * (day - first) / (last - first), 1)

    def y(degrees: float) -> float:
        return round(HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * (degrees - low) / (high - low), 1)

    traces = []
    for side, readings in sides.items():
        dots = tuple(
            Dot(
                x=x(p.day),
                y=y(p.angle),
                high=y(p.angle + p.uncertainty),
                low=y(p.angle - p.uncertainty),
                angle=p.angle,
                uncertainty=p.uncertainty,
                label=p.label,
            )
            for p in readings
        )
        band = ""
        if len(dots) >= 2:
            edge = [f"{d.x},{d.high}" for d in dots] + [f"{d.x},{d.low}" for d in reversed(dots)]
            band = " ".join(edge)
        traces.append(
            SideTrace(side=side, dots=dots, line=" ".join(f"{d.x},{d.y}" for d in dots), band=band)
        )
    count = round((high - low) / step)
    ticks = tuple(Tick(y(low + step * i), low + step * i) for i in range(count + 1))
    named = days or {}
    ends = sorted({day for day in (first, last) if day in named})
    return CheckChart(
        sides=tuple(traces),
        ticks=ticks,
        zero=y(0.0) if low <= 0 <= high else None,
        days=tuple(DayLabel(x(day), named[day]) for day in ends),
    )
