"""Chart geometry for the Progress page, drawn as plain SVG by the templates.

The page has three small charts; a chart library would weigh more than the
whole page, so the shapes are computed here and the numbers sit in a table
beside each chart for anyone who cannot see it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 320
HEIGHT = 160
LEFT = 28  # room for the axis labels
BOTTOM = 22
TOP = 10


# Labels under a chart this narrow: more would overprint one another.
MAX_LABELS = 5


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: float
    label: str
    labelled: bool = True  # whether its label is drawn under the axis (every bar has a tooltip)


@dataclass(frozen=True)
class Tick:
    y: float
    value: float


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM


@dataclass(frozen=True)
class Series:
    name: str
    points: str  # "x,y x,y ..." for a polyline; the gaps of unrated practices are skipped
    dots: tuple[tuple[float, float, int], ...]


@dataclass(frozen=True)
class LineChart:
    series: tuple[Series, ...]
    ticks: tuple[Tick, ...]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM


def _nice_top(largest: float) -> float:
    for top in (1, 2, 5, 10, 20, 30, 60, 90, 120, 180, 240, 360, 600):
        if largest <= top:
            return float(top)
    return float(largest)


def _y(value: float, top: float) -> float:
    span = HEIGHT - BOTTOM - TOP
    return round(HEIGHT - BOTTOM - span * (value / top), 1)


def labelled(count: int, most: int = MAX_LABELS) -> set[int]:
    """Which of ``count`` points get a label: evenly spaced, always the newest."""
    step = max(1, -(-count // most))
    return {i for i in range(count) if (count - 1 - i) % step == 0}


def bar_chart(values: Sequence[float], labels: Sequence[str]) -> BarChart:
    top = _nice_top(max(values, default=0) or 1)
    slot = (WIDTH - LEFT) / max(len(values), 1)
    shown = labelled(len(values))
    bars = tuple(
        Bar(
            x=round(LEFT + slot * i + slot * 0.15, 1),
            y=_y(value, top),
            width=max(round(slot * 0.7, 1), 0.5),
            height=round(HEIGHT - BOTTOM - _y(value, top), 1),
            value=value,
            label=label,
            labelled=i in shown,
        )
        for i, (value, label) in enumerate(zip(values, labels, strict=True))
    )
    ticks = (Tick(_y(0, top), 0), Tick(_y(top / 2, top), top / 2), Tick(_y(top, top), top))
    return BarChart(bars=bars, ticks=ticks)


def rating_chart(series: dict[str, Sequence[int | None]], top: int = 10) -> LineChart:
    """One line per rating (0 to ``top``), one point per rated practice, oldest first."""
    count = max((len(values) for values in series.values()), default=0)
    step = (WIDTH - LEFT - 10) / max(count - 1, 1)
    lines = []
    for name, values in series.items():
        dots = tuple(
            (round(LEFT + 5 + step * i, 1), _y(value, top), value)
            for i, value in enumerate(values)
            if value is not None
        )
        lines.append(Series(name=name, points=" ".join(f"{x},{y}" for x, y, _ in dots), dots=dots))
    ticks = tuple(Tick(_y(v, top), v) for v in (0, top / 2, top))
    return LineChart(series=tuple(lines), ticks=ticks)


@dataclass(frozen=True)
class Whisker:
    x: float
    y: float
    low: float  # y of the interval's ends; equal to y when a week has one run
    high: float
    label: str
    value: float


@dataclass(frozen=True)
class StrideChart:
    """Each run's step length at the runner's typical pace, and each week's mean with its interval."""

    runs: tuple[tuple[float, float], ...]
    weeks: tuple[Whisker, ...]
    ticks: tuple[Tick, ...]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM


def stride_chart(
    runs: Sequence[tuple[float, float]],
    weeks: Sequence[tuple[float, float, float | None, float | None, str]],
) -> StrideChart:
    """``runs``: (day number, metres); ``weeks``: (day number of its middle, mean, low, high, label).

    Step lengths vary by centimetres, so the axis spans the data (plus a
    margin), not zero up: from zero every point would sit on one line.
    """
    values = [m for _, m in runs] + [v for w in weeks for v in w[1:4] if v is not None]
    if not values:
        return StrideChart(runs=(), weeks=(), ticks=())
    low, high = min(values) - 0.02, max(values) + 0.02
    days = [d for d, _ in runs] + [w[0] for w in weeks]
    first, last = min(days), max(days)
    span_x = max(last - first, 1.0)

    def x(day: float) -> float:
        return round(LEFT + 8 + (WIDTH - LEFT - 16) * (day - first) / span_x, 1)

    def y(metres: float) -> float:
        return round(HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * (metres - low) / (high - low), 1)

    whiskers = tuple(
        Whisker(
            x=x(day),
            y=y(mean),
            low=y(ci_low if ci_low is not None else mean),
            high=y(ci_high if ci_high is not None else mean),
            label=label,
            value=mean,
        )
        for day, mean, ci_low, ci_high, label in weeks
    )
    ticks = tuple(Tick(y(v), round(v, 2)) for v in (low, (low + high) / 2, high))
    return StrideChart(runs=tuple((x(d), y(m)) for d, m in runs), weeks=whiskers, ticks=ticks)
