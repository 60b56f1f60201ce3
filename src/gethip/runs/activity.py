"""What every reader returns, and how a decoded activity becomes a run's figures.

The FIT, GPX and TCX readers each turn their format into ``Activity``: the
file's own summary (what the watch computed, where it wrote one) plus the
per-second samples. ``summarise`` then gives every run the same figures the
same way, preferring the device's numbers and deriving the rest from the
samples, so a run reads alike whichever format it came in.
"""

from __future__ import annotations

import math
import struct
import zlib
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]

# Slower than this (about 33 min/km) counts as standing, not moving.
MOVING_SPEED = 0.5
# A gap longer than this between two samples is a pause, not movement.
MAX_MOVING_GAP_S = 10.0
# Climbs smaller than this are altimeter noise, not ascent.
ASCENT_HYSTERESIS_M = 3.0

RUNNING = "running"
# Sub-sports that are still running; anything else under "running" is too.
RUN_KINDS = frozenset({"running", "treadmill", "trail", "track", "street", "indoor_running"})


@dataclass(frozen=True)
class Samples:
    """One row per record: seconds since the start, speed (m/s), cadence (steps/min).

    NaN marks a value the file did not have at that moment.
    """

    t: Floats
    speed: Floats
    cadence: Floats
    distance: Floats
    altitude: Floats

    @classmethod
    def empty(cls) -> Samples:
        nothing = np.empty(0)
        return cls(nothing, nothing, nothing, nothing, nothing)

    def __len__(self) -> int:
        return len(self.t)


@dataclass(frozen=True)
class Activity:
    """One activity as a file describes it (a file may hold several, e.g. a triathlon)."""

    sport: str  # "running", "cycling", ... or "unknown" when the file does not say
    sub_sport: str | None
    start: datetime  # aware, UTC
    utc_offset_minutes: int | None
    samples: Samples
    elapsed_s: float | None = None
    timer_s: float | None = None
    distance_m: float | None = None
    cadence_spm: float | None = None  # steps per minute, as the device averaged it
    step_length_m: float | None = None  # the device's own average, if it measured one
    ascent_m: float | None = None

    @property
    def is_run(self) -> bool:
        return self.sport == RUNNING


@dataclass(frozen=True)
class RunFacts:
    """A run's figures as gethip keeps them; None where the file does not allow a figure."""

    start: datetime
    utc_offset_minutes: int | None
    sport: str
    sub_sport: str | None
    elapsed_s: float
    moving_s: float | None
    distance_m: float | None
    cadence_spm: float | None
    step_length_m: float | None
    step_length_from_device: bool
    ascent_m: float | None
    samples: bytes  # pack_samples(t, speed, cadence)
    sample_count: int
    speed_samples: int  # how many samples have both a speed and a cadence


def summarise(activity: Activity) -> RunFacts:
    s = activity.samples
    elapsed = activity.elapsed_s
    if elapsed is None or not math.isfinite(elapsed):
        elapsed = float(s.t[-1] - s.t[0]) if len(s) else 0.0
    distance = _finite(activity.distance_m)
    if distance is None:
        distance = _last_finite(s.distance)
    moving = moving_seconds(s)
    if moving is None:
        moving = _finite(activity.timer_s)
    if moving is not None:
        moving = min(moving, elapsed)  # sampling at the edges can add a second
    cadence = _finite(activity.cadence_spm) or _mean_moving(s.cadence, s)
    step = _finite(activity.step_length_m)
    from_device = step is not None
    if step is None and cadence and distance and moving:
        step = (distance / moving) / (cadence / 60.0)
    ascent = _finite(activity.ascent_m)
    if ascent is None:
        ascent = climbed(s.altitude)
    usable = int(np.count_nonzero(np.isfinite(s.speed) & np.isfinite(s.cadence)))
    return RunFacts(
        start=activity.start,
        utc_offset_minutes=activity.utc_offset_minutes,
        sport=activity.sport,
        sub_sport=activity.sub_sport,
        elapsed_s=round(elapsed, 3),
        moving_s=None if moving is None else round(moving, 3),
        distance_m=None if distance is None else round(distance, 2),
        cadence_spm=None if cadence is None else round(cadence, 2),
        step_length_m=None if step is None else round(step, 4),
        step_length_from_device=from_device,
        ascent_m=None if ascent is None else round(ascent, 1),
        samples=pack_samples(s.t, s.speed, s.cadence),
        sample_count=len(s),
        speed_samples=usable,
    )


def moving_seconds(s: Samples) -> float | None:
    """Time spent moving: the gaps between samples where the runner was not standing."""
    if len(s) < 2:
        return None
    speed = s.speed
    if not np.isfinite(speed).any():
        return None
    dt = np.diff(s.t)
    # The speed at the end of a gap describes the gap (devices log the state
    # they reached); NaN (unknown) counts as not moving.
    ahead = speed[1:]
    moving = (dt > 0) & (dt <= MAX_MOVING_GAP_S) & (np.nan_to_num(ahead) >= MOVING_SPEED)
    return float(dt[moving].sum())


def climbed(altitude: Floats) -> float | None:
    """Total ascent, counting a climb only once it exceeds the noise of an altimeter."""
    values = altitude[np.isfinite(altitude)]
    if len(values) < 2:
        return None
    total = 0.0
    low = high = float(values[0])
    climbing = False
    for value in values[1:].tolist():
        if climbing:
            if value > high:
                total += value - high
                high = value
            elif high - value >= ASCENT_HYSTERESIS_M:
                climbing, low = False, value
        else:
            if value < low:
                low = value
            elif value - low >= ASCENT_HYSTERESIS_M:
                climbing, high = True, value
                total += value - low
    return total


def speed_from_distance(t: Floats, distance: Floats, span: int = 2) -> Floats:
    """Speed from cumulative distance, over a few seconds either side to calm GPS jitter."""
    n = len(t)
    speed = np.full(n, np.nan)
    if n < 2:
        return speed
    lo = np.clip(np.arange(n) - span, 0, n - 1)
    hi = np.clip(np.arange(n) + span, 0, n - 1)
    dt = t[hi] - t[lo]
    dd = distance[hi] - distance[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        speed = np.where(dt > 0, dd / dt, np.nan)
    return speed


def haversine_cumulative(lat: Floats, lon: Floats) -> Floats:
    """Cumulative distance in metres along a track of coordinates in degrees."""
    if len(lat) == 0:
        return np.empty(0)
    phi = np.radians(lat)
    dphi = np.diff(phi)
    dlmb = np.radians(np.diff(lon))
    a = np.sin(dphi / 2) ** 2 + np.cos(phi[:-1]) * np.cos(phi[1:]) * np.sin(dlmb / 2) ** 2
    step = 2 * 6_371_008.8 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    step = np.nan_to_num(step)
    return np.concatenate([[0.0], np.cumsum(step)])


# --- compact per-second records ---------------------------------------------------------------

_SAMPLES_VERSION = 1
_MISSING = 0xFFFF


def pack_samples(t: Floats, speed: Floats, cadence: Floats) -> bytes:
    """Time (0.1 s steps), speed (mm/s) and cadence (0.1 steps/min), zlib-packed.

    About 3 bytes a second once compressed: a year of daily hour-long runs is
    a few megabytes, and the analysis never needs more precision than this.
    """
    n = len(t)
    ticks = np.round((t - (t[0] if n else 0.0)) * 10.0).astype(np.int64)
    steps = np.diff(ticks, prepend=0)
    steps = np.clip(steps, 0, 0xFFFFFFFF).astype("<u4")
    body = steps.tobytes() + _quantise(speed, 1000.0).tobytes() + _quantise(cadence, 10.0).tobytes()
    return struct.pack("<BI", _SAMPLES_VERSION, n) + zlib.compress(body, 6)


def unpack_samples(blob: bytes) -> tuple[Floats, Floats, Floats]:
    version, n = struct.unpack_from("<BI", blob)
    if version != _SAMPLES_VERSION:
        raise ValueError(f"unknown samples version {version}")
    body = zlib.decompress(blob[5:])
    steps = np.frombuffer(body, dtype="<u4", count=n)
    speed = np.frombuffer(body, dtype="<u2", count=n, offset=4 * n)
    cadence = np.frombuffer(body, dtype="<u2", count=n, offset=6 * n)
    t = np.cumsum(steps.astype(np.float64)) / 10.0
    return t, _unquantise(speed, 1000.0), _unquantise(cadence, 10.0)


def _quantise(values: Floats, scale: float) -> NDArray[np.uint16]:
    scaled = np.round(np.nan_to_num(values, nan=-1.0) * scale)
    bad = ~np.isfinite(values) | (scaled < 0) | (scaled >= _MISSING)
    return np.where(bad, _MISSING, scaled).astype("<u2")


def _unquantise(values: NDArray[np.uint16], scale: float) -> Floats:
    return np.where(values == _MISSING, np.nan, values.astype(np.float64) / scale)


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _last_finite(values: Floats) -> float | None:
    finite = values[np.isfinite(values)]
    return float(finite[-1]) if len(finite) else None


def _mean_moving(values: Floats, s: Samples) -> float | None:
    """Mean of ``values`` while running (standing still would drag a cadence down)."""
    keep = np.isfinite(values) & (values > 0)
    if np.isfinite(s.speed).any():
        keep &= np.nan_to_num(s.speed) >= MOVING_SPEED
    if not keep.any():
        return None
    return float(values[keep].mean())
