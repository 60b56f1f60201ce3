"""The week at a glance: one mark per day, Monday to Sunday, for Today's strip.

A day is done when a practice was credited on it, whatever the plan said:
the runner showed up. A day is missed when it is past, the plan held a
practice for it, and nothing was credited; days before the profile was made
are never missed, since no plan existed to keep. Everything else is open.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from enum import StrEnum

from gethip.core.catalog import Frozen
from gethip.core.planner import TRACKED_KINDS, Plan


class DayMark(StrEnum):
    DONE = "done"
    MISSED = "missed"
    # Today, or a later day with a practice planned: still to do.
    OPEN = "open"
    # Nothing planned and nothing done (a rest day, or before the profile).
    REST = "rest"


class StripDay(Frozen):
    date: date
    planned: bool
    mark: DayMark
    today: bool


def week_strip(plan: Plan, credited_days: Collection[date], today: date) -> tuple[StripDay, ...]:
    """Seven days from ``plan.week_start``; ``credited_days``: local days with a credited practice."""
    planned_days = {item.date for item in plan.items if item.kind in TRACKED_KINDS}
    days = (plan.week_start + timedelta(days=n) for n in range(7))
    return tuple(
        StripDay(
            date=day,
            planned=day in planned_days,
            mark=_mark(day, day in planned_days, day in credited_days, today, plan.tracked_from),
            today=day == today,
        )
        for day in days
    )


def _mark(day: date, planned: bool, credited: bool, today: date, since: date | None) -> DayMark:
    if credited:
        return DayMark.DONE
    if not planned or (since is not None and day < since):
        return DayMark.REST
    return DayMark.MISSED if day < today else DayMark.OPEN
