"""Weeks with a clock change: local times stay what the runner set, real minutes stay real.

London moves to summer time at 01:00 GMT on Sunday 29 March 2026 (the clock
jumps 01:00 -> 02:00) and back at 01:00 GMT on Sunday 25 October 2026 (the
clock goes 02:00 -> 01:00, so 01:00-02:00 happens twice).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from gethip.core.planner import ItemKind, Rule
from gethip.core.sessions import SessionBook
from tests.planner.factories import desk_runner, items, plan

SPRING_SUNDAY = date(2026, 3, 29)
AUTUMN_SUNDAY = date(2026, 10, 25)


def _utc(item_time: datetime | None) -> datetime:
    assert item_time is not None
    return item_time.astimezone(UTC)


def test_a_run_keeps_its_local_time_across_the_spring_change(book: SessionBook) -> None:
    runner = desk_runner(run_days="sat,sun", run_times={"sat": "07:00", "sun": "07:00"})
    week = plan(book, runner, week=SPRING_SUNDAY)
    saturday, sunday = items(week, kind="run")
    assert saturday.time == sunday.time == "07:00"
    # Same wall clock, one real hour apart: GMT on Saturday, BST on Sunday.
    assert _utc(saturday.starts_at).hour == 7 and _utc(sunday.starts_at).hour == 6
    assert sunday.starts_at is not None and sunday.starts_at.utcoffset() == timedelta(hours=1)


def test_a_run_time_the_clocks_skip_moves_forward_by_the_gap(book: SessionBook) -> None:
    runner = desk_runner(run_days="sun", run_times={"sun": "01:30"}, long_run_day="sun")
    week = plan(book, runner, week=SPRING_SUNDAY)
    (sunday_run,) = items(week, kind="run")
    assert sunday_run.time == "02:30"  # 01:30 never happens that night
    (warmup,) = items(week, rule=Rule.WARMUP_BEFORE_RUN)
    assert _utc(sunday_run.starts_at) - _utc(warmup.starts_at) == timedelta(minutes=3)


def test_the_warmup_is_three_real_minutes_even_across_the_jump(book: SessionBook) -> None:
    runner = desk_runner(run_days="sun", run_times={"sun": "02:00"}, long_run_day="sun")
    week = plan(book, runner, week=SPRING_SUNDAY)
    (warmup,) = items(week, rule=Rule.WARMUP_BEFORE_RUN)
    (sunday_run,) = items(week, kind="run")
    # 02:00 BST is 01:00 GMT; three minutes earlier the clock still read 00:57.
    assert (warmup.time, sunday_run.time) == ("00:57", "02:00")
    assert _utc(sunday_run.starts_at) - _utc(warmup.starts_at) == timedelta(minutes=3)


def test_a_run_in_the_repeated_autumn_hour_is_its_first_occurrence(book: SessionBook) -> None:
    runner = desk_runner(run_days="sun", run_times={"sun": "01:30"}, long_run_day=None)
    week = plan(book, runner, week=AUTUMN_SUNDAY)
    sunday = [i for i in items(week, day=AUTUMN_SUNDAY) if i.kind != ItemKind.DESK_BREAK]
    kinds = [i.kind for i in sunday]
    assert kinds[:3] == [ItemKind.WARMUP, ItemKind.RUN, ItemKind.OPENERS]
    _, sunday_run, openers = sunday[:3]
    assert sunday_run.time == "01:30"
    assert sunday_run.starts_at is not None and sunday_run.starts_at.utcoffset() == timedelta(
        hours=1
    )
    # 45 minutes after 01:30 BST the clocks have gone back: the openers read 01:15 GMT,
    # earlier on the wall but later in fact, and the plan keeps them after the run.
    assert openers.time == "01:15"
    assert _utc(openers.starts_at) - _utc(sunday_run.starts_at) == timedelta(minutes=45)


def test_desk_breaks_keep_their_local_times_in_both_change_weeks(book: SessionBook) -> None:
    for sunday in (SPRING_SUNDAY, AUTUMN_SUNDAY):
        week = plan(book, week=sunday)
        times = {
            tuple(b.time for b in items(week, day=day, kind="desk-break"))
            for day in {i.date for i in items(week, kind="desk-break")}
        }
        assert times == {("11:15", "13:30", "15:45")}


def test_done_is_judged_on_the_local_date_in_a_change_week(book: SessionBook) -> None:
    from tests.planner.factories import practice

    # 23:30 UTC on Saturday 24 October is 00:30 BST on the Sunday: it counts for Sunday.
    late = practice("openers", datetime(2026, 10, 24, 23, 30, tzinfo=UTC))
    week = plan(book, practices=[late], week=AUTUMN_SUNDAY, today=AUTUMN_SUNDAY + timedelta(1))
    (sunday_openers,) = items(week, day=AUTUMN_SUNDAY, rule=Rule.OPENERS_ON_OFF_DAYS)
    assert sunday_openers.done is True
