"""The runner's weeks as the planner writes them: for `gethip plan`, the Plan page, Today and the calendar.

The planner is handed what it needs and nothing else: the saved profile, the
practice log, imported runs (None before any import, so runs are neither done
nor missed), today's date in the profile's own time zone, and the day the
profile was first made (nothing before it is missed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from gethip.app.context import Context
from gethip.app.errors import NoProfile
from gethip.core.instants import bounded_day
from gethip.core.planner import CoachAssignment, Plan, WeekAdherence, monday_of, plan_weeks
from gethip.core.practice import PracticeSummary
from gethip.core.profile import Profile

# The calendar and adherence look at a month unless told otherwise.
DEFAULT_SPAN_WEEKS = 4


@dataclass(frozen=True)
class Weeks:
    profile: Profile
    today: date
    plans: tuple[Plan, ...]


def require_profile(ctx: Context) -> Profile:
    if ctx.profile is None:
        raise NoProfile()
    return ctx.profile


def tracked_since(ctx: Context) -> date | None:
    first = ctx.profiles.first_saved()
    return None if first is None else first.astimezone(ctx.zone).date()


def planned_weeks(
    ctx: Context,
    week: date | None = None,
    count: int = 1,
    practices: Sequence[PracticeSummary] | None = None,
) -> Weeks:
    """``count`` weeks from the one holding ``week`` (default: this week where the runner is).

    ``practices``: the whole log, when the caller has read it already.
    """
    profile = require_profile(ctx)
    first = monday_of(ctx.today if week is None else bounded_day("week", week, ctx.today))
    plans = plan_weeks(
        profile,
        ctx.practices if practices is None else practices,
        ctx.runs.records() or None,
        first,
        count,
        book=ctx.book,
        today=ctx.today,
        since=tracked_since(ctx),
        assigned=assigned(ctx, first, first + timedelta(weeks=count, days=-1)),
    )
    return Weeks(profile=profile, today=ctx.today, plans=plans)


def assigned(ctx: Context, first: date, last: date) -> list[CoachAssignment]:
    """What the runner's coaches put on the plan between these days (none in local mode)."""
    return [
        CoachAssignment(
            date=row.date,
            session=row.session,
            minutes=row.minutes,
            note=row.note,
            squad=row.squad_name,
        )
        for row in ctx.squads.assigned_to_me(first, last)
    ]


def adherence(
    ctx: Context, until: date | None = None, count: int = DEFAULT_SPAN_WEEKS
) -> tuple[str, list[WeekAdherence]]:
    """Planned against done for the ``count`` weeks up to the one holding ``until``."""
    last = ctx.today if until is None else bounded_day("week", until, ctx.today)
    weeks = planned_weeks(ctx, last - timedelta(weeks=count - 1), count)
    return weeks.profile.timezone, [plan.adherence() for plan in weeks.plans]


def calendar(
    ctx: Context, weeks: int = DEFAULT_SPAN_WEEKS, base_url: str | None = None
) -> tuple[bytes, Weeks]:
    """The plan as an iCalendar file, made afresh: a subscribed calendar keeps up."""
    from gethip.exports.ics import plan_calendar

    planned = planned_weeks(ctx, count=weeks)
    return plan_calendar(planned.plans, ctx.book, ctx.now, base_url=base_url), planned
