"""TCX activities (Garmin Training Center, Garmin Connect and Strava exports).

Read with the same hardened incremental parser as GPX. TCX carries the
watch's own cumulative distance per trackpoint, often its speed, and running
cadence as ``RunCadence`` in strides per minute (doubled here into steps).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

import numpy as np
from lxml import etree

from gethip.runs.activity import (
    RUNNING,
    Activity,
    Samples,
    haversine_cumulative,
    speed_from_distance,
)
from gethip.runs.errors import NotARunFile, NoTimes
from gethip.runs.gpx import forget, local_name, parse_time, safe_iterparse

SPORTS = {"running": RUNNING, "biking": "cycling"}


def is_tcx(data: bytes) -> bool:
    return b"<TrainingCenterDatabase" in data[:4096]


class _Track:
    """The trackpoints and laps of one Activity element, as they stream past."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.altitude: list[float] = []
        self.distance: list[float] = []
        self.speed: list[float] = []
        self.cadence: list[float] = []
        self.lap_seconds = 0.0
        self.lap_metres = 0.0


def read_tcx(data: bytes) -> list[Activity]:
    if not is_tcx(data):
        raise NotARunFile()
    activities: list[Activity] = []
    track = _Track()
    for element in safe_iterparse(
        data, root="TrainingCenterDatabase", tags=("Trackpoint", "Lap", "Activity")
    ):
        name = local_name(element)
        if name == "Trackpoint":
            _add_point(track, element)
            forget(element)
        elif name == "Lap":
            track.lap_seconds += _number(_child(element, "TotalTimeSeconds"), 0.0)
            track.lap_metres += _number(_child(element, "DistanceMeters"), 0.0)
            forget(element)
        elif name == "Activity":
            activity = _activity(track, element.get("Sport"))
            if activity is not None:
                activities.append(activity)
            track = _Track()
            element.clear()
    if not activities:
        raise NoTimes()
    return activities


def _add_point(track: _Track, point: etree._Element) -> None:
    values: dict[str, str | None] = {}
    for child in point.iter():
        values[local_name(child)] = child.text
    when = values.get("Time")
    if when is None:
        return
    track.times.append(parse_time(when))
    track.lat.append(_number(values.get("LatitudeDegrees")))
    track.lon.append(_number(values.get("LongitudeDegrees")))
    track.altitude.append(_number(values.get("AltitudeMeters")))
    track.distance.append(_number(values.get("DistanceMeters")))
    track.speed.append(_number(values.get("Speed")))
    # RunCadence is the running field; some devices put it in the bike one.
    track.cadence.append(_number(values.get("RunCadence", values.get("Cadence"))))


def _activity(track: _Track, sport_attr: str | None) -> Activity | None:
    if not track.times:
        return None
    t = np.array(track.times)
    order = np.argsort(t, kind="stable")
    t = t[order]
    start = float(t[0])
    distance = np.array(track.distance)[order]
    if not np.isfinite(distance).any():
        lat, lon = np.array(track.lat)[order], np.array(track.lon)[order]
        if np.isfinite(lat).all() and np.isfinite(lon).all():
            distance = haversine_cumulative(lat, lon)
    speed = np.array(track.speed)[order]
    if not np.isfinite(speed).any() and np.isfinite(distance).any():
        speed = speed_from_distance(t, np.fmax.accumulate(np.nan_to_num(distance)))
    sport = SPORTS.get((sport_attr or "").strip().lower(), "unknown")
    total_distance = _last(distance)
    return Activity(
        sport=sport,
        sub_sport=None,
        start=datetime.fromtimestamp(start, UTC),
        utc_offset_minutes=None,
        samples=Samples(
            t=t - start,
            speed=speed,
            cadence=2.0 * np.array(track.cadence)[order],
            distance=distance,
            altitude=np.array(track.altitude)[order],
        ),
        elapsed_s=float(t[-1] - start),
        timer_s=track.lap_seconds or None,
        distance_m=total_distance if total_distance is not None else track.lap_metres or None,
    )


def _child(element: etree._Element, name: str) -> str | None:
    for child in element:
        if local_name(child) == name:
            return str(child.text) if child.text is not None else None
    return None


def _number(text: str | None, default: float = math.nan) -> float:
    if text is None:
        return default
    try:
        value = float(text)
    except ValueError:
        return default
    return value if math.isfinite(value) else default


def _last(values: np.ndarray) -> float | None:
    finite = values[np.isfinite(values)]
    return float(finite[-1]) if len(finite) else None
