"""Today's week strip: done where a practice was credited, missed only where a kept plan went undone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gethip.core.planner import plan_week
from gethip.core.profile import InvalidProfile, update_profile
from gethip.core.sessions import SessionBook
from gethip.core.week_strip import DayMark, week_strip
from tests.planner.factories import WEEK, desk_runner

THURSDAY = WEEK + timedelta(days=3)


def marks(book: SessionBook, credited: set[date], since: date | None) -> dict[date, DayMark]:
    plan = plan_week(desk_runner(), [], None, WEEK, book=book, today=THURSDAY, since=since)
    return {day.date: day.mark for day in week_strip(plan, credited, THURSDAY)}


def test_a_credited_day_is_done_and_a_planned_past_day_without_one_is_missed(
    book: SessionBook,
) -> None:
    found = marks(book, {WEEK + timedelta(days=1)}, since=WEEK)
    assert list(found) == [WEEK + timedelta(days=n) for n in range(7)]
    assert found[WEEK] == DayMark.MISSED
    assert found[WEEK + timedelta(days=1)] == DayMark.DONE
    assert found[WEEK + timedelta(days=2)] == DayMark.MISSED
    # Today and later are still to do, never missed.
    assert {found[THURSDAY + timedelta(days=n)] for n in range(4)} == {DayMark.OPEN}


def test_days_before_the_profile_was_made_are_never_missed(book: SessionBook) -> None:
    found = marks(book, {WEEK}, since=WEEK + timedelta(days=2))
    # A practice before the profile still counts: the runner did it.
    assert found[WEEK] == DayMark.DONE
    assert found[WEEK + timedelta(days=1)] == DayMark.REST
    assert found[WEEK + timedelta(days=2)] == DayMark.MISSED


def test_every_wrong_field_is_named_at_once_in_plain_words() -> None:
    with pytest.raises(InvalidProfile) as caught:
        update_profile(
            None,
            {"run_days": "mon", "sitting_hours": "30", "minutes": "-5", "timezone": "Nowhere/Land"},
        )
    assert set(caught.value.problems) == {"sitting_hours", "minutes", "timezone"}
    assert caught.value.problems["sitting_hours"] == "must be 24 or less"
    assert caught.value.problems["minutes"] == "must be more than 0"
    # The first stays the error's own field, as the command line and the API report it.
    assert caught.value.field == "sitting_hours"


def test_wrong_run_days_do_not_also_blame_the_long_run() -> None:
    with pytest.raises(InvalidProfile) as caught:
        update_profile(None, {"run_days": [], "long_run_day": "sat"})
    assert set(caught.value.problems) == {"run_days"}
