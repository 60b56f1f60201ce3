"""Stats: the streak, eight weeks of volume, and the tightness and pain trend, in local time."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from gethip.core.practice import PracticeStatus, PracticeSummary
from gethip.core.stats import WEEKS_SHOWN, compute_stats, streak_days, week_start
from gethip.core.timeline import Settings

TODAY = date(2024, 6, 12)  # a Wednesday
UTC_PLUS_2 = timezone(timedelta(hours=2))


def practice(
    day: date,
    *,
    at: str = "07:00",
    status: PracticeStatus = PracticeStatus.COMPLETED,
    seconds: float = 600,
    tightness: int | None = None,
    pain: int | None = None,
    number: int = 0,
) -> PracticeSummary:
    hour, minute = (int(part) for part in at.split(":"))
    started = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
    return PracticeSummary(
        id=f"p-{day.isoformat()}-{at}-{number}",
        session="openers",
        started_at=started,
        ended_at=started + timedelta(seconds=seconds),
        status=status,
        segments_done=50 if status == PracticeStatus.COMPLETED else 10,
        segments_total=50,
        seconds_done=seconds,
        tightness=tightness,
        pain=pain,
        settings=Settings(),
    )


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


# -- streak -------------------------------------------------------------------


def test_no_practice_means_no_streak_and_empty_weeks() -> None:
    stats = compute_stats([], TODAY, UTC)
    assert stats.streak_days == 0
    assert stats.total_sessions == 0
    assert stats.total_minutes == 0
    assert [w.sessions for w in stats.weeks] == [0] * WEEKS_SHOWN
    assert stats.trend == ()
    assert stats.tightness_change is None


def test_streak_counts_days_in_a_row_up_to_today() -> None:
    stats = compute_stats([practice(days_ago(n)) for n in (0, 1, 2)], TODAY, UTC)
    assert stats.streak_days == 3


def test_streak_is_kept_through_yesterday_until_today_is_done() -> None:
    stats = compute_stats([practice(days_ago(n)) for n in (1, 2, 3, 4)], TODAY, UTC)
    assert stats.streak_days == 4


def test_a_missed_day_breaks_the_streak() -> None:
    stats = compute_stats([practice(days_ago(n)) for n in (0, 2, 3, 4)], TODAY, UTC)
    assert stats.streak_days == 1


def test_a_streak_that_ended_before_yesterday_is_zero() -> None:
    stats = compute_stats([practice(days_ago(n)) for n in (2, 3)], TODAY, UTC)
    assert stats.streak_days == 0


def test_two_sessions_on_one_day_count_that_day_once() -> None:
    practices = [practice(TODAY, at="07:00"), practice(TODAY, at="19:00"), practice(days_ago(1))]
    stats = compute_stats(practices, TODAY, UTC)
    assert stats.streak_days == 2
    assert stats.total_sessions == 3


def test_unfinished_practices_do_not_keep_a_streak_or_count_as_sessions() -> None:
    practices = [
        practice(TODAY, status=PracticeStatus.INTERRUPTED, seconds=120),
        practice(days_ago(1), status=PracticeStatus.STOPPED, seconds=300),
        practice(days_ago(2)),
    ]
    stats = compute_stats(practices, TODAY, UTC)
    assert stats.streak_days == 0
    assert stats.total_sessions == 1
    # The minutes they did still count.
    assert stats.total_minutes == pytest.approx((120 + 300 + 600) / 60, abs=0.05)


@pytest.mark.parametrize(
    ("days", "zone", "expected"),
    [
        ((0, 1, 2), UTC, 3),
        ((1, 2, 3, 4), UTC, 4),
        ((0, 2, 3, 4), UTC, 1),
        ((2, 3), UTC, 0),
        # With 23:30 UTC two days ago, which is already yesterday at UTC+2.
        ((0,), UTC_PLUS_2, 2),
    ],
)
def test_the_streak_alone_is_the_streak_the_stats_give(
    days: tuple[int, ...], zone: timezone, expected: int
) -> None:
    """Today asks for the streak alone; it must never disagree with the Progress page."""
    practices = [practice(days_ago(n)) for n in days]
    if zone is UTC_PLUS_2:
        practices.append(practice(days_ago(2), at="23:30"))
    assert streak_days(practices, TODAY, zone) == expected
    assert compute_stats(practices, TODAY, zone).streak_days == expected


# -- weeks --------------------------------------------------------------------


def test_weeks_are_the_last_eight_starting_on_mondays() -> None:
    stats = compute_stats([], TODAY, UTC)
    starts = [w.week_start for w in stats.weeks]
    assert len(starts) == 8
    assert all(start.weekday() == 0 for start in starts)
    assert starts[-1] == date(2024, 6, 10)
    assert starts[0] == date(2024, 4, 22)
    assert all(b - a == timedelta(weeks=1) for a, b in itertools.pairwise(starts))


def test_week_start_is_the_monday_on_or_before_a_day() -> None:
    assert week_start(date(2024, 6, 10)) == date(2024, 6, 10)  # Monday
    assert week_start(date(2024, 6, 16)) == date(2024, 6, 10)  # Sunday
    assert week_start(date(2024, 6, 17)) == date(2024, 6, 17)


def test_weeks_add_up_sessions_and_minutes() -> None:
    practices = [
        practice(date(2024, 6, 10), seconds=1350),  # this week, Monday
        practice(date(2024, 6, 12), seconds=180),  # this week, today
        practice(date(2024, 6, 9), seconds=900),  # last week, Sunday
        practice(date(2024, 6, 11), status=PracticeStatus.INTERRUPTED, seconds=90),
        practice(date(2024, 1, 3), seconds=600),  # long before the eight weeks
    ]
    stats = compute_stats(practices, TODAY, UTC)
    this_week, last_week = stats.weeks[-1], stats.weeks[-2]
    assert (this_week.sessions, this_week.minutes) == (2, 27.0)  # (1350+180+90)/60
    assert (last_week.sessions, last_week.minutes) == (1, 15.0)
    assert sum(w.sessions for w in stats.weeks) == 3
    assert stats.total_sessions == 4
    assert stats.total_minutes == 52.0  # (1350+180+900+90+600)/60


# -- trend --------------------------------------------------------------------


def test_trend_lists_rated_practices_oldest_first() -> None:
    practices = [
        practice(days_ago(1), tightness=5),
        practice(days_ago(9), tightness=7, pain=2),
        practice(days_ago(5)),  # not rated: not in the trend
        practice(days_ago(3), pain=1),
    ]
    stats = compute_stats(practices, TODAY, UTC)
    assert [(p.date, p.tightness, p.pain) for p in stats.trend] == [
        (days_ago(9), 7, 2),
        (days_ago(3), None, 1),
        (days_ago(1), 5, None),
    ]


def test_change_needs_at_least_four_ratings() -> None:
    practices = [practice(days_ago(n), tightness=t) for n, t in ((3, 8), (2, 6), (1, 4))]
    assert compute_stats(practices, TODAY, UTC).tightness_change is None


def test_change_with_four_ratings_compares_the_last_two_with_the_first_two() -> None:
    practices = [practice(days_ago(n), tightness=t) for n, t in ((4, 8), (3, 7), (2, 5), (1, 4))]
    # (5 + 4) / 2 - (8 + 7) / 2
    assert compute_stats(practices, TODAY, UTC).tightness_change == -3.0


def test_change_with_many_ratings_compares_the_last_three_with_the_first_three() -> None:
    ratings = (8, 8, 7, 9, 6, 4, 3, 2)
    practices = [
        practice(days_ago(len(ratings) - i), tightness=t, pain=1) for i, t in enumerate(ratings)
    ]
    stats = compute_stats(practices, TODAY, UTC)
    assert stats.tightness_change == pytest.approx((4 + 3 + 2) / 3 - (8 + 8 + 7) / 3, abs=0.01)
    assert stats.pain_change == 0


def test_pain_change_skips_practices_without_a_pain_rating() -> None:
    practices = [
        practice(days_ago(6), pain=6, tightness=5),
        practice(days_ago(5), tightness=5),
        practice(days_ago(4), pain=4, tightness=5),
        practice(days_ago(3), pain=3, tightness=5),
        practice(days_ago(2), pain=0, tightness=5),
    ]
    stats = compute_stats(practices, TODAY, UTC)
    assert stats.pain_change == 3 / 2 - 10 / 2  # four pain ratings: last two vs first two
    assert stats.tightness_change == 0


# -- local dates --------------------------------------------------------------


def test_a_practice_late_in_the_utc_evening_counts_on_the_next_local_day() -> None:
    late = practice(date(2024, 6, 11), at="23:30", tightness=4)  # 01:30 on the 12th in UTC+2
    in_utc = compute_stats([late], TODAY, UTC)
    in_plus_2 = compute_stats([late], TODAY, UTC_PLUS_2)
    assert in_utc.trend[0].date == date(2024, 6, 11)
    assert in_plus_2.trend[0].date == date(2024, 6, 12)
    # In UTC+2 it was done today; in UTC, yesterday: both keep a one-day streak.
    assert in_utc.streak_days == in_plus_2.streak_days == 1
    # As of the 13th, only UTC+2 still sees the streak alive.
    tomorrow = date(2024, 6, 13)
    assert compute_stats([late], tomorrow, UTC).streak_days == 0
    assert compute_stats([late], tomorrow, UTC_PLUS_2).streak_days == 1


def test_a_sunday_night_practice_in_utc_falls_in_the_next_week_in_utc_plus_2() -> None:
    sunday_night = practice(date(2024, 6, 9), at="23:30", seconds=600)  # Monday 01:30 in UTC+2
    in_utc = compute_stats([sunday_night], TODAY, UTC)
    in_plus_2 = compute_stats([sunday_night], TODAY, UTC_PLUS_2)
    assert (in_utc.weeks[-2].sessions, in_utc.weeks[-1].sessions) == (1, 0)
    assert (in_plus_2.weeks[-2].sessions, in_plus_2.weeks[-1].sessions) == (0, 1)
    assert in_plus_2.weeks[-1].minutes == 10.0
