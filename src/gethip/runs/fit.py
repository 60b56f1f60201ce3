"""FIT activity files: the per-second records and each session's summary.

Decoding is done by fitfast (BSD-3-Clause), a binding to the rustyfit Rust
decoder: about fifty times faster than the pure-Python decoders on a
45-minute run, which is what makes importing years of history quick. Two of
its gaps are covered by fitdecode (MIT, pure Python), which checks CRCs the
same way but slowly:

- rustyfit leaves the header out of the file checksum. That is right when the
  header carries its own CRC (the sum of a block and its CRC is zero) but wrong
  for the older 14-byte headers whose CRC field is 0x0000, so it refuses some
  good files from older devices. Those are re-read with fitdecode.
- a Rust panic on some hostile inputs: also re-read with fitdecode, which
  then reports the real problem.

Either decoder hands over the same shape: message name -> list of field
dicts, times as Unix seconds, enums as names.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import fitfast
import numpy as np

from gethip.runs.activity import RUN_KINDS, RUNNING, Activity, Samples
from gethip.runs.errors import (
    BadChecksum,
    CorruptRunFile,
    NotARunFile,
    NoTimes,
    TruncatedRunFile,
    UnknownDate,
)

Messages = dict[str, list[dict[Any, Any]]]
Columns = dict[str, np.ndarray]

# fitfast turns FIT times into Unix seconds by adding this; FIT's epoch is 1989-12-31.
FIT_EPOCH_UNIX = 631_065_600
# FIT date_time values below this count from when the device was switched on.
FIT_RELATIVE_LIMIT = 0x1000_0000
# Time zones run from UTC-12 to UTC+14.
MAX_OFFSET_MINUTES = 14 * 60

WANTED = ("record", "session", "activity", "sport", "lap")  # the messages read


def is_fit(data: bytes) -> bool:
    return len(data) >= 12 and data[8:12] == b".FIT"


def read_fit(data: bytes) -> list[Activity]:
    """Every session in the file (a triathlon has several), runs and others alike."""
    if not is_fit(data):
        raise NotARunFile()
    messages, columns = _decode(data)
    return _activities(messages, columns)


# --- decoding --------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[Messages, Columns]:
    try:
        with _quiet_stderr():
            parsed: Messages = fitfast.parse(data, enum_names=True, datetimes=False)
            # The records again, as NumPy columns built in Rust: turning 3,000
            # dicts into arrays in Python would cost more than the decoding.
            records = fitfast.records(data, "record")
    except fitfast.FitDecodeError as error:
        text = str(error)
        if "checksum mismatch" in text and _header_crc_is_zero(data):
            return _decode_slowly(data)
        raise _explain(text) from None
    except BaseException as error:  # a panic in the Rust decoder is a BaseException
        if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        return _decode_slowly(data)
    messages = {name: parsed.get(name, []) for name in WANTED if name != "record"}
    return messages, _array_columns(records)


def _header_crc_is_zero(data: bytes) -> bool:
    return len(data) >= 14 and data[0] >= 14 and data[12:14] == b"\x00\x00"


def _explain(text: str) -> Exception:
    if "checksum mismatch" in text:
        return BadChecksum()
    if "unexpected EOF" in text:
        return TruncatedRunFile()
    if "missing message definition" in text:
        return CorruptRunFile("a record uses a message layout the file never defined")
    if "not a FIT file" in text:
        return CorruptRunFile("a FIT header part-way through the file is broken")
    detail = text.split("error:", 1)[-1].strip() or text
    return CorruptRunFile(detail[:120])


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Keep a Rust panic's backtrace off the runner's terminal; the error is reported anyway."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as sink:
            os.dup2(sink.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _decode_slowly(data: bytes) -> tuple[Messages, Columns]:
    import fitdecode

    messages: Messages = {name: [] for name in WANTED}
    try:
        with fitdecode.FitReader(
            io.BytesIO(data),
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
        ) as reader:
            for frame in reader:
                if frame.frame_type != fitdecode.FIT_FRAME_DATA or frame.name not in messages:
                    continue
                messages[frame.name].append(
                    {f.name: _plain(f.name, f.value) for f in frame.fields if f.value is not None}
                )
    except fitdecode.FitCRCError:
        raise BadChecksum() from None
    except fitdecode.FitEOFError:
        raise TruncatedRunFile() from None
    except fitdecode.FitHeaderError as error:
        raise CorruptRunFile(f"bad FIT header ({error})"[:140]) from None
    except (fitdecode.FitError, ValueError, TypeError, KeyError, IndexError) as error:
        raise CorruptRunFile(str(error)[:120] or type(error).__name__) from None
    return messages, _record_columns(messages.pop("record"))


TIME_FIELDS = frozenset({"timestamp", "start_time", "local_timestamp", "time_created"})


def _plain(name: str, value: Any) -> Any:
    """fitdecode's values in fitfast's terms: times as Unix seconds, relative ones shifted alike."""
    if isinstance(value, datetime):
        return value.timestamp()
    if name in TIME_FIELDS and isinstance(value, int):
        return value + FIT_EPOCH_UNIX
    return value


# --- from messages to activities -------------------------------------------------------------


def _activities(messages: Messages, columns: Columns) -> list[Activity]:
    offset = _utc_offset(messages["activity"])
    sessions = messages["session"] or _stand_in_session(messages, columns)
    activities = []
    for session in sessions:
        start = _number(session.get("start_time"))
        if start is None:
            start = float(columns["timestamp"][0]) if len(columns["timestamp"]) else None
        if start is None:
            raise NoTimes()
        if start - FIT_EPOCH_UNIX < FIT_RELATIVE_LIMIT:
            raise UnknownDate()
        elapsed = _number(session.get("total_elapsed_time"))
        end = start + elapsed if elapsed is not None else math.inf
        sport, sub_sport = _sport(session)
        samples = _slice(columns, start, end, running=sport == RUNNING)
        if elapsed is None and len(samples):
            elapsed = float(samples.t[-1])
        strides = _number(session.get("avg_running_cadence", session.get("avg_cadence")))
        fraction = _number(session.get("avg_fractional_cadence")) or 0.0
        step_mm = _number(session.get("avg_step_length"))
        activities.append(
            Activity(
                sport=sport,
                sub_sport=sub_sport,
                start=datetime.fromtimestamp(start, UTC),
                utc_offset_minutes=offset,
                samples=samples,
                elapsed_s=elapsed,
                timer_s=_number(session.get("total_timer_time")),
                distance_m=_number(session.get("total_distance")),
                # Running cadence in FIT counts strides (one foot); a runner
                # thinks in steps, twice as many.
                cadence_spm=2.0 * (strides + fraction) if strides and sport == RUNNING else None,
                step_length_m=step_mm / 1000.0 if step_mm else None,
                ascent_m=_number(session.get("total_ascent")),
            )
        )
    return activities


def _stand_in_session(messages: Messages, columns: Columns) -> list[dict[Any, Any]]:
    """A file cut off before its summary: one session spanning the records, sport from elsewhere."""
    if not len(columns["timestamp"]):
        raise NoTimes()
    sport: dict[Any, Any] = {}
    for name in ("sport", "lap"):
        if messages[name]:
            sport = messages[name][0]
            break
    return [
        {
            "start_time": float(columns["timestamp"][0]),
            "sport": sport.get("sport", "unknown"),
            "sub_sport": sport.get("sub_sport"),
        }
    ]


def _sport(session: dict[Any, Any]) -> tuple[str, str | None]:
    sport = session.get("sport")
    sub = session.get("sub_sport")
    sport_name = (
        sport if isinstance(sport, str) else "unknown" if sport is None else f"sport {sport}"
    )
    sub_name = sub if isinstance(sub, str) and sub != "generic" else None
    if sport_name == "generic" and sub_name in RUN_KINDS:
        sport_name = RUNNING
    if sport_name == "running":
        return RUNNING, sub_name
    return sport_name, sub_name


def _array_columns(records: dict[str, np.ndarray]) -> Columns:
    """fitfast's record columns in our terms, rows without a time dropped."""
    count = len(records.get("timestamp", ()))
    missing = np.full(count, np.nan)

    def pick(*names: str) -> np.ndarray:
        result = missing
        for name in reversed(names):
            column = records.get(name)
            if column is not None:
                result = np.where(np.isnan(column), result, column)
        return result

    keep = np.isfinite(pick("timestamp"))
    return {
        "timestamp": pick("timestamp")[keep],
        "speed": pick("enhanced_speed", "speed")[keep],
        "distance": pick("distance")[keep],
        "altitude": pick("enhanced_altitude", "altitude")[keep],
        "cadence": pick("cadence")[keep],
        "fraction": pick("fractional_cadence")[keep],
    }


def _record_columns(records: list[dict[Any, Any]]) -> Columns:
    timed = [r for r in records if isinstance(r.get("timestamp"), int | float)]
    timestamp = np.array([r["timestamp"] for r in timed], dtype=np.float64)
    return {
        "timestamp": timestamp,
        "speed": _column(timed, "enhanced_speed", "speed"),
        "distance": _column(timed, "distance"),
        "altitude": _column(timed, "enhanced_altitude", "altitude"),
        "cadence": _column(timed, "cadence"),
        "fraction": _column(timed, "fractional_cadence"),
    }


def _column(records: list[dict[Any, Any]], *names: str) -> np.ndarray:
    """One field of every record as floats, NaN where absent; later names fill gaps of earlier ones."""
    result: np.ndarray | None = None
    for name in names:
        try:
            column = np.fromiter(
                (r.get(name, math.nan) for r in records), dtype=np.float64, count=len(records)
            )
        except (TypeError, ValueError):  # an array or text where a number belongs
            column = np.array([_number(r.get(name)) or math.nan for r in records], dtype=np.float64)
        result = column if result is None else np.where(np.isnan(result), column, result)
    assert result is not None
    return result


def _slice(columns: Columns, start: float, end: float, *, running: bool) -> Samples:
    stamps = columns["timestamp"]
    keep = (stamps >= start - 1) & (stamps <= end + 1)
    if not keep.any():
        return Samples.empty()
    t = stamps[keep] - start
    order = np.argsort(t, kind="stable")
    cadence = columns["cadence"][keep]
    if running:
        cadence = 2.0 * (cadence + np.nan_to_num(columns["fraction"][keep]))
    return Samples(
        t=t[order],
        speed=columns["speed"][keep][order],
        cadence=cadence[order],
        distance=columns["distance"][keep][order],
        altitude=columns["altitude"][keep][order],
    )


def _utc_offset(activities: list[dict[Any, Any]]) -> int | None:
    """The watch's time zone at the end of the activity: local time minus UTC, to 15 minutes."""
    for activity in activities:
        utc = _number(activity.get("timestamp"))
        local = _number(activity.get("local_timestamp"))
        if utc is None or local is None or utc - FIT_EPOCH_UNIX < FIT_RELATIVE_LIMIT:
            continue
        minutes = round((local - utc) / 60.0 / 15.0) * 15
        if abs(minutes) <= MAX_OFFSET_MINUTES:
            return int(minutes)
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None
