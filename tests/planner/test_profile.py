"""The profile model: what it accepts, and errors that name the field."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest

from gethip.core.profile import (
    InvalidProfile,
    Level,
    Weekday,
    make_profile,
    parse_run_times,
    update_profile,
)
from tests.planner.factories import desk_runner


def test_a_desk_runner_profile_reads_back_in_week_order() -> None:
    profile = make_profile(
        {
            "run_days": "sat, Mon,wednesday",
            "run_times": {"sat": "08:30", "mon": "7:00"},
            "long_run_day": "Sat",
            "sitting_hours": "9",
            "minutes": 25,
            "level": "beginner",
            "timezone": "Europe/London",
            "notes": "left knee grumbles on hills",
        }
    )
    assert profile.run_days == (Weekday.MON, Weekday.WED, Weekday.SAT)
    assert profile.run_times == {Weekday.MON: time(7, 0), Weekday.SAT: time(8, 30)}
    assert profile.level == Level.BEGINNER and profile.sitting_hours == 9
    assert profile.model_dump(mode="json")["run_times"] == {"mon": "07:00", "sat": "08:30"}
    assert make_profile(profile.model_dump(mode="json")) == profile


def test_defaults_are_a_monday_to_friday_desk_week_and_no_time_limit() -> None:
    profile = make_profile({"run_days": ["tue"]})
    assert profile.work_days == (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)
    assert (profile.minutes, profile.sitting_hours, profile.timezone) == (None, 0, "UTC")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"run_days": []}, "run_days"),
        ({"run_days": "mon,funday"}, "run_days"),
        ({"sitting_hours": 24.5}, "sitting_hours"),
        ({"sitting_hours": -1}, "sitting_hours"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 241}, "minutes"),
        ({"timezone": "Europe/Atlantis"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"long_run_day": "tue"}, "long_run_day"),
        ({"run_times": {"tue": "07:00"}}, "run_times"),
        ({"run_times": {"mon": "25:00"}}, "run_times"),
        ({"level": "elite"}, "level"),
        ({"notes": "x" * 2001}, "notes"),
    ],
)
def test_an_impossible_profile_names_the_field(change: dict[str, Any], field: str) -> None:
    data = desk_runner().model_dump(mode="json") | change
    with pytest.raises(InvalidProfile) as caught:
        make_profile(data)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"profile field '{field}': ")


def test_one_run_time_sets_every_run_day_and_a_day_time_sets_one() -> None:
    days = (Weekday.MON, Weekday.SAT)
    assert parse_run_times(["07:00", "sat=08:30"], days) == {
        Weekday.MON: time(7, 0),
        Weekday.SAT: time(8, 30),
    }
    with pytest.raises(InvalidProfile, match="run_times"):
        parse_run_times(["sat=8h30"], days)


def test_an_update_merges_times_and_drops_those_of_days_no_longer_run() -> None:
    updated = update_profile(desk_runner(), {"run_days": "mon,thu", "run_times": ["thu=18:00"]})
    assert updated.run_times == {Weekday.MON: time(7, 0), Weekday.THU: time(18, 0)}
    # Saturday is no longer a run day, so it is no longer the long run either.
    assert updated.long_run_day is None


def test_an_update_that_fails_raises_before_anything_changes() -> None:
    profile = desk_runner()
    with pytest.raises(InvalidProfile, match="sitting_hours"):
        update_profile(profile, {"sitting_hours": 25, "minutes": 10})
    assert profile.minutes is None


def test_a_first_profile_needs_run_days() -> None:
    with pytest.raises(InvalidProfile, match="run_days"):
        update_profile(None, {"sitting_hours": 8})
