"""GPX tracks (Strava, Garmin Connect, Nike Run Club and most phone apps).

Parsed with lxml's incremental parser, element by element, with every
feature a hostile file could abuse switched off: no DTD, no entity
expansion, no network, no "huge tree" mode. A file declaring entities is
refused outright, since GPX never needs them.

GPX has no distance or speed of its own: both come from the coordinates
(a few per cent off what the watch measured). Cadence, where an app wrote
it, sits in Garmin's TrackPointExtension as strides per minute.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
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
from gethip.runs.errors import CorruptRunFile, NotARunFile, NoTimes, UnsafeXml

# Strava writes its activity type as a number in older exports.
STRAVA_TYPES = {
    "9": "running",
    "1": "cycling",
    "10": "walking",
    "4": "hiking",
    "2": "alpine_skiing",
}


def is_gpx(data: bytes) -> bool:
    return b"<gpx" in data[:4096]


def read_gpx(data: bytes) -> list[Activity]:
    if not is_gpx(data):
        raise NotARunFile()
    times: list[float] = []
    lats: list[float] = []
    lons: list[float] = []
    eles: list[float] = []
    cads: list[float] = []
    kind: str | None = None
    for element in safe_iterparse(data, root="gpx", tags=("trkpt", "type")):
        name = local_name(element)
        if name == "trkpt":
            when = _child_text(element, "time")
            if when is None:
                forget(element)
                continue
            times.append(parse_time(when))
            lats.append(_coordinate(element.get("lat"), 90.0))
            lons.append(_coordinate(element.get("lon"), 180.0))
            eles.append(_number(_child_text(element, "ele")))
            cads.append(_number(_extension_text(element, "cad")))
            forget(element)
        elif name == "type" and kind is None and _parent_name(element) == "trk":
            kind = (element.text or "").strip()
    if not times:
        raise NoTimes()
    t = np.array(times)
    order = np.argsort(t, kind="stable")
    t = t[order]
    lat, lon = np.array(lats)[order], np.array(lons)[order]
    distance = haversine_cumulative(lat, lon)
    # Strides per minute in the file; steps per minute for the runner.
    cadence = 2.0 * np.array(cads)[order]
    sport, sub_sport = sport_from_type(kind)
    start = float(t[0])
    return [
        Activity(
            sport=sport,
            sub_sport=sub_sport,
            start=datetime.fromtimestamp(start, UTC),
            utc_offset_minutes=None,
            samples=Samples(
                t=t - start,
                speed=speed_from_distance(t, distance),
                cadence=cadence,
                distance=distance,
                altitude=np.array(eles)[order],
            ),
            elapsed_s=float(t[-1] - start),
            distance_m=float(distance[-1]),
        )
    ]


def sport_from_type(kind: str | None) -> tuple[str, str | None]:
    """A GPX track type, free text or Strava's number, as a sport and sub-sport."""
    if not kind:
        return "unknown", None
    text = STRAVA_TYPES.get(kind, kind).strip().lower().replace(" ", "_")
    if "run" in text:
        for sub in ("treadmill", "trail", "track", "virtual"):
            if sub in text:
                return RUNNING, "treadmill" if sub == "virtual" else sub
        return RUNNING, None
    return text, None


def safe_iterparse(data: bytes, root: str, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """Each element named in ``tags`` (any namespace) as it closes, from XML that
    declares no entities and reaches no network."""
    # Entities can only be declared in a DTD, which must come before the root.
    root_at = data.find(f"<{root}".encode())
    prolog = data[:root_at] if root_at >= 0 else data[:4096]
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
        raise UnsafeXml()
    try:
        for _event, element in etree.iterparse(
            io.BytesIO(data),
            events=("end",),
            tag=[f"{{*}}{tag}" for tag in tags],
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        ):
            yield element
    except etree.XMLSyntaxError as error:
        raise CorruptRunFile(f"not well-formed XML ({_first_line(error)})") from None


def parse_time(text: str) -> float:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CorruptRunFile(f"a time that is not a time: {text.strip()[:40]!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # GPX times are UTC unless they say otherwise
    return moment.timestamp()


def _coordinate(text: str | None, limit: float) -> float:
    try:
        value = float(text) if text is not None else math.nan
    except ValueError:
        raise CorruptRunFile(
            f"a track point's coordinate is not a number: {text!r}"[:100]
        ) from None
    if not math.isfinite(value) or abs(value) > limit:
        raise CorruptRunFile(f"a track point's coordinate is out of range: {text!r}"[:100])
    return value


def _number(text: str | None) -> float:
    if text is None:
        return math.nan
    try:
        value = float(text)
    except ValueError:
        return math.nan
    return value if math.isfinite(value) else math.nan


def _child_text(element: etree._Element, name: str) -> str | None:
    for child in element:
        if local_name(child) == name:
            return str(child.text) if child.text is not None else None
    return None


def _extension_text(element: etree._Element, name: str) -> str | None:
    for child in element.iter():
        if local_name(child) == name:
            return str(child.text) if child.text is not None else None
    return None


def forget(element: etree._Element) -> None:
    """Drop a read point and the ones before it, so a long track never sits whole in memory."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _parent_name(element: etree._Element) -> str | None:
    parent = element.getparent()
    return None if parent is None else local_name(parent)


def local_name(element: etree._Element) -> str:
    """The tag without its namespace ("" for comments and the like)."""
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _first_line(error: Exception) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0][:100]
