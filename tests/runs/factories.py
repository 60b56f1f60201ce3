"""Real run files for the tests and the benchmark: FIT, GPX, TCX, and whole exports.

Runs are simulated once per second from a few physiological knobs (speed,
step length, and how step length rises with speed), then written by
libraries that share no code with gethip's readers: FIT messages are encoded
by fit-tool, GPX by gpxpy, TCX with lxml. A reader bug therefore cannot hide
behind a writer that makes the same mistake.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import random
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import gpxpy.gpx
import numpy as np
from fit_tool.definition_message import DefinitionMessage
from fit_tool.fit_file_header import FitFileHeader
from fit_tool.profile.messages.activity_message import ActivityMessage
from fit_tool.profile.messages.event_message import EventMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.lap_message import LapMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import (
    Activity,
    Event,
    EventType,
    FileType,
    Manufacturer,
    Sport,
    SubSport,
)
from fit_tool.record import Record
from fit_tool.utils.crc import crc16
from lxml import etree

from gethip.app.imports import StoreSink
from gethip.core.stride import RunSamples
from gethip.store.database import Store
from gethip.store.runs import Runs

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
GPXTPX = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
TCX_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
TCX_AX = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"

SPORTS = {
    "running": (Sport.RUNNING, SubSport.GENERIC),
    "treadmill": (Sport.RUNNING, SubSport.TREADMILL),
    "trail": (Sport.RUNNING, SubSport.TRAIL),
    "cycling": (Sport.CYCLING, SubSport.ROAD),
    "walking": (Sport.WALKING, SubSport.GENERIC),
}


@dataclass(frozen=True)
class RunSpec:
    """What a simulated run looks like; every number is a plain physical quantity."""

    start: datetime = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
    minutes: float = 45.0
    speed: float = 3.0  # m/s around which the pace wanders (5:33 per km)
    step_length: float = 1.0  # m, at ``speed``
    # How much longer each step gets per m/s faster: runners speed up by
    # lengthening the step more than by quickening it.
    step_per_speed: float = 0.28
    kind: str = "running"
    utc_offset_minutes: int | None = 60
    pause_seconds: int = 0  # a stop (traffic lights) half-way, recorded as standing still
    device_step_length: bool = False
    seed: int = 0


@dataclass(frozen=True)
class Track:
    spec: RunSpec
    t: np.ndarray  # seconds since start, one per second
    speed: np.ndarray  # m/s
    cadence: np.ndarray  # steps per minute (0 while standing)
    distance: np.ndarray  # m, cumulative
    altitude: np.ndarray  # m
    lat: np.ndarray
    lon: np.ndarray
    step_length: np.ndarray = field(repr=False)  # m (0 while standing)

    @property
    def ascent(self) -> float:
        rises = np.diff(self.altitude)
        return float(rises[rises > 0].sum())


def simulate(spec: RunSpec) -> Track:
    rng = np.random.default_rng(spec.seed)
    n = int(spec.minutes * 60)
    t = np.arange(n, dtype=np.float64)
    # A warm-up ramp, slow drifts of effort, and a few faster surges: a real
    # run covers a spread of paces, which the stride analysis relies on.
    warmup = np.clip(t / 300.0, 0.0, 1.0)
    drift = 0.08 * np.sin(2 * np.pi * t / 900.0 + rng.uniform(0, 6)) + 0.05 * np.sin(
        2 * np.pi * t / 241.0 + rng.uniform(0, 6)
    )
    surges = np.zeros(n)
    if n > 900:
        for begin in rng.choice(np.arange(300, n - 120), size=3, replace=False):
            surges[begin : begin + 60] = 0.18
    speed = spec.speed * (0.82 + 0.18 * warmup + drift + surges)
    speed += rng.normal(0, 0.04, n)
    speed = np.clip(speed, 0.5 * spec.speed, 1.6 * spec.speed)
    step = spec.step_length + spec.step_per_speed * (speed - spec.speed) + rng.normal(0, 0.02, n)
    cadence = 60.0 * speed / step
    if spec.kind == "cycling":
        cadence = 85.0 + rng.normal(0, 3, n)  # pedal revolutions per minute
    if spec.pause_seconds:
        halfway = n // 2
        speed[halfway : halfway + spec.pause_seconds] = 0.0
        cadence[halfway : halfway + spec.pause_seconds] = 0.0
        step[halfway : halfway + spec.pause_seconds] = 0.0
    if spec.kind == "treadmill":
        altitude = np.zeros(n)
    else:
        altitude = 40.0 + 12.0 * np.sin(2 * np.pi * t / 1200.0) + 4.0 * np.sin(2 * np.pi * t / 300)
    distance = np.concatenate([[0.0], np.cumsum(speed[1:])])
    heading = 0.6 + 0.8 * np.sin(2 * np.pi * t / 1800.0)
    north = np.concatenate([[0.0], np.cumsum(speed[1:] * np.cos(heading[1:]))])
    east = np.concatenate([[0.0], np.cumsum(speed[1:] * np.sin(heading[1:]))])
    lat0, lon0 = 52.52 + 0.01 * (spec.seed % 7), 13.40 + 0.01 * (spec.seed % 5)
    lat = lat0 + north / 111_195.0
    lon = lon0 + east / (111_195.0 * math.cos(math.radians(lat0)))
    return Track(spec, t, speed, cadence, distance, altitude, lat, lon, step)


# --- FIT -------------------------------------------------------------------------------------


def fit_bytes(track: Track, *, header_crc: bool = True) -> bytes:
    """A FIT activity file as a watch writes it: file id, timer events, records, lap, session, activity."""
    spec = track.spec
    start_ms = int(spec.start.timestamp() * 1000)
    end_ms = start_ms + int(track.t[-1] * 1000)
    sport, sub_sport = SPORTS[spec.kind]
    writer = _FitWriter()

    file_id = FileIdMessage(local_id=0)
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 1
    file_id.serial_number = 0x1000 + spec.seed
    file_id.time_created = start_ms
    writer.add(file_id)

    event = EventMessage(local_id=1)
    event.event = Event.TIMER
    event.event_type = EventType.START
    event.timestamp = start_ms
    writer.add(event)

    # One message object, refilled per second: fit-tool builds ~80 field
    # objects per message, and a 45-minute run has 2,700 of them.
    record = RecordMessage(local_id=2)
    moving = track.speed > 0
    for i in range(len(track.t)):
        record.timestamp = start_ms + int(track.t[i] * 1000)
        record.position_lat = float(track.lat[i])
        record.position_long = float(track.lon[i])
        record.distance = float(track.distance[i])
        record.enhanced_speed = float(track.speed[i])
        record.enhanced_altitude = float(track.altitude[i])
        record.heart_rate = 150
        # Running cadence goes in as strides (one foot), pedalling as revolutions.
        strides = float(track.cadence[i]) / (1.0 if spec.kind == "cycling" else 2.0)
        record.cadence = int(strides)
        record.fractional_cadence = strides - int(strides)
        if spec.device_step_length:
            record.step_length = float(track.step_length[i]) * 1000.0 if moving[i] else None
        writer.add(record)

    event = EventMessage(local_id=1)
    event.event = Event.TIMER
    event.event_type = EventType.STOP_ALL
    event.timestamp = end_ms
    writer.add(event)

    elapsed = float(track.t[-1])
    timer = elapsed - spec.pause_seconds
    strides_avg = float(track.cadence[moving].mean()) / (1.0 if spec.kind == "cycling" else 2.0)
    for message in (LapMessage(local_id=3), SessionMessage(local_id=4)):
        message.timestamp = end_ms
        message.start_time = start_ms
        message.sport = sport
        message.sub_sport = sub_sport
        message.total_elapsed_time = elapsed
        message.total_timer_time = timer
        message.total_distance = float(track.distance[-1])
        message.total_ascent = round(track.ascent)
        message.avg_running_cadence = int(strides_avg)
        message.avg_fractional_cadence = strides_avg - int(strides_avg)
        if spec.device_step_length and isinstance(message, SessionMessage):
            message.avg_step_length = float(track.step_length[moving].mean()) * 1000.0
        if isinstance(message, SessionMessage):
            message.first_lap_index = 0
            message.num_laps = 1
        writer.add(message)

    activity = ActivityMessage(local_id=5)
    activity.timestamp = end_ms
    activity.total_timer_time = timer
    activity.num_sessions = 1
    activity.type = Activity.MANUAL
    activity.event = Event.ACTIVITY
    activity.event_type = EventType.STOP
    if spec.utc_offset_minutes is not None:
        local_end = spec.start + timedelta(seconds=elapsed, minutes=spec.utc_offset_minutes)
        activity.local_timestamp = int((local_end - FIT_EPOCH).total_seconds())
    writer.add(activity)
    return writer.to_bytes(header_crc=header_crc)


class _FitWriter:
    """Frames fit-tool's encoded messages into a file: a definition whenever a layout changes."""

    def __init__(self) -> None:
        self.body = bytearray()
        self.defined: dict[int, DefinitionMessage] = {}
        self.bound: dict[int, DefinitionMessage] = {}

    def add(self, message: object) -> None:
        local_id = message.local_id  # type: ignore[attr-defined]
        known = self.defined.get(local_id)
        if known is None or known.global_id != message.global_id:  # type: ignore[attr-defined]
            known = DefinitionMessage.from_data_message(message)
            self.defined[local_id] = known
            self.body += Record.from_message(known).to_bytes()
        # Binding a message to its definition is costly; a refilled record
        # message keeps the layout it was bound to.
        if self.bound.get(id(message)) is not known:
            message.set_definition_message(known)  # type: ignore[attr-defined]
            self.bound[id(message)] = known
        self.body += Record.from_message(message).to_bytes()  # type: ignore[arg-type]

    def to_bytes(self, *, header_crc: bool = True) -> bytes:
        # Without a header CRC the field is written as 0x0000, as older devices do.
        header = FitFileHeader(
            records_size=len(self.body), crc=None if header_crc else 0, gen_crc=header_crc
        )
        head = header.to_bytes()
        data = head + bytes(self.body)
        return data + crc16(data).to_bytes(2, "little")


# --- GPX and TCX -----------------------------------------------------------------------------


def gpx_bytes(track: Track, *, kind_tag: str | None = "running", cadence: bool = True) -> bytes:
    """GPX as Strava and Garmin Connect export it: one track, cadence in strides per minute."""
    spec = track.spec
    doc = gpxpy.gpx.GPX()
    doc.creator = "gethip tests"
    doc.nsmap["gpxtpx"] = GPXTPX
    trk = gpxpy.gpx.GPXTrack(name="Morning Run")
    trk.type = kind_tag
    doc.tracks.append(trk)
    segment = gpxpy.gpx.GPXTrackSegment()
    trk.segments.append(segment)
    for i in range(len(track.t)):
        point = gpxpy.gpx.GPXTrackPoint(
            latitude=round(float(track.lat[i]), 7),
            longitude=round(float(track.lon[i]), 7),
            elevation=round(float(track.altitude[i]), 1),
            time=spec.start + timedelta(seconds=float(track.t[i])),
        )
        if cadence:
            ext = etree.Element(f"{{{GPXTPX}}}TrackPointExtension")
            cad = etree.SubElement(ext, f"{{{GPXTPX}}}cad")
            cad.text = str(round(float(track.cadence[i]) / 2.0))
            point.extensions.append(_as_elementtree(ext))
        segment.points.append(point)
    return doc.to_xml(version="1.1").encode()


def _as_elementtree(element: etree._Element) -> object:
    # gpxpy serialises xml.etree elements; rebuild ours in that library.
    import xml.etree.ElementTree as ET

    return ET.fromstring(etree.tostring(element))


def tcx_bytes(track: Track, *, sport: str = "Running") -> bytes:
    """TCX as Garmin Connect exports it: laps of trackpoints, RunCadence in strides per minute."""
    spec = track.spec
    nsmap = {None: TCX_NS, "ns3": TCX_AX}
    root = etree.Element(f"{{{TCX_NS}}}TrainingCenterDatabase", nsmap=nsmap)
    activities = etree.SubElement(root, f"{{{TCX_NS}}}Activities")
    activity = etree.SubElement(activities, f"{{{TCX_NS}}}Activity", Sport=sport)
    etree.SubElement(activity, f"{{{TCX_NS}}}Id").text = _iso(spec.start)
    n = len(track.t)
    laps = [(0, n // 2), (n // 2, n)]
    for first, last in laps:
        lap = etree.SubElement(
            activity, f"{{{TCX_NS}}}Lap", StartTime=_iso(_at(spec, track, first))
        )
        seconds = float(track.t[last - 1] - track.t[first]) + 1.0
        etree.SubElement(lap, f"{{{TCX_NS}}}TotalTimeSeconds").text = f"{seconds:.1f}"
        meters = float(track.distance[last - 1] - track.distance[first])
        etree.SubElement(lap, f"{{{TCX_NS}}}DistanceMeters").text = f"{meters:.1f}"
        etree.SubElement(lap, f"{{{TCX_NS}}}Intensity").text = "Active"
        etree.SubElement(lap, f"{{{TCX_NS}}}TriggerMethod").text = "Manual"
        trk = etree.SubElement(lap, f"{{{TCX_NS}}}Track")
        for i in range(first, last):
            point = etree.SubElement(trk, f"{{{TCX_NS}}}Trackpoint")
            etree.SubElement(point, f"{{{TCX_NS}}}Time").text = _iso(_at(spec, track, i))
            if spec.kind != "treadmill":
                pos = etree.SubElement(point, f"{{{TCX_NS}}}Position")
                etree.SubElement(pos, f"{{{TCX_NS}}}LatitudeDegrees").text = f"{track.lat[i]:.7f}"
                etree.SubElement(pos, f"{{{TCX_NS}}}LongitudeDegrees").text = f"{track.lon[i]:.7f}"
                etree.SubElement(
                    point, f"{{{TCX_NS}}}AltitudeMeters"
                ).text = f"{track.altitude[i]:.1f}"
            etree.SubElement(point, f"{{{TCX_NS}}}DistanceMeters").text = f"{track.distance[i]:.2f}"
            ext = etree.SubElement(point, f"{{{TCX_NS}}}Extensions")
            tpx = etree.SubElement(ext, f"{{{TCX_AX}}}TPX")
            etree.SubElement(tpx, f"{{{TCX_AX}}}Speed").text = f"{track.speed[i]:.3f}"
            etree.SubElement(tpx, f"{{{TCX_AX}}}RunCadence").text = str(
                round(float(track.cadence[i]) / 2.0)
            )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _at(spec: RunSpec, track: Track, i: int) -> datetime:
    return spec.start + timedelta(seconds=float(track.t[i]))


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- files on disk ---------------------------------------------------------------------------


def write_run(
    folder: Path, name: str, spec: RunSpec, fmt: str = "fit", *, gz: bool = False
) -> Path:
    """One run written as ``name.fmt`` (``.gz`` appended when ``gz``); returns its path."""
    track = simulate(spec)
    data = {"fit": fit_bytes, "gpx": gpx_bytes, "tcx": tcx_bytes}[fmt](track)
    path = folder / f"{name}.{fmt}{'.gz' if gz else ''}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data, mtime=0) if gz else data)
    return path


@dataclass(frozen=True)
class ExportRun:
    activity_id: int
    spec: RunSpec
    fmt: str  # fit, gpx or tcx
    gz: bool
    strava_type: str  # "Run", "Ride", ...


def strava_runs(start: datetime, count: int = 4) -> list[ExportRun]:
    """A small Strava history: runs in each format, a ride, and a walk."""
    layouts = [
        ("fit", True, "Run"),
        ("gpx", False, "Run"),
        ("tcx", True, "Run"),
        ("fit", True, "Run"),
    ]
    runs = []
    for i in range(count):
        fmt, gz, kind = layouts[i % len(layouts)]
        spec = RunSpec(start=start + timedelta(days=2 * i), minutes=12, seed=100 + i)
        runs.append(ExportRun(9_000_000 + i, spec, fmt, gz, kind))
    ride = RunSpec(start=start + timedelta(days=1), minutes=10, speed=7.0, kind="cycling", seed=7)
    walk = RunSpec(start=start + timedelta(days=3), minutes=8, speed=1.4, kind="walking", seed=8)
    runs.append(ExportRun(9_100_000, ride, "fit", True, "Ride"))
    runs.append(ExportRun(9_100_001, walk, "gpx", False, "Walk"))
    return runs


def write_strava_export(folder: Path, runs: Sequence[ExportRun]) -> Path:
    """The layout of a Strava bulk export: ``activities.csv`` and ``activities/<id>.<fmt>[.gz]``."""
    (folder / "activities").mkdir(parents=True, exist_ok=True)
    rows = []
    for run in runs:
        track = simulate(run.spec)
        if run.fmt == "fit":
            data = fit_bytes(track)
        elif run.fmt == "gpx":
            data = gpx_bytes(track, kind_tag=None if run.strava_type != "Run" else "running")
        else:
            data = tcx_bytes(track, sport="Running" if run.strava_type == "Run" else "Other")
        name = f"activities/{run.activity_id}.{run.fmt}{'.gz' if run.gz else ''}"
        (folder / name).write_bytes(gzip.compress(data, mtime=0) if run.gz else data)
        rows.append(
            {
                "Activity ID": str(run.activity_id),
                "Activity Date": run.spec.start.strftime("%b %d, %Y, %I:%M:%S %p"),
                "Activity Name": "Morning Run",
                "Activity Type": run.strava_type,
                "Elapsed Time": str(int(run.spec.minutes * 60)),
                "Distance": f"{float(track.distance[-1]) / 1000:.2f}",
                "Filename": name,
            }
        )
    # A real export also lists activities with no file (entered by hand).
    rows.append(
        {
            "Activity ID": "9200000",
            "Activity Date": "Mar 1, 2026, 6:00:00 PM",
            "Activity Name": "Treadmill, typed in",
            "Activity Type": "Run",
            "Elapsed Time": "1800",
            "Distance": "5.00",
            "Filename": "",
        }
    )
    with (folder / "activities.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (folder / "profile.csv").write_text("Athlete ID,First Name\n1,Runner\n", encoding="utf-8")
    return folder


def zip_folder(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


def write_garmin_export(target: Path, specs: Iterable[RunSpec]) -> Path:
    """A Garmin Connect data export: the watch's files inside ``UploadedFiles_*.zip`` inside the export zip."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as uploaded:
        for i, spec in enumerate(specs):
            uploaded.writestr(f"runner@example.com_{1_000_000 + i}.fit", fit_bytes(simulate(spec)))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as export:
        export.writestr("DI_CONNECT/DI-Connect-User/user_profile.json", '{"userName": "runner"}')
        export.writestr(
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip", inner.getvalue()
        )
    return target


# --- a runner over weeks ---------------------------------------------------------------------


def lengthening_runner(
    weeks: int = 10,
    runs_per_week: int = 3,
    cm_per_week: float = 1.0,
    start: datetime = datetime(2026, 1, 5, 7, 0, tzinfo=UTC),
    minutes: float = 30.0,
    seed: int = 1,
) -> list[RunSpec]:
    """A runner whose step at a given pace grows ``cm_per_week`` each week.

    Each run has its own average speed (easy days, steady days), so a naive
    average of step length would mostly track pace; only the pace-normalised
    figure shows the lengthening cleanly.
    """
    rng = random.Random(seed)
    specs = []
    for week in range(weeks):
        for slot in range(runs_per_week):
            when = start + timedelta(weeks=week, days=2 * slot, minutes=rng.randint(-30, 30))
            speed = rng.uniform(2.7, 3.4)
            base = 0.98 + cm_per_week / 100.0 * week
            step = base + 0.28 * (speed - 3.0) + rng.gauss(0, 0.005)
            specs.append(
                RunSpec(
                    start=when,
                    minutes=minutes,
                    speed=speed,
                    step_length=step,
                    seed=seed * 1000 + week * 10 + slot,
                )
            )
    return specs


def run_samples(specs: Sequence[RunSpec]) -> list[RunSamples]:
    """The per-second records of simulated runs, as the stride analysis receives them."""
    samples = []
    for run_id, spec in enumerate(specs, start=1):
        track = simulate(spec)
        samples.append(RunSamples(run_id, spec.start, track.t, track.speed, track.cadence))
    return samples


def sink(store: Store) -> StoreSink:
    """Where the importer hands decoded files in these tests: the local user's runs."""
    return StoreSink(Runs(store, store.local_user()))
