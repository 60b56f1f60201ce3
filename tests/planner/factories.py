"""Builders for planner tests: a desk worker's profile, practices and runs with real types."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from gethip.content import load_catalog, load_sessions
from gethip.core.planner import Plan, PlanItem, RecordedRun, plan_week
from gethip.core.practice import PracticeStatus, PracticeSummary
from gethip.core.profile import Profile, make_profile
from gethip.core.sessions import SessionBook
from gethip.core.timeline import Settings, compile_session

LONDON = ZoneInfo("Europe/London")
# An ordinary week, far from any clock change: Monday 2 March 2026.
WEEK = date(2026, 3, 2)


def desk_runner(**changes: Any) -> Profile:
    """Runs Mon, Wed and the long run Sat; sits nine hours Monday to Friday."""
    data: dict[str, Any] = {
        "run_days": "mon,wed,sat",
        "run_times": {"mon": "07:00", "wed": "07:00", "sat": "08:30"},
        "long_run_day": "sat",
        "sitting_hours": 9,
        "timezone": "Europe/London",
    }
    data.update(changes)
    return make_profile(data)


def local(day: date, hour: int, minute: int = 0, zone: ZoneInfo = LONDON) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def practice(
    session: str,
    at: datetime,
    *,
    tightness: int | None = None,
    pain: int | None = None,
    shortened: bool = False,
    status: PracticeStatus = PracticeStatus.COMPLETED,
) -> PracticeSummary:
    deviation = None
    if shortened:
        deviation = compile_session(
            load_sessions().get(session), load_catalog(), Settings(minutes=10)
        ).deviation
    return PracticeSummary(
        id=str(uuid.uuid4()),
        session=session,
        started_at=at,
        ended_at=at + timedelta(minutes=20),
        status=status,
        segments_done=10,
        segments_total=10,
        seconds_done=1200,
        work_seconds_done=1000,
        work_seconds_total=1000,
        tightness=tightness,
        pain=pain,
        settings=Settings(),
        deviation=deviation,
    )


def run(at: datetime, minutes: int = 40) -> RecordedRun:
    return RecordedRun(start=at, duration=timedelta(minutes=minutes))


def plan(
    book: SessionBook,
    profile: Profile | None = None,
    practices: Sequence[PracticeSummary] = (),
    runs: Sequence[RecordedRun] | None = None,
    week: date = WEEK,
    today: date | None = None,
) -> Plan:
    return plan_week(profile or desk_runner(), practices, runs, week, book=book, today=today)


def items(
    plan_: Plan, *, day: date | None = None, rule: str | None = None, kind: str | None = None
) -> list[PlanItem]:
    return [
        item
        for item in plan_.items
        if (day is None or item.date == day)
        and (rule is None or item.rule == rule)
        and (kind is None or item.kind == kind)
    ]
