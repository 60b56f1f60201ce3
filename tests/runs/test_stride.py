"""The stride analysis on generated runners: it finds a real change, and claims nothing it cannot see."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from gethip.core.practice import PracticeStatus, PracticeSummary
from gethip.core.stride import (
    MIN_RUNS,
    RunSamples,
    Verdict,
    analyse_stride,
    normal_quantile,
    pooled_slope,
    t_975,
    t_quantile,
)
from gethip.core.timeline import Settings
from tests.runs.factories import RunSpec, lengthening_runner, run_samples, simulate

# Short runs keep the suite quick; a run of any length gives the same figure.
MINUTES = 12


def practice(day: date, minutes: float) -> PracticeSummary:
    started = datetime(day.year, day.month, day.day, 18, tzinfo=UTC)
    return PracticeSummary(
        id=f"p-{day.isoformat()}",
        session="openers",
        started_at=started,
        ended_at=started + timedelta(minutes=minutes),
        status=PracticeStatus.COMPLETED,
        segments_done=10,
        segments_total=10,
        seconds_done=minutes * 60,
        settings=Settings(),
    )


def test_a_stride_that_lengthens_a_centimetre_a_week_is_found_with_the_right_sign() -> None:
    runs = run_samples(lengthening_runner(weeks=10, cm_per_week=1.0, minutes=MINUTES))
    report = analyse_stride(runs, [], UTC)
    assert report.verdict == Verdict.LONGER
    assert report.trend is not None
    assert report.trend.ci_low_cm_per_week <= 1.0 <= report.trend.ci_high_cm_per_week
    assert report.trend.cm_per_week == pytest.approx(1.0, abs=0.25)
    assert "grew" in report.message


def test_a_shortening_stride_is_reported_as_shorter() -> None:
    runs = run_samples(lengthening_runner(weeks=8, cm_per_week=-0.8, minutes=MINUTES, seed=3))
    report = analyse_stride(runs, [], UTC)
    assert report.verdict == Verdict.SHORTER
    assert report.trend is not None and report.trend.cm_per_week < 0


def test_getting_faster_is_not_mistaken_for_a_longer_stride() -> None:
    """Each week the runner runs faster, with the same step at any given pace.

    Raw step length rises (faster running means longer steps); the
    pace-normalised figure must stay flat.
    """
    specs = []
    for spec in lengthening_runner(weeks=10, cm_per_week=0.0, minutes=MINUTES, seed=5):
        week = (spec.start - datetime(2026, 1, 5, tzinfo=UTC)).days // 7
        faster = spec.speed + 0.06 * week
        specs.append(replace(spec, speed=faster, step_length=spec.step_length + 0.28 * 0.06 * week))
    report = analyse_stride(run_samples(specs), [], UTC)
    raw = np.array([r.raw_step_length_m for r in report.runs])
    assert raw[-3:].mean() - raw[:3].mean() > 0.1  # naive step length grew over 10 cm
    assert report.trend is not None
    assert abs(report.trend.cm_per_week) < 0.2
    assert report.step_per_speed == pytest.approx(0.28, abs=0.03)


def test_too_few_runs_give_no_claim_and_say_so() -> None:
    runs = run_samples(lengthening_runner(weeks=2, runs_per_week=2, minutes=MINUTES))
    report = analyse_stride(runs, [], UTC)
    assert report.verdict == Verdict.NOT_ENOUGH_DATA
    assert report.trend is None
    assert f"at least {MIN_RUNS} runs" in report.message
    assert len(report.runs) == 4  # each run still has its figure


def test_many_runs_in_one_week_are_still_too_few_weeks() -> None:
    specs = [
        RunSpec(
            start=datetime(2026, 2, 2, 7, tzinfo=UTC) + timedelta(hours=12 * i), minutes=6, seed=i
        )
        for i in range(10)
    ]
    report = analyse_stride(run_samples(specs), [], UTC)
    assert report.verdict == Verdict.NOT_ENOUGH_DATA


def test_runs_without_cadence_are_counted_and_left_out() -> None:
    track = simulate(RunSpec(minutes=6))
    blind = RunSamples(1, track.spec.start, track.t, track.speed, np.full(len(track.t), np.nan))
    report = analyse_stride([blind], [], UTC)
    assert report.runs_without_data == 1
    assert report.runs == ()
    assert report.verdict == Verdict.NOT_ENOUGH_DATA


def test_weekly_hip_minutes_sit_beside_the_weekly_step_length() -> None:
    specs = lengthening_runner(weeks=4, cm_per_week=1.0, minutes=MINUTES)
    first_monday = date(2026, 1, 5)
    practices = [
        practice(first_monday + timedelta(days=1), 12),
        practice(first_monday + timedelta(days=3), 8),
        practice(first_monday + timedelta(weeks=2, days=2), 15),
    ]
    report = analyse_stride(run_samples(specs), practices, UTC)
    minutes = {w.week_start: w.hip_minutes for w in report.weeks}
    assert minutes[first_monday] == 20
    assert minutes[first_monday + timedelta(weeks=1)] == 0
    assert minutes[first_monday + timedelta(weeks=2)] == 15
    assert all(w.runs == 3 for w in report.weeks)
    week = report.weeks[0]
    assert week.ci_low_m is not None and week.ci_high_m is not None
    assert week.ci_low_m < (week.step_length_m or 0) < week.ci_high_m


def test_the_report_always_carries_the_caveat_that_it_measures_not_promises() -> None:
    report = analyse_stride([], [], UTC)
    assert "cannot tell what caused" in report.caveat
    assert report.weeks == ()


def test_glitches_do_not_tilt_the_speed_step_relation() -> None:
    rng = np.random.default_rng(0)
    speed = rng.uniform(2.5, 4.0, 2000)
    step = 1.0 + 0.3 * (speed - 3.0) + rng.normal(0, 0.01, 2000)
    step[:100] = 2.4  # cadence dropouts: absurdly long steps
    assert pooled_slope([(speed, step)]) == pytest.approx(0.3, abs=0.02)


@pytest.mark.parametrize(
    ("dof", "expected"),
    [(1, 12.7062), (2, 4.3027), (3, 3.1824), (5, 2.5706), (10, 2.2281), (28, 2.0484)],
)
def test_t_multipliers_match_the_tables(dof: int, expected: float) -> None:
    assert t_975(dof) == pytest.approx(expected, abs=1e-4)


def test_the_expansion_takes_over_smoothly_from_the_table() -> None:
    assert t_quantile(0.975, 9) == pytest.approx(2.2622, abs=2e-4)


def test_normal_quantiles_match_the_tables() -> None:
    assert normal_quantile(0.975) == pytest.approx(1.959964, abs=1e-6)
    assert normal_quantile(0.001) == pytest.approx(-3.090232, abs=1e-6)
