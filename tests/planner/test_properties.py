"""Properties that hold for any valid profile, any week (Hypothesis)."""

from __future__ import annotations

from collections import Counter
from datetime import date, time, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gethip.content import load_sessions
from gethip.core.planner import ItemKind, Plan, Rule, desk_break_count, plan_week
from gethip.core.profile import Profile, Weekday, make_profile

BOOK = load_sessions()
# Zones with a one-hour change, a half-hour change (Lord Howe), one south of the
# equator, and ones without any change.
ZONES = (
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",
    "Australia/Sydney",
    "Asia/Kolkata",
    "UTC",
)
DAYS = list(Weekday)


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    run_days = draw(st.sets(st.sampled_from(DAYS), min_size=1))
    timed = draw(st.sets(st.sampled_from(sorted(run_days, key=lambda d: d.number))))
    data: dict[str, Any] = {
        "run_days": sorted(run_days, key=lambda d: d.number),
        "run_times": {
            day: time(draw(st.integers(0, 23)), draw(st.integers(0, 59))) for day in timed
        },
        "long_run_day": draw(st.none() | st.sampled_from(sorted(run_days, key=lambda d: d.number))),
        "work_days": sorted(draw(st.sets(st.sampled_from(DAYS))), key=lambda d: d.number),
        "sitting_hours": draw(st.floats(0, 24, allow_nan=False)),
        # A handful of budgets: fitting each new one to every session is the slow part.
        "minutes": draw(st.sampled_from((None, 5, 17, 25, 240))),
        "timezone": draw(st.sampled_from(ZONES)),
    }
    return make_profile(data)


weeks = st.dates(date(2020, 1, 1), date(2035, 12, 31))


def _plan(profile: Profile, week: date) -> Plan:
    return plan_week(profile, [], None, week, book=BOOK)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(), weeks)
def test_every_run_has_a_warmup_before_it_and_openers_after_it_on_its_day(
    profile: Profile, week: date
) -> None:
    plan = _plan(profile, week)
    for day in {item.date for item in plan.items}:
        today = plan.on(day)
        runs = [i for i in today if i.kind == ItemKind.RUN]
        warmups = [i for i in today if i.rule == Rule.WARMUP_BEFORE_RUN]
        openers = [i for i in today if i.rule == Rule.OPENERS_AFTER_RUN]
        assert len(runs) == len(warmups) == len(openers)
        for run, warmup, after in zip(runs, warmups, openers, strict=True):
            if run.starts_at is None:
                assert warmup.starts_at is None and after.starts_at is None
                continue
            assert warmup.starts_at is not None and after.starts_at is not None
            assert warmup.starts_at <= run.starts_at <= after.starts_at
            assert warmup.starts_at.date() == run.date == after.starts_at.date()


@settings(max_examples=100, deadline=None)
@given(profiles(), weeks)
def test_strength_twice_never_on_consecutive_days_nor_before_the_long_run(
    profile: Profile, week: date
) -> None:
    plan = _plan(profile, week)
    strength = sorted(i.date for i in plan.items if i.kind in {ItemKind.STRENGTH, ItemKind.OFFDAY})
    assert len(strength) == 2
    assert (strength[1] - strength[0]).days >= 2
    # Across the week's end too: next week's first strength day is this week's first + 7.
    assert (strength[0] + timedelta(days=7) - strength[1]).days >= 2
    if profile.long_run_day is not None:
        assert all(Weekday.of(day + timedelta(days=1)) != profile.long_run_day for day in strength)


@settings(max_examples=60, deadline=None)
@given(profiles(), weeks)
def test_every_day_without_a_run_still_gets_the_openers(profile: Profile, week: date) -> None:
    plan = _plan(profile, week)
    for offset in range(7):
        day = plan.week_start + timedelta(days=offset)
        sessions = {i.session for i in plan.on(day)}
        assert {"openers", "offday"} & sessions


@settings(max_examples=60, deadline=None)
@given(profiles(), weeks, st.floats(0, 24, allow_nan=False), st.floats(0, 24, allow_nan=False))
def test_desk_breaks_never_decrease_as_sitting_hours_grow(
    profile: Profile, week: date, first: float, second: float
) -> None:
    fewer, more = sorted((first, second))
    assert desk_break_count(fewer) <= desk_break_count(more)

    def per_day(hours: float) -> Counter[date]:
        plan = _plan(profile.model_copy(update={"sitting_hours": hours}), week)
        return Counter(i.date for i in plan.items if i.kind == ItemKind.DESK_BREAK)

    low, high = per_day(fewer), per_day(more)
    assert all(low[day] <= high[day] for day in low)


@settings(max_examples=60, deadline=None)
@given(profiles(), weeks)
def test_every_item_sits_on_its_own_local_day(profile: Profile, week: date) -> None:
    plan = _plan(profile, week)
    for item in plan.items:
        assert plan.week_start <= item.date < plan.week_start + timedelta(days=7)
        if item.starts_at is not None:
            assert item.starts_at.astimezone(profile.zone).date() == item.date
            assert item.time == item.starts_at.astimezone(profile.zone).strftime("%H:%M")
