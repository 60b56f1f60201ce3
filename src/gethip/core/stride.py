"""Pace-normalised step length: is the runner's stride changing, and how sure can we be?

A step gets longer as a runner speeds up, so a week of faster runs would
look like a longer stride even if nothing else changed. To compare like
with like, every second of every run gives one point (speed, step length =
speed / steps per second); the runner's own relation between the two is
fitted across all their runs; and each run is then read off at one
reference speed, the runner's typical one. That figure, per run, is what
the trend follows.

The trend is an ordinary least-squares line through those per-run figures
against time, reported with its 95% confidence interval. It is put next to
the weekly minutes of hip work from the practice log, and it claims only
what it measured: a change in step length alongside the hip work, never
that the work caused it. With too few runs it claims nothing at all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from gethip.core.catalog import Frozen
from gethip.core.practice import PracticeSummary
from gethip.core.stats import week_start

Floats = NDArray[np.float64]

# Seconds that count as running: faster than a brisk walk, slower than a
# sprint, with a cadence and step length a human runner can have.
MIN_SPEED = 1.6  # m/s, 10:25 per km
MAX_SPEED = 7.0  # m/s, 2:23 per km
MIN_CADENCE = 120.0  # steps per minute
MAX_CADENCE = 240.0
MIN_STEP = 0.4  # m
MAX_STEP = 2.5
# Two minutes of running seconds make a run worth a figure.
MIN_SECONDS_PER_RUN = 120
# A trend needs enough runs, spread over enough weeks, to mean anything.
MIN_RUNS = 8
MIN_WEEKS = 3
# Huber's tuning constant: full weight within 1.345 robust deviations.
HUBER_K = 1.345

CAVEAT = (
    "This measures your stride alongside your hip work; it cannot tell what caused a change. "
    "Fitness, shoes, terrain, fatigue and weather change step length too."
)


@dataclass(frozen=True)
class RunSamples:
    """One run's per-second records: seconds from the start, speed (m/s), cadence (steps/min)."""

    run_id: int
    start: datetime
    t: Floats
    speed: Floats
    cadence: Floats


class Verdict(StrEnum):
    NOT_ENOUGH_DATA = "not-enough-data"
    LONGER = "longer"
    SHORTER = "shorter"
    NO_CLEAR_CHANGE = "no-clear-change"


class RunStride(Frozen):
    run_id: int
    start: datetime
    week_start: date
    seconds_used: int
    median_speed_m_s: float
    raw_step_length_m: float  # median step length of the run, whatever its pace
    step_length_m: float  # at the reference speed


class WeekStride(Frozen):
    week_start: date
    runs: int
    step_length_m: float | None  # mean of the week's pace-normalised figures
    ci_low_m: float | None
    ci_high_m: float | None
    hip_minutes: float


class Trend(Frozen):
    cm_per_week: float
    ci_low_cm_per_week: float
    ci_high_cm_per_week: float
    runs: int
    weeks: float


class Window(Frozen):
    """The weeks a report covers, and the weeks the runner's data spans (for asking for more)."""

    first_week: date
    last_week: date
    data_first_week: date
    data_last_week: date

    @property
    def weeks(self) -> int:
        return (self.last_week - self.first_week).days // 7 + 1


class StrideReport(Frozen):
    verdict: Verdict
    message: str
    caveat: str
    reference_speed_m_s: float | None
    reference_pace_s_per_km: float | None
    step_per_speed: float | None  # metres of step per m/s, fitted across the runner's runs
    runs: tuple[RunStride, ...]
    weeks: tuple[WeekStride, ...]
    trend: Trend | None
    runs_without_data: int  # runs with too few seconds of speed and cadence to use
    window: Window | None = None


def analyse_stride(
    runs: Sequence[RunSamples],
    practices: Sequence[PracticeSummary],
    zone: tzinfo,
    window: Window | None = None,
) -> StrideReport:
    """The report for these runs and practices; weeks are local weeks in ``zone``.

    With a ``window`` only the runs and practices of its weeks count, and the
    weeks listed are exactly its weeks, empty ones included; without one, every
    week from the first run or practice to the last.
    """
    if window is not None:
        runs = [r for r in runs if _in(window, week_start(r.start.astimezone(zone).date()))]
        practices = [
            p for p in practices if _in(window, week_start(p.started_at.astimezone(zone).date()))
        ]
    usable: list[tuple[RunSamples, Floats, Floats]] = []
    for run in sorted(runs, key=lambda r: (r.start, r.run_id)):
        speed, step = running_points(run)
        if len(speed) >= MIN_SECONDS_PER_RUN:
            usable.append((run, speed, step))
    without = len(runs) - len(usable)
    hip = _hip_minutes(practices, zone)
    if not usable:
        return StrideReport(
            verdict=Verdict.NOT_ENOUGH_DATA,
            message=_not_enough(0, 0),
            caveat=CAVEAT,
            reference_speed_m_s=None,
            reference_pace_s_per_km=None,
            step_per_speed=None,
            runs=(),
            weeks=_weeks([], hip, window),
            trend=None,
            runs_without_data=without,
            window=window,
        )
    slope = pooled_slope([(speed, step) for _, speed, step in usable])
    reference = float(np.median([np.median(speed) for _, speed, _ in usable]))
    per_run = tuple(
        RunStride(
            run_id=run.run_id,
            start=run.start,
            week_start=week_start(run.start.astimezone(zone).date()),
            seconds_used=len(speed),
            median_speed_m_s=round(float(np.median(speed)), 3),
            raw_step_length_m=round(float(np.median(step)), 4),
            step_length_m=round(float(np.median(step + slope * (reference - speed))), 4),
        )
        for run, speed, step in usable
    )
    distinct_weeks = len({r.week_start for r in per_run})
    trend = None
    if len(per_run) >= MIN_RUNS and distinct_weeks >= MIN_WEEKS:
        trend = fit_trend(per_run)
    verdict, message = _verdict(trend, len(per_run), distinct_weeks)
    return StrideReport(
        verdict=verdict,
        message=message,
        caveat=CAVEAT,
        reference_speed_m_s=round(reference, 3),
        reference_pace_s_per_km=round(1000.0 / reference, 1),
        step_per_speed=round(slope, 4),
        runs=per_run,
        weeks=_weeks(per_run, hip, window),
        trend=trend,
        runs_without_data=without,
        window=window,
    )


def running_points(run: RunSamples) -> tuple[Floats, Floats]:
    """Speed and step length for each second spent running (pauses, walks and glitches left out)."""
    speed = np.asarray(run.speed, dtype=np.float64)
    cadence = np.asarray(run.cadence, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        step = speed / (cadence / 60.0)
        keep = (
            np.isfinite(step)
            & (speed >= MIN_SPEED)
            & (speed <= MAX_SPEED)
            & (cadence >= MIN_CADENCE)
            & (cadence <= MAX_CADENCE)
            & (step >= MIN_STEP)
            & (step <= MAX_STEP)
        )
    return speed[keep], step[keep]


def pooled_slope(runs: Sequence[tuple[Floats, Floats]], iterations: int = 30) -> float:
    """How step length rises with speed, from the variation of both within each run.

    Each run is centred on its own medians first, so a run that was simply
    faster (or a week when the stride was longer) does not tilt the line;
    Huber weights keep GPS spikes and cadence dropouts from pulling on it.
    """
    xs = [speed - np.median(speed) for speed, _ in runs]
    ys = [step - np.median(step) for _, step in runs]
    x = np.concatenate(xs)
    y = np.concatenate(ys)
    spread = float(np.dot(x, x))
    if spread < 1e-9:
        return 0.0
    slope = float(np.dot(x, y)) / spread
    for _ in range(iterations):
        residual = y - slope * x
        scale = 1.4826 * float(np.median(np.abs(residual - np.median(residual))))
        if scale < 1e-12:
            break
        weight = np.minimum(1.0, HUBER_K * scale / np.maximum(np.abs(residual), 1e-12))
        weighted = float(np.dot(weight * x, x))
        if weighted < 1e-12:
            break
        updated = float(np.dot(weight * x, y)) / weighted
        if abs(updated - slope) < 1e-9:
            slope = updated
            break
        slope = updated
    return slope


def fit_trend(runs: Sequence[RunStride]) -> Trend:
    """Least squares of step length on weeks since the first run, with a 95% interval."""
    first = runs[0].start
    x = np.array([(r.start - first).total_seconds() / (7 * 86400) for r in runs])
    y = np.array([r.step_length_m for r in runs])
    n = len(runs)
    x_mean = float(x.mean())
    sxx = float(np.dot(x - x_mean, x - x_mean))
    slope = float(np.dot(x - x_mean, y - y.mean())) / sxx if sxx > 0 else 0.0
    intercept = float(y.mean()) - slope * x_mean
    residual = y - (intercept + slope * x)
    dof = n - 2
    se = math.sqrt(float(np.dot(residual, residual)) / dof / sxx) if dof > 0 and sxx > 0 else 0.0
    half = t_975(dof) * se if dof > 0 else math.inf
    return Trend(
        cm_per_week=round(100 * slope, 3),
        ci_low_cm_per_week=round(100 * (slope - half), 3),
        ci_high_cm_per_week=round(100 * (slope + half), 3),
        runs=n,
        weeks=round(float(x[-1]), 1),
    )


# Student's t at 97.5% (two-sided 95%) for small samples, from the standard tables;
# the expansion below is accurate to 1e-5 from 10 degrees of freedom up.
T_975_SMALL = (12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622)


def t_975(dof: int) -> float:
    """The t multiplier of a two-sided 95% interval with ``dof`` degrees of freedom."""
    if dof < 1:
        raise ValueError("a t interval needs at least one degree of freedom")
    if dof <= len(T_975_SMALL):
        return T_975_SMALL[dof - 1]
    return t_quantile(0.975, dof)


def t_quantile(p: float, dof: int) -> float:
    """Student's t quantile by the Cornish-Fisher expansion around the normal one.

    Good to 1e-5 from 10 degrees of freedom up (below, use the table in
    ``t_975``); no statistics library is needed in the core.
    """
    z = normal_quantile(p)
    v = float(dof)
    z3, z5, z7, z9 = z**3, z**5, z**7, z**9
    return (
        z
        + (z3 + z) / (4 * v)
        + (5 * z5 + 16 * z3 + 3 * z) / (96 * v**2)
        + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v**3)
        + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * v**4)
    )


def normal_quantile(p: float) -> float:
    """The standard normal quantile, by Acklam's rational approximation (error < 1.2e-9)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must lie strictly between 0 and 1")
    a = (-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690,
         -30.66479806614716, 2.506628277459239)  # fmt: skip
    b = (-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
         -13.28068155288572)  # fmt: skip
    c = (-7.784894002430293e-03, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
         4.374664141464968, 2.938163982698783)  # fmt: skip
    d = (7.784695709041462e-03, 0.3224671290700398, 2.445134137142996, 3.754408661907416)
    low = 0.02425
    if p < low:
        q = math.sqrt(-2 * math.log(p))
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / (
            (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1
        )
    if p > 1 - low:
        return -normal_quantile(1 - p)
    q = p - 0.5
    r = q * q
    return (
        (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
        * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    )


def _verdict(trend: Trend | None, runs: int, weeks: int) -> tuple[Verdict, str]:
    if trend is None:
        return Verdict.NOT_ENOUGH_DATA, _not_enough(runs, weeks)
    span = (
        f"{trend.cm_per_week:+.2f} cm per week "
        f"(95% interval {trend.ci_low_cm_per_week:+.2f} to {trend.ci_high_cm_per_week:+.2f}) "
        f"over {trend.weeks:g} weeks and {trend.runs} runs"
    )
    if trend.ci_low_cm_per_week > 0:
        return Verdict.LONGER, f"Your pace-normalised step length grew: {span}."
    if trend.ci_high_cm_per_week < 0:
        return Verdict.SHORTER, f"Your pace-normalised step length shrank: {span}."
    return (
        Verdict.NO_CLEAR_CHANGE,
        f"No clear change in your pace-normalised step length: {span}; the interval includes zero.",
    )


def _not_enough(runs: int, weeks: int) -> str:
    return (
        f"Not enough data for a trend: it needs at least {MIN_RUNS} runs with speed and cadence "
        f"across {MIN_WEEKS} weeks; there are {runs} across {weeks}."
    )


def _hip_minutes(practices: Sequence[PracticeSummary], zone: tzinfo) -> dict[date, float]:
    minutes: dict[date, float] = {}
    for practice in practices:
        week = week_start(practice.started_at.astimezone(zone).date())
        minutes[week] = minutes.get(week, 0.0) + practice.seconds_done / 60.0
    return minutes


def _in(window: Window, week: date) -> bool:
    return window.first_week <= week <= window.last_week


def _weeks(
    runs: Sequence[RunStride], hip: dict[date, float], window: Window | None
) -> tuple[WeekStride, ...]:
    """Every week of the window (or from the first run or practice to the last), empty ones too."""
    starts = [r.week_start for r in runs] + list(hip)
    if window is not None:
        first, last = window.first_week, window.last_week
    elif starts:
        first, last = min(starts), max(starts)
    else:
        return ()
    weeks = []
    week = first
    while week <= last:
        values = np.array([r.step_length_m for r in runs if r.week_start == week])
        mean = low = high = None
        if len(values):
            mean = round(float(values.mean()), 4)
            if len(values) >= 2:
                sem = float(values.std(ddof=1)) / math.sqrt(len(values))
                half = t_975(len(values) - 1) * sem
                low, high = round(mean - half, 4), round(mean + half, 4)
        weeks.append(
            WeekStride(
                week_start=week,
                runs=len(values),
                step_length_m=mean,
                ci_low_m=low,
                ci_high_m=high,
                hip_minutes=round(hip.get(week, 0.0), 1),
            )
        )
        week += timedelta(weeks=1)
    return tuple(weeks)
