"""Trends over years of runs: a window of weeks, never hundreds of rows, labels that carry the year."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from gethip.app.imports import import_runs
from gethip.app.trends import trends
from gethip.app.views import week_labels
from gethip.core.stats import week_start
from gethip.store.database import Store
from tests.cli.runner import gethip_json
from tests.contexts import context_at
from tests.runs.factories import RunSpec, write_run

FIRST = datetime(2023, 1, 10, 7, 0, tzinfo=UTC)
# Three years of runs, one every four weeks, and the last one in late 2025.
STARTS = [FIRST + timedelta(weeks=4 * n, days=n % 3) for n in range(40)]
NOW = STARTS[-1] + timedelta(days=30)


@pytest.fixture(scope="module")
def years_of_runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("years")
    for number, start in enumerate(STARTS):
        spec = RunSpec(start=start, minutes=3, seed=number, step_length=1.0 + number * 0.002)
        write_run(folder, f"run-{number:02d}", spec, "fit")
    return folder


def test_the_default_window_is_the_26_weeks_up_to_the_last_week_with_data(
    store: Store, years_of_runs: Path
) -> None:
    ctx = context_at(store, NOW)
    assert import_runs(ctx, [years_of_runs], workers=1).imported == len(STARTS)
    report = trends(ctx)
    assert report.window is not None
    last = week_start(STARTS[-1].date())
    assert (report.window.first_week, report.window.last_week) == (
        last - timedelta(weeks=25),
        last,
    )
    assert (report.window.data_first_week, report.window.data_last_week) == (
        week_start(FIRST.date()),
        last,
    )
    assert len(report.weeks) == 26
    assert report.weeks[0].week_start == report.window.first_week
    # Only the window's runs: about one every four weeks.
    assert 6 <= len(report.runs) <= 7
    assert all(run.start.date() >= report.window.first_week for run in report.runs)


def test_more_weeks_or_a_start_date_widen_the_window_within_the_data(
    store: Store, years_of_runs: Path
) -> None:
    ctx = context_at(store, NOW)
    import_runs(ctx, [years_of_runs], workers=1)
    two_years = trends(ctx, weeks=104)
    assert len(two_years.weeks) == 104
    everything = trends(ctx, weeks=520)
    assert everything.window is not None
    assert everything.weeks[0].week_start == everything.window.data_first_week
    assert len(everything.runs) == len(STARTS)
    since = trends(ctx, since=date(2025, 1, 1))
    assert since.weeks[0].week_start == week_start(date(2025, 1, 1))


def test_week_labels_carry_the_year_when_the_weeks_cross_one() -> None:
    within = [date(2025, 3, 3), date(2025, 3, 10)]
    assert week_labels(within) == ["03 Mar", "10 Mar"]
    across = [date(2024, 12, 23), date(2024, 12, 30), date(2025, 1, 6)]
    assert week_labels(across) == ["23 Dec 2024", "30 Dec 2024", "06 Jan 2025"]


def test_the_command_line_and_the_api_return_the_window_asked_for(
    tmp_path: Path, years_of_runs: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'years.db'}"
    imported = gethip_json(tmp_path, "--db", url, "import", str(years_of_runs), "--json")
    assert imported["imported"] == len(STARTS)
    default = gethip_json(tmp_path, "--db", url, "trends", "--json")
    assert len(default["weeks"]) == 26
    wider = gethip_json(tmp_path, "--db", url, "trends", "--weeks", "52", "--json")
    assert len(wider["weeks"]) == 52
    assert wider["window"]["last_week"] == default["window"]["last_week"]
