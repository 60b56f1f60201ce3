"""The instants gethip accepts, in one place: from the year 2000 until a day after now.

Every face (API bodies, forms, imported files, restored backups) checks its
dates here, so no accepted date can put a year 2 or a year 9999 into the log
and break every week and chart computed from it afterwards.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from gethip.core.errors import GethipError

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
# A phone's clock a little ahead of the server's is normal; a day is not.
AHEAD_ALLOWED = timedelta(days=1)
# A plan may be read ahead, but not into the years no calendar needs.
DAYS_AHEAD_ASKED = timedelta(days=366)


class InstantOutOfRange(GethipError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def latest(now: datetime) -> datetime:
    return now + AHEAD_ALLOWED


def in_range(value: datetime, now: datetime) -> bool:
    return value.tzinfo is not None and EARLIEST <= value <= latest(now)


def bounded(field: str, value: datetime, now: datetime) -> datetime:
    """``value`` if gethip can accept it at ``now``; otherwise a plain-words refusal."""
    if value.tzinfo is None:
        raise InstantOutOfRange(field, "give the time with its offset, like 07:30:00+01:00")
    if value < EARLIEST:
        raise InstantOutOfRange(field, f"{value.date()} is before the year {EARLIEST.year}")
    if value > latest(now):
        raise InstantOutOfRange(field, f"{value.date()} is in the future")
    return value


def bounded_day(field: str, day: date, today: date) -> date:
    """A calendar day the runner may ask about: from 2000 to a year ahead (plans look ahead)."""
    if day < EARLIEST.date():
        raise InstantOutOfRange(field, f"{day} is before the year {EARLIEST.year}")
    if day > today + DAYS_AHEAD_ASKED:
        raise InstantOutOfRange(field, f"{day} is more than a year ahead")
    return day
