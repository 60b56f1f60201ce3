"""The runner's weeks as the planner writes them, for the plan page, its API and the calendar.

The same inputs the CLI hands the planner: the saved profile, the practice
log, imported runs (None before any import, so runs are neither done nor
missed), and today's date in the profile's own time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from gethip.content import load_sessions
from gethip.core.planner import Plan, plan_weeks
from gethip.core.profile import Profile
from gethip.store.database import Store
from gethip.store.practices import PracticeLog
from gethip.store.profiles import Profiles
from gethip.store.runs import Runs
from gethip.web.errors import NoProfile

# The calendar looks this far ahead, as `gethip plan --ics` does by default.
CALENDAR_WEEKS = 4


@dataclass(frozen=True)
class Weeks:
    profile: Profile
    today: date
    plans: tuple[Plan, ...]


def planned_weeks(store: Store, week: date | None = None, count: int = 1) -> Weeks:
    """``count`` weeks from the one holding ``week`` (default: this week where the runner is)."""
    profile = Profiles(store).current()
    if profile is None:
        raise NoProfile()
    # The edge reads the wall clock once; the planner is handed the date.
    today = datetime.now(profile.zone).date()
    plans = plan_weeks(
        profile,
        PracticeLog(store).summaries(),
        Runs(store).records() or None,
        week or today,
        count,
        book=load_sessions(),
        today=today,
    )
    return Weeks(profile=profile, today=today, plans=plans)
