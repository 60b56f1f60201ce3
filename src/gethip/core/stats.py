"""What the log adds up to: streak, weekly volume, and how tightness and pain move."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta, tzinfo

from gethip.core.catalog import Frozen
from gethip.core.practice import PracticeSummary

WEEKS_SHOWN = 8


class WeekStats(Frozen):
    week_start: date
    sessions: int
    minutes: float


class TrendPoint(Frozen):
    date: date
    practice: str
    session: str
    tightness: int | None
    pain: int | None


class Stats(Frozen):
    streak_days: int
    total_sessions: int
    total_minutes: float
    weeks: tuple[WeekStats, ...]
    trend: tuple[TrendPoint, ...]
    tightness_change: float | None
    pain_change: float | None


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def streak_days(practices: Sequence[PracticeSummary], today: date, zone: tzinfo) -> int:
    """The days in a row, up to today, with a credited practice (the same as ``Stats``)."""
    return _streak({p.started_at.astimezone(zone).date() for p in practices if p.credited}, today)


def compute_stats(practices: Sequence[PracticeSummary], today: date, zone: tzinfo) -> Stats:
    """Stats as of ``today``, with practices bucketed by their local date in ``zone``.

    Minutes are the minutes actually worked; streaks and session counts take
    only the practices that earned credit (see ``PracticeSummary.credited``).
    """
    local_day = {p.id: p.started_at.astimezone(zone).date() for p in practices}
    credited = [p for p in practices if p.credited]
    by_week: dict[date, list[PracticeSummary]] = {}
    for p in practices:
        by_week.setdefault(week_start(local_day[p.id]), []).append(p)
    first_week = week_start(today) - timedelta(weeks=WEEKS_SHOWN - 1)
    weeks = []
    for offset in range(WEEKS_SHOWN):
        start = first_week + timedelta(weeks=offset)
        in_week = by_week.get(start, [])
        weeks.append(
            WeekStats(
                week_start=start,
                sessions=sum(1 for p in in_week if p.credited),
                minutes=round(sum(p.seconds_done for p in in_week) / 60, 1),
            )
        )
    rated = sorted(
        (p for p in practices if p.tightness is not None or p.pain is not None),
        key=lambda p: p.started_at,
    )
    trend = tuple(
        TrendPoint(
            date=local_day[p.id],
            practice=p.id,
            session=p.session,
            tightness=p.tightness,
            pain=p.pain,
        )
        for p in rated
    )
    return Stats(
        streak_days=_streak({local_day[p.id] for p in credited}, today),
        total_sessions=len(credited),
        total_minutes=round(sum(p.seconds_done for p in practices) / 60, 1),
        weeks=tuple(weeks),
        trend=trend,
        tightness_change=_change([p.tightness for p in trend]),
        pain_change=_change([p.pain for p in trend]),
    )


def _streak(days: set[date], today: date) -> int:
    """Days in a row with a credited session, up to today (or yesterday, until today is done)."""
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def _change(values: Sequence[int | None]) -> float | None:
    """Mean of the last three ratings minus mean of the first three; None with fewer than four."""
    known = [v for v in values if v is not None]
    if len(known) < 4:
        return None
    window = min(3, len(known) // 2)
    return round(sum(known[-window:]) / window - sum(known[:window]) / window, 2)
