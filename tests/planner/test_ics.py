"""The plan as iCalendar, read back by `icalendar` and, independently, by `vobject`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import vobject
from icalendar import Calendar

from gethip.core.planner import ItemKind, Plan, PlanItem, plan_weeks
from gethip.core.sessions import SessionBook
from gethip.exports.ics import REMINDER_MINUTES, plan_calendar
from tests.planner.factories import desk_runner, local, practice

GENERATED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SPRING_WEEK = date(2026, 3, 23)  # London's clocks go forward on Sunday 29 March


@pytest.fixture
def spring(book: SessionBook) -> tuple[Plan, ...]:
    runner = desk_runner(
        run_days="wed,sat,sun",
        run_times={"wed": "07:00", "sat": "07:00", "sun": "07:00"},
        long_run_day="sun",
        minutes=25,
    )
    return plan_weeks(runner, [], None, SPRING_WEEK, 1, book=book, today=SPRING_WEEK)


def sessions(plans: tuple[Plan, ...]) -> list[PlanItem]:
    return [i for p in plans for i in p.items if i.session is not None]


def test_icalendar_reads_back_one_event_per_session(
    book: SessionBook, spring: tuple[Plan, ...]
) -> None:
    calendar = Calendar.from_ical(plan_calendar(spring, book, GENERATED))
    events = calendar.walk("VEVENT")
    planned = sessions(spring)
    assert len(events) == len(planned)
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    for event, item in zip(events, planned, strict=True):
        start = event.decoded("DTSTART")
        assert start == item.starts_at
        assert start.tzinfo is not None and str(event["DTSTART"].params["TZID"]) == "Europe/London"
        assert item.minutes is not None
        assert event.decoded("DTEND") - start == timedelta(minutes=item.minutes)
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("TRIGGER") == timedelta(minutes=-REMINDER_MINUTES)
        assert str(alarm["ACTION"]) == "DISPLAY"


def test_the_description_lists_the_moves_and_the_duration(
    book: SessionBook, spring: tuple[Plan, ...]
) -> None:
    events = Calendar.from_ical(plan_calendar(spring, book, GENERATED)).walk("VEVENT")
    openers = next(e for e in events if str(e["SUMMARY"]) == "Hip openers")
    text = str(openers["DESCRIPTION"])
    assert text.startswith("23 min")
    for name in (
        "Skating Squat",
        "Low Lunge Variation",
        "One-Legged Bridge Lift and Lower",
        "Crescent Lunge Knee-Up",
        "Full-Range Figure Four",
    ):
        assert name in text
    assert "8 reps each side" in text
    shortened = next(e for e in events if "shortened" in str(e["SUMMARY"]))
    assert "Shortened to fit 25 min (as written: 39:11)" in str(shortened["DESCRIPTION"])


def test_vobject_accepts_the_file_and_sees_the_same_instants(
    book: SessionBook, spring: tuple[Plan, ...]
) -> None:
    parsed = vobject.readOne(plan_calendar(spring, book, GENERATED).decode("utf-8"))
    events = parsed.vevent_list
    planned = sessions(spring)
    assert len(events) == len(planned)
    for event, item in zip(events, planned, strict=True):
        assert event.dtstart.value == item.starts_at
        assert event.valarm.trigger.value == timedelta(minutes=-REMINDER_MINUTES)
    # Across the change: the 07:00 warm-up-led runs are an hour apart in real time.
    saturday = next(e for e in events if e.dtstart.value.date() == date(2026, 3, 28))
    sunday = next(e for e in events if e.dtstart.value.date() == date(2026, 3, 29))
    assert saturday.dtstart.value.astimezone(UTC).hour == 6  # 06:57 GMT warm-up
    assert sunday.dtstart.value.astimezone(UTC).hour == 5  # 06:57 BST warm-up


def test_untimed_sessions_become_all_day_events_with_a_morning_reminder(
    book: SessionBook,
) -> None:
    untimed = desk_runner(run_times={}, sitting_hours=0)
    plans = plan_weeks(untimed, [], None, SPRING_WEEK, 1, book=book)
    data = plan_calendar(plans, book, GENERATED)
    for event in Calendar.from_ical(data).walk("VEVENT"):
        assert type(event.decoded("DTSTART")) is date
        assert event.walk("VALARM")[0].decoded("TRIGGER") == timedelta(hours=8)
    assert all(type(e.dtstart.value) is date for e in vobject.readOne(data.decode()).vevent_list)


def test_a_progressed_session_names_the_harder_moves(book: SessionBook) -> None:
    good = [
        practice("warmup", local(SPRING_WEEK - timedelta(days=d), 7), tightness=1, pain=0)
        for d in (3, 10)
    ]
    plans = plan_weeks(desk_runner(), good, None, SPRING_WEEK, 1, book=book)
    events = Calendar.from_ical(plan_calendar(plans, book, GENERATED)).walk("VEVENT")
    warmup = next(e for e in events if "Active warm-up" in str(e["SUMMARY"]))
    assert "(harder)" in str(warmup["SUMMARY"])
    assert "High Knees → harder: Fast high knees" in str(warmup["DESCRIPTION"])


def test_runs_are_left_out_and_desk_breaks_are_in(
    book: SessionBook, spring: tuple[Plan, ...]
) -> None:
    parsed = vobject.readOne(plan_calendar(spring, book, GENERATED).decode("utf-8"))
    kinds = [event.categories.value[1] for event in parsed.vevent_list]
    assert ItemKind.RUN.value not in kinds
    assert kinds.count(ItemKind.DESK_BREAK.value) == 15
