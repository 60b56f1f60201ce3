"""Two runners in one database see nothing of each other, through any use case."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from gethip.app import backups, checks, plans, practices, profiles, runs, stats, today, trends
from gethip.app.errors import NoProfile, UnknownCheck, UnknownPractice, UnknownRun
from gethip.app.imports import import_runs
from gethip.app.timelines import compiled
from gethip.core.hipcheck import Recording
from gethip.core.practice import Ending, StepOutcome
from gethip.core.timeline import Settings
from gethip.exports.backup_format import InvalidBackup
from gethip.store.database import Store
from gethip.store.users import add_user
from tests.contexts import context_at
from tests.core.pose_factories import recording
from tests.runs.factories import RunSpec, write_run

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
CHECK = Recording.model_validate(recording("thomas", "left", -9.0))


@pytest.fixture
def two_runners(store: Store, tmp_path: Path) -> tuple[Any, Any]:
    """The local runner with a profile, practices and a run; a second runner with nothing."""
    profiles.update(
        context_at(store, NOW), {"run_days": "mon,thu", "timezone": "Europe/Paris", "minutes": 20}
    )
    mine = context_at(store, NOW)
    practice_id = str(uuid.uuid4())
    practices.start(mine, practice_id, "openers", Settings(), NOW - timedelta(hours=1))
    for segment in compiled("openers").segments[:4]:
        practices.record_step(mine, practice_id, segment, StepOutcome.DONE)
    practices.finish(mine, practice_id, Ending.STOPPED, tightness=4, pain=2)
    write_run(tmp_path / "runs", "mine", RunSpec(start=NOW - timedelta(days=2), minutes=4))
    assert import_runs(mine, [tmp_path / "runs"], workers=1).imported == 1
    checks.save(mine, str(uuid.uuid4()), CHECK)
    theirs = context_at(store, NOW, add_user(store, "second runner", NOW))
    return mine, theirs


def test_the_second_runner_sees_none_of_the_firsts_data(two_runners: tuple[Any, Any]) -> None:
    mine, theirs = two_runners
    assert mine.profile is not None and theirs.profile is None
    assert mine.zone_name == "Europe/Paris" and theirs.zone_name != "Europe/Paris"
    seen = today.today(theirs)
    assert seen.profile is False and seen.resume is None and seen.done_today == []
    with pytest.raises(NoProfile):
        plans.planned_weeks(theirs)
    assert practices.history(theirs) == []
    assert practices.resumable(theirs) is None
    assert stats.stats(theirs).total_minutes == 0
    assert trends.trends(theirs).runs == () and trends.trends(theirs).weeks == ()
    assert runs.runs(theirs) == []
    assert profiles.history(theirs) == []
    assert checks.history(theirs).readings == ()
    sections = json.loads(backups.create_backup(theirs))["sections"]
    assert sections == {"practices": [], "profiles": [], "runs": [], "checks": []}
    # The first runner's data is all there for them.
    assert len(practices.history(mine)) == 1 and len(runs.runs(mine)) == 1
    assert len(checks.history(mine).readings) == 1
    assert today.today(mine).resume is not None


def test_the_second_runner_can_change_none_of_the_firsts_data(
    two_runners: tuple[Any, Any],
) -> None:
    mine, theirs = two_runners
    [practice] = practices.history(mine)
    [run] = runs.runs(mine)
    segment = compiled("openers").segments[5]
    for attempt in (
        lambda: practices.detail(theirs, practice.id),
        lambda: practices.record_step(theirs, practice.id, segment, StepOutcome.DONE),
        lambda: practices.finish(theirs, practice.id, Ending.FINISHED, pain=9),
        lambda: practices.resume(theirs, practice.id),
        lambda: practices.delete(theirs, practice.id),
        lambda: practices.start(theirs, practice.id, "openers", Settings()),
    ):
        with pytest.raises(UnknownPractice):
            attempt()
    with pytest.raises(UnknownRun):
        runs.delete(theirs, run.id)
    # A hip check sent under the first runner's id is refused as unknown, whatever it holds.
    [kept] = checks.history(mine).readings
    for sent in (CHECK, Recording.model_validate(recording("thomas", "left", 3.0))):
        with pytest.raises(UnknownCheck):
            checks.save(theirs, kept.id, sent)
    for attempt in (lambda: checks.get(theirs, kept.id), lambda: checks.delete(theirs, kept.id)):
        with pytest.raises(UnknownCheck):
            attempt()
    # Restoring the first runner's backup writes nothing: its practice id is the first's.
    with pytest.raises(InvalidBackup, match="another account"):
        backups.restore_backup(theirs, backups.create_backup(mine))
    assert practices.history(mine) == [practice]
    assert practices.detail(mine, practice.id).practice.pain == 2
    assert runs.runs(mine) == [run]
    assert checks.history(mine).readings == (kept,)


def test_deleting_a_check_removes_that_one_reading_of_that_runner_only(
    two_runners: tuple[Any, Any],
) -> None:
    mine, theirs = two_runners
    [first] = checks.history(mine).readings
    right = Recording.model_validate(recording("thomas", "right", 6.0))
    second, _ = checks.save(mine, str(uuid.uuid4()), right)
    their_own, _ = checks.save(theirs, str(uuid.uuid4()), CHECK)
    assert len(checks.history(mine).sides) == 1
    checks.delete(mine, second.id)
    # Derived on read: with one side left there is nothing to compare it with.
    left = checks.history(mine)
    assert left.readings == (first,) and left.sides == ()
    assert checks.history(theirs).readings == (their_own,)
    with pytest.raises(UnknownCheck):
        checks.delete(mine, second.id)
