"""The runner's profile: when they run, how long they sit, how much time they have.

The planner reads nothing else about the runner, so every field is validated
here, once, and a bad value names the field it came from (the CLI and the web
form both show that name back to the user).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, time
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, ValidationInfo, field_serializer, field_validator

from gethip.core.catalog import Frozen
from gethip.core.errors import GethipError

MAX_SESSION_MINUTES = 240
MAX_NOTES = 2000
_CLOCK = re.compile(r"^(?P<hour>\d{1,2}):(?P<minute>\d{2})$")


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """0 for Monday, as ``date.weekday()`` counts."""
        return list(Weekday).index(self)

    @property
    def label(self) -> str:
        return self.value.title()

    @classmethod
    def of(cls, day: date) -> Weekday:
        return list(cls)[day.weekday()]

    @classmethod
    def parse(cls, text: str) -> Weekday:
        """Accept 'sat', 'Sat', 'Saturday': people type all of them."""
        key = text.strip().lower()
        if len(key) >= 3:
            for day, full in zip(cls, _FULL_NAMES, strict=True):
                if full.startswith(key):
                    return day
        raise ValueError(f"{text!r} is not a weekday (mon, tue, wed, thu, fri, sat, sun)")


_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WORK_WEEK = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)


class Level(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class InvalidProfile(GethipError):
    """A profile value that cannot be: the message names the field.

    ``problems`` holds every wrong field at once, in plain words (a form shows
    each beside its field, so the runner fixes them in one go); ``field`` and
    ``problem`` stay the first of them, as the CLI and the API have always said.
    """

    def __init__(self, field: str, problem: str, problems: Mapping[str, str] | None = None) -> None:
        super().__init__(f"profile field '{field}': {problem}")
        self.field = field
        self.problem = problem
        self.problems: dict[str, str] = dict(problems) if problems else {field: problem}


def parse_clock(text: str) -> time:
    """'07:00' or '7:00' -> a wall-clock time; seconds and offsets are not a run time."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a time of day like 07:00")
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        raise ValueError(f"{text!r} is not a time of day like 07:00")
    return time(hour, minute)


def _weekdays(value: object) -> tuple[Weekday, ...]:
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    if not isinstance(value, Iterable):
        raise ValueError("expected a list of weekdays")
    days = {day if isinstance(day, Weekday) else Weekday.parse(str(day)) for day in value}
    # Week order, once each: the same set always reads and stores the same way.
    return tuple(sorted(days, key=lambda d: d.number))


class Profile(Frozen):
    run_days: tuple[Weekday, ...]
    # The usual start time of the run on each run day; a run day without one
    # is planned without a clock time (the warm-up is then "just before you go").
    run_times: dict[Weekday, time] = Field(default_factory=dict)
    long_run_day: Weekday | None = None
    # Which days are desk days: sitting hours apply to these only.
    work_days: tuple[Weekday, ...] = WORK_WEEK
    sitting_hours: float = Field(default=0, ge=0, le=24)
    # None: no limit, every session as written.
    minutes: int | None = Field(default=None, gt=0, le=MAX_SESSION_MINUTES)
    level: Level = Level.INTERMEDIATE
    timezone: str = Field(default="UTC", max_length=64)
    notes: str = Field(default="", max_length=MAX_NOTES)

    @field_validator("run_days", "work_days", mode="before")
    @classmethod
    def weekday_list(cls, value: object) -> tuple[Weekday, ...]:
        return _weekdays(value)

    @field_validator("run_days")
    @classmethod
    def some_run_days(cls, value: tuple[Weekday, ...]) -> tuple[Weekday, ...]:
        # The whole plan hangs off the runs: with none, there is nothing to plan around.
        if not value:
            raise ValueError("name at least one run day, like mon,wed,sat")
        return value

    @field_validator("run_times", mode="before")
    @classmethod
    def clock_times(cls, value: object) -> dict[Weekday, time]:
        if not isinstance(value, Mapping):
            raise ValueError("expected weekday: HH:MM pairs")
        parsed: dict[Weekday, time] = {}
        for day, clock in value.items():
            weekday = day if isinstance(day, Weekday) else Weekday.parse(str(day))
            parsed[weekday] = clock if isinstance(clock, time) else parse_clock(str(clock))
            if parsed[weekday].tzinfo is not None or parsed[weekday].second:
                raise ValueError("a run time is a local HH:MM, with no seconds or offset")
        return parsed

    @field_validator("run_times")
    @classmethod
    def times_for_run_days(
        cls, value: dict[Weekday, time], info: ValidationInfo
    ) -> dict[Weekday, time]:
        if "run_days" not in info.data:
            # The run days are wrong themselves: that one problem is enough to say.
            return value
        run_days = info.data["run_days"]
        stray = [day.value for day in value if day not in run_days]
        if stray:
            raise ValueError(f"{', '.join(stray)} is not a run day")
        return dict(sorted(value.items(), key=lambda pair: pair[0].number))

    @field_validator("long_run_day", mode="before")
    @classmethod
    def long_run_weekday(cls, value: object) -> object:
        if value is None or value == "" or isinstance(value, Weekday):
            return value or None
        return Weekday.parse(str(value))

    @field_validator("long_run_day")
    @classmethod
    def long_run_is_a_run_day(cls, value: Weekday | None, info: ValidationInfo) -> Weekday | None:
        if "run_days" not in info.data:
            return value
        if value is not None and value not in info.data["run_days"]:
            raise ValueError(f"{value.value} is not one of the run days")
        return value

    @field_validator("minutes", mode="before")
    @classmethod
    def blank_is_no_limit(cls, value: object) -> object:
        # A form's empty box and the CLI's `--minutes none` both mean "as written".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("timezone")
    @classmethod
    def known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ValueError(
                f"{value!r} is not a time zone name we know: write it like Europe/London "
                "or America/New_York"
            ) from None
        return value

    @field_serializer("run_times")
    def clock_text(self, value: dict[Weekday, time]) -> dict[str, str]:
        return {day.value: clock.strftime("%H:%M") for day, clock in value.items()}

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def runs_on(self, day: date) -> bool:
        return Weekday.of(day) in self.run_days

    def works_on(self, day: date) -> bool:
        return Weekday.of(day) in self.work_days

    def run_time(self, day: Weekday) -> time | None:
        return self.run_times.get(day)


def make_profile(data: Mapping[str, Any]) -> Profile:
    """Validate raw profile data; the error names the first field that is wrong, and holds all."""
    try:
        return Profile.model_validate(dict(data))
    except ValidationError as error:
        found = error.errors()
        first = found[0]
        field = ".".join(str(part) for part in first["loc"]) or "profile"
        problem = first["msg"].removeprefix("Value error, ")
        raise InvalidProfile(field, problem, field_problems(found)) from None


def field_problems(errors: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Each wrong top-level field once, with its first problem in plain words."""
    problems: dict[str, str] = {}
    for error in errors:
        location = error.get("loc") or ("profile",)
        problems.setdefault(str(location[0]), plain_problem(error))
    return problems


def plain_problem(error: Mapping[str, Any]) -> str:
    """Pydantic's wording ("Input should be less than or equal to 24") said as a person would.

    Our own validators already speak plainly; only the generic checks need words.
    """
    limits = {
        key: f"{value:g}" if isinstance(value, float) else value
        for key, value in (error.get("ctx") or {}).items()
    }
    match error.get("type"):
        case "less_than_equal":
            return f"must be {limits['le']} or less"
        case "greater_than_equal":
            return f"must be {limits['ge']} or more"
        case "greater_than":
            return f"must be more than {limits['gt']}"
        case "int_parsing" | "int_from_float":
            return "must be a whole number, like 20"
        case "float_parsing":
            return "must be a number, like 7.5"
        case "enum":
            return f"must be one of {limits.get('expected', 'the choices offered')}"
        case "string_too_long":
            return f"is too long: at most {limits['max_length']} characters"
    return str(error.get("msg", "is not valid")).removeprefix("Value error, ")


def parse_run_times(values: Iterable[str], run_days: Iterable[Weekday]) -> dict[Weekday, time]:
    """'07:00' sets every run day; 'sat=08:30' sets one. Later values win."""
    days = tuple(run_days)
    result: dict[Weekday, time] = {}
    for raw in values:
        day_text, sep, clock_text = raw.partition("=")
        try:
            if sep:
                result[Weekday.parse(day_text)] = parse_clock(clock_text)
            else:
                clock = parse_clock(day_text)
                result.update(dict.fromkeys(days, clock))
        except ValueError as error:
            raise InvalidProfile("run_times", str(error)) from None
    return result


def update_profile(current: Profile | None, changes: Mapping[str, Any]) -> Profile:
    """The profile with ``changes`` applied; nothing is half-applied when one is wrong.

    ``run_times`` in ``changes`` (a mapping of day to time, or the command
    line's strings, see :func:`parse_run_times`) are merged into the current times, and times of
    days that stop being run days are dropped (a Saturday time is no use once
    Saturday is a rest day).
    """
    base: dict[str, Any] = current.model_dump() if current else {}
    merged = {**base, **{k: v for k, v in changes.items() if k != "run_times"}}
    try:
        run_days = _weekdays(merged.get("run_days", ()))
    except ValueError as error:
        raise InvalidProfile("run_days", str(error)) from None
    times: dict[Any, Any] = {
        day: clock for day, clock in base.get("run_times", {}).items() if day in run_days
    }
    new_times = changes.get("run_times", {})
    if isinstance(new_times, str):
        new_times = [new_times]
    if isinstance(new_times, Mapping):
        times.update(new_times)
    else:
        # The command line's form: '07:00' for every run day, 'sat=08:30' for one.
        times.update(parse_run_times(new_times, run_days))
    merged["run_times"] = times
    dropped_long_run = merged.get("long_run_day") not in run_days
    if "run_days" in changes and "long_run_day" not in changes and dropped_long_run:
        merged["long_run_day"] = None
    return make_profile(merged)
