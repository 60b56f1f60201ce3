"""One test (or a few) per planner rule, on the fixed week of Monday 2 March 2026."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from gethip.core.planner import (
    Difficulty,
    ItemKind,
    Rule,
    choose_strength_days,
    desk_break_count,
    monday_of,
)
from gethip.core.practice import PracticeStatus, PracticeSummary
from gethip.core.profile import Weekday
from gethip.core.sessions import SessionBook
from gethip.core.timeline import Settings, compile_session
from tests.planner.factories import WEEK, desk_runner, items, local, plan, practice, run

MON, TUE, WED, THU, FRI, SAT, SUN = (WEEK + timedelta(days=n) for n in range(7))


def test_a_week_runs_monday_to_sunday_whatever_date_is_given(book: SessionBook) -> None:
    week = plan(book, week=THU)
    assert week.week_start == MON == monday_of(SUN)
    assert {item.date for item in week.items} == {MON + timedelta(days=n) for n in range(7)}


# --- runs -----------------------------------------------------------------------------------


def test_planned_runs_come_from_the_profile_at_their_usual_times(book: SessionBook) -> None:
    runs = items(plan(book), kind="run")
    assert [(r.date, r.time, r.rule) for r in runs] == [
        (MON, "07:00", Rule.PLANNED_RUN),
        (WED, "07:00", Rule.PLANNED_RUN),
        (SAT, "08:30", Rule.PLANNED_RUN),
    ]
    assert "long run" in runs[-1].reason


def test_a_recorded_run_replaces_the_planned_one_and_keeps_its_real_time(
    book: SessionBook,
) -> None:
    week = plan(book, runs=[run(local(WED, 18, 15), minutes=50)], today=SUN)
    (wednesday,) = items(week, day=WED, kind="run")
    assert (wednesday.time, wednesday.rule, wednesday.done) == ("18:15", Rule.RECORDED_RUN, True)
    assert items(week, day=WED, kind="warmup")[0].time == "18:12"
    assert items(week, day=WED, rule=Rule.OPENERS_AFTER_RUN)[0].time == "19:05"


def test_an_unplanned_run_that_happened_counts_and_gets_its_warmup_and_openers(
    book: SessionBook,
) -> None:
    week = plan(book, runs=[run(local(FRI, 12, 0), minutes=30)], today=SUN)
    friday = items(week, day=FRI)
    assert [(i.kind, i.time) for i in friday if i.kind != ItemKind.DESK_BREAK] == [
        (ItemKind.WARMUP, "11:57"),
        (ItemKind.RUN, "12:00"),
        (ItemKind.OPENERS, "12:30"),
    ]
    # The off-day openers gave way: the openers after the run are the day's.
    assert not items(week, day=FRI, rule=Rule.OPENERS_ON_OFF_DAYS)


def test_planned_runs_are_missed_only_when_run_history_is_known(book: SessionBook) -> None:
    unknown = items(plan(book, runs=None, today=THU), kind="run")
    assert [r.done for r in unknown] == [None, None, None]
    known = items(plan(book, runs=[], today=THU), kind="run")
    assert [r.done for r in known] == [False, False, None]


# --- warm-up and openers around every run ---------------------------------------------------


def test_the_warmup_ends_as_the_run_begins(book: SessionBook) -> None:
    week = plan(book)
    for day in (MON, WED, SAT):
        (warmup,) = items(week, day=day, rule=Rule.WARMUP_BEFORE_RUN)
        (the_run,) = items(week, day=day, kind="run")
        assert warmup.session == "warmup" and warmup.minutes == 3
        assert warmup.starts_at is not None and the_run.starts_at is not None
        assert warmup.starts_at + timedelta(minutes=warmup.minutes) == the_run.starts_at


def test_a_run_without_a_usual_time_gets_an_untimed_warmup_and_openers(book: SessionBook) -> None:
    week = plan(book, desk_runner(run_times={"mon": "07:00", "sat": "08:30"}))
    wednesday = items(week, day=WED)
    assert [(i.kind, i.time) for i in wednesday if i.kind != ItemKind.DESK_BREAK] == [
        (ItemKind.WARMUP, None),
        (ItemKind.RUN, None),
        (ItemKind.OPENERS, None),
    ]


def test_the_openers_follow_every_run_when_it_is_planned_to_end(book: SessionBook) -> None:
    week = plan(book)
    openers = items(week, rule=Rule.OPENERS_AFTER_RUN)
    assert [(o.date, o.time, o.session) for o in openers] == [
        (MON, "07:45", "openers"),
        (WED, "07:45", "openers"),
        (SAT, "10:00", "openers"),  # after the 90-minute long run
    ]


def test_openers_count_after_a_run_only_within_a_few_hours_of_it(book: SessionBook) -> None:
    logged = [
        practice("openers", local(MON, 8, 0)),  # straight after Monday's run
        practice("openers", local(WED, 6, 30)),  # before Wednesday's run: not "after"
        practice("openers", local(SAT, 18, 0)),  # eight hours after the long run ended
    ]
    week = plan(book, practices=logged, today=SUN)
    assert [o.done for o in items(week, rule=Rule.OPENERS_AFTER_RUN)] == [True, False, False]


def test_a_practice_counts_for_one_item_only(book: SessionBook) -> None:
    two_runs = [run(local(MON, 7, 0)), run(local(MON, 18, 0))]
    week = plan(book, runs=two_runs, practices=[practice("openers", local(MON, 7, 50))])
    assert [o.done for o in items(week, day=MON, rule=Rule.OPENERS_AFTER_RUN)] == [True, False]


def test_done_is_true_when_logged_false_when_past_and_open_from_today(book: SessionBook) -> None:
    logged = [practice("warmup", local(MON, 6, 55)), practice("offday", local(TUE, 7, 10))]
    week = plan(book, practices=logged, today=WED)
    assert items(week, day=MON, kind="warmup")[0].done is True
    assert items(week, day=MON, rule=Rule.OPENERS_AFTER_RUN)[0].done is False
    assert items(week, day=TUE, kind="offday")[0].done is True
    assert {i.done for i in items(week, day=WED) if i.kind != ItemKind.RUN} == {None}
    assert {i.done for i in items(week, kind="desk-break")} == {None}


def test_an_unfinished_practice_is_not_done(book: SessionBook) -> None:
    stopped = practice("warmup", local(MON, 6, 55), status=PracticeStatus.STOPPED)
    week = plan(book, practices=[stopped], today=SUN)
    assert items(week, day=MON, kind="warmup")[0].done is False


# --- strength -------------------------------------------------------------------------------


def test_strength_goes_on_two_off_days_apart_and_not_before_the_long_run(
    book: SessionBook,
) -> None:
    week = plan(book)
    strength = items(week, rule=Rule.STRENGTH_TWO_DAYS)
    assert [(s.date, s.kind, s.session) for s in strength] == [
        (TUE, ItemKind.OFFDAY, "offday"),
        (THU, ItemKind.OFFDAY, "offday"),
    ]
    assert "never the day before your Sat long run" in strength[0].reason


@pytest.mark.parametrize(
    ("run_days", "long_run", "expected"),
    [
        ("mon,wed,sat", "sat", ("tue", "thu")),
        ("tue,thu,sun", "sun", ("wed", "fri")),
        ("mon,tue,wed,thu,fri,sat,sun", "sun", ("tue", "fri")),
        ("sat", "sat", ("mon", "thu")),
        ("mon,wed,fri", None, ("tue", "sat")),
    ],
)
def test_strength_days_are_never_consecutive_nor_before_the_long_run(
    run_days: str, long_run: str | None, expected: tuple[str, str]
) -> None:
    profile = desk_runner(run_days=run_days, run_times={}, long_run_day=long_run)
    days = choose_strength_days(profile)
    assert tuple(d.value for d in days) == expected
    gap = (days[1].number - days[0].number) % 7
    assert min(gap, 7 - gap) >= 2
    if profile.long_run_day is not None:
        before_long = list(Weekday)[(profile.long_run_day.number - 1) % 7]
        assert before_long not in days


def test_on_a_run_day_strength_comes_after_the_openers(book: SessionBook) -> None:
    every_day = desk_runner(
        run_days="mon,tue,wed,thu,fri,sat,sun",
        run_times={day: "07:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
        long_run_day="sun",
    )
    week = plan(book, every_day)
    (strength,) = items(week, day=TUE, rule=Rule.STRENGTH_TWO_DAYS)
    assert (strength.kind, strength.session, strength.time) == (
        ItemKind.STRENGTH,
        "strength",
        "08:08",
    )


# --- off days -------------------------------------------------------------------------------


def test_days_without_a_run_or_strength_get_the_openers(book: SessionBook) -> None:
    week = plan(book)
    off = items(week, rule=Rule.OPENERS_ON_OFF_DAYS)
    assert [(o.date, o.session, o.time) for o in off] == [
        (FRI, "openers", "07:00"),  # the runner's usual slot
        (SUN, "openers", "07:00"),
    ]
    # Tuesday and Thursday are off days too: their off-day session holds the openers.
    offday_moves = items(week, day=TUE, kind="offday")[0].moves
    assert set(book.get("openers").moves) <= set(offday_moves)


# --- desk breaks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "breaks"), [(0, 0), (3.5, 0), (4, 1), (6, 2), (8, 3), (9, 3), (10, 4), (24, 6)]
)
def test_desk_breaks_grow_with_the_hours_sat(hours: float, breaks: int) -> None:
    assert desk_break_count(hours) == breaks


def test_desk_breaks_spread_over_the_work_day_and_skip_the_weekend(book: SessionBook) -> None:
    week = plan(book)
    for day in (MON, TUE, WED, THU, FRI):
        breaks = items(week, day=day, rule=Rule.DESK_BREAKS)
        assert [b.time for b in breaks] == ["11:15", "13:30", "15:45"]
        assert all(b.kind == ItemKind.DESK_BREAK and b.session == "desk-break" for b in breaks)
        assert len(breaks[0].moves) == 3 and breaks[0].minutes == 4
        assert "(1 of 3)" in breaks[0].reason
    assert not items(week, day=SAT, rule=Rule.DESK_BREAKS)
    assert not items(week, day=SUN, rule=Rule.DESK_BREAKS)


def test_no_desk_breaks_for_short_sitting_or_on_days_off_work(book: SessionBook) -> None:
    assert not items(plan(book, desk_runner(sitting_hours=3)), rule=Rule.DESK_BREAKS)
    part_time = plan(book, desk_runner(work_days="mon,tue"))
    assert {b.date for b in items(part_time, rule=Rule.DESK_BREAKS)} == {MON, TUE}


# --- progression ----------------------------------------------------------------------------


def _two_good_weeks(session: str = "openers", **ratings: int) -> list[PracticeSummary]:
    tightness, pain = ratings.get("tightness", 2), ratings.get("pain", 0)
    return [
        practice(session, local(WEEK - timedelta(days=12), 8), tightness=tightness, pain=pain),
        practice(session, local(WEEK - timedelta(days=5), 8), tightness=tightness, pain=pain),
    ]


def test_two_weeks_as_written_loose_and_pain_free_offers_the_harder_variant(
    book: SessionBook,
) -> None:
    week = plan(book, practices=_two_good_weeks())
    openers = items(week, kind="openers")
    assert openers and all(o.variant == Difficulty.HARDER for o in openers)
    assert openers[0].adjustments[0].rule == Rule.PROGRESS_AFTER_TWO_GOOD_WEEKS
    assert "harder version" in openers[0].reason
    # Only the session that earned it: the warm-up was never practised.
    assert {w.variant for w in items(week, kind="warmup")} == {Difficulty.AS_WRITTEN}


@pytest.mark.parametrize(
    "history",
    [
        pytest.param(lambda: _two_good_weeks()[1:], id="only-one-week"),
        pytest.param(lambda: _two_good_weeks(tightness=6), id="still-tight"),
        pytest.param(lambda: _two_good_weeks(pain=1), id="some-pain"),
        pytest.param(
            lambda: [
                practice("openers", p.started_at, tightness=2, pain=0, shortened=True)
                for p in _two_good_weeks()
            ],
            id="shortened-not-as-written",
        ),
    ],
)
def test_no_progression_without_two_clean_weeks_as_written(
    book: SessionBook, history: Callable[[], list[PracticeSummary]]
) -> None:
    week = plan(book, practices=history())
    assert {o.variant for o in items(week, kind="openers")} == {Difficulty.AS_WRITTEN}


def test_pain_above_the_threshold_steps_back_to_the_easier_variant(book: SessionBook) -> None:
    hurt = [*_two_good_weeks(), practice("openers", local(MON, 8), tightness=3, pain=6)]
    week = plan(book, practices=hurt, today=MON)
    monday = items(week, day=MON, rule=Rule.OPENERS_AFTER_RUN)[0]
    assert monday.variant == Difficulty.HARDER  # planned before the painful session
    wednesday = items(week, day=WED, rule=Rule.OPENERS_AFTER_RUN)[0]
    assert wednesday.variant == Difficulty.EASIER
    assert wednesday.adjustments[0].rule == Rule.STEP_BACK_AFTER_PAIN
    assert "pain 6/10" in wednesday.reason and "easier version" in wednesday.reason
    # The off-day session and the desk breaks share those moves: they step back too.
    assert items(week, day=THU, kind="offday")[0].variant == Difficulty.EASIER
    assert items(week, day=WED, kind="desk-break")[0].variant == Difficulty.EASIER
    # The warm-up drills were not what hurt.
    assert items(week, day=WED, kind="warmup")[0].variant == Difficulty.AS_WRITTEN


def test_a_later_pain_free_session_ends_the_step_back(book: SessionBook) -> None:
    logged = [
        practice("openers", local(MON, 8), pain=6),
        practice("openers", local(WED, 8), pain=1),
    ]
    week = plan(book, practices=logged, today=THU)
    assert items(week, day=WED, rule=Rule.OPENERS_AFTER_RUN)[0].variant == Difficulty.EASIER
    assert items(week, day=FRI, kind="openers")[0].variant == Difficulty.AS_WRITTEN


def test_pain_at_the_threshold_is_not_a_step_back(book: SessionBook) -> None:
    week = plan(book, practices=[practice("openers", local(MON, 8), pain=3)], today=MON)
    assert items(week, day=WED, rule=Rule.OPENERS_AFTER_RUN)[0].variant == Difficulty.AS_WRITTEN


def test_a_missed_week_restarts_gently(book: SessionBook) -> None:
    fortnight_ago = [practice("openers", local(WEEK - timedelta(days=10), 8))]
    week = plan(book, practices=fortnight_ago)
    sessions = [i for i in week.items if i.kind in {ItemKind.WARMUP, ItemKind.OPENERS}]
    assert {i.variant for i in sessions} == {Difficulty.EASIER}
    assert sessions[0].adjustments[0].label == "Gentle restart: easier variants"
    assert "restart gently" in sessions[0].reason
    assert {b.variant for b in items(week, kind="desk-break")} == {Difficulty.AS_WRITTEN}


def test_a_new_runner_starts_as_written(book: SessionBook) -> None:
    week = plan(book, practices=[])
    assert {i.variant for i in week.items} == {Difficulty.AS_WRITTEN}


def test_planning_ahead_judges_progress_on_the_weeks_already_over(book: SessionBook) -> None:
    # Two good weeks end last Sunday; planning the week after next still offers harder.
    ahead = plan(book, practices=_two_good_weeks(), week=WEEK + timedelta(weeks=2), today=MON)
    assert {o.variant for o in items(ahead, kind="openers")} == {Difficulty.HARDER}


# --- the dose -------------------------------------------------------------------------------


def test_a_session_longer_than_the_minutes_is_shortened_and_says_so(book: SessionBook) -> None:
    week = plan(book, desk_runner(minutes=25))
    offday = items(week, day=TUE, kind="offday")[0]
    assert offday.adjustments[0].rule == Rule.SHORTENED_TO_FIT
    assert offday.adjustments[0].label == "Shortened to fit 25 min (as written: 39:11)"
    assert offday.minutes is not None and offday.minutes <= 25
    # The openers (22:30 as written) fit in 25 minutes: no label, the full dose.
    openers = items(week, day=MON, rule=Rule.OPENERS_AFTER_RUN)[0]
    assert openers.adjustments == () and openers.minutes == 23


def test_too_few_minutes_keeps_the_written_dose_and_says_so(book: SessionBook) -> None:
    week = plan(book, desk_runner(minutes=5))
    offday = items(week, day=TUE, kind="offday")[0]
    assert offday.adjustments[0].rule == Rule.BUDGET_TOO_SMALL
    assert offday.minutes == 40


def test_no_session_is_ever_below_the_written_dose_without_a_label(book: SessionBook) -> None:
    as_written = {
        s.id: compile_session(s, book.catalog, Settings()).total_seconds / 60 for s in book
    }
    for minutes in (None, 5, 17, 25):
        for item in plan(book, desk_runner(minutes=minutes)).items:
            if item.session is None or item.kind == ItemKind.DESK_BREAK:
                continue
            assert item.minutes is not None
            if item.minutes < as_written[item.session]:
                assert any(a.rule == Rule.SHORTENED_TO_FIT for a in item.adjustments), item


# --- adherence ------------------------------------------------------------------------------


def test_adherence_counts_planned_due_and_done(book: SessionBook) -> None:
    logged = [practice("warmup", local(MON, 6, 57)), practice("openers", local(MON, 7, 50))]
    score = plan(book, practices=logged, today=WED).adherence()
    # Ten sessions to log this week (3 warm-ups, 3 openers after runs, 2 off days with
    # openers, 2 strength days); Monday's two and Tuesday's one are due; two were done.
    assert (score.week_start, score.planned, score.due, score.done) == (MON, 10, 3, 2)


def test_planned_runs_join_adherence_once_runs_are_known(book: SessionBook) -> None:
    score = plan(book, runs=[run(local(MON, 7, 0))], today=WED).adherence()
    assert (score.planned, score.due, score.done) == (13, 4, 1)


def test_items_are_in_time_order_within_each_day(book: SessionBook) -> None:
    week = plan(book)
    for day in {i.date for i in week.items}:
        timed = [i.starts_at for i in items(week, day=day) if i.starts_at is not None]
        assert timed == sorted(timed)


def test_the_plan_is_the_same_for_the_same_arguments(book: SessionBook) -> None:
    logged = [practice("openers", local(MON, 8), pain=5)]
    assert plan(book, practices=logged, today=THU) == plan(book, practices=logged, today=THU)


def test_weekday_of_a_date(book: SessionBook) -> None:
    assert Weekday.of(date(2026, 3, 7)) == Weekday.SAT
