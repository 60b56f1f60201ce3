"""The stored profile, on SQLite and PostgreSQL: versions kept, bad changes leave no trace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect

from gethip.core.profile import InvalidProfile, Weekday
from gethip.store.database import Store
from gethip.store.profiles import Profiles

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
DESK_RUNNER = {
    "run_days": "mon,wed,sat",
    "run_times": ["07:00", "sat=08:30"],
    "long_run_day": "sat",
    "sitting_hours": "9",
    "minutes": "25",
    "timezone": "Europe/London",
}


def test_the_migration_creates_the_profile_table(store: Store) -> None:
    assert "profile_versions" in inspect(store.engine).get_table_names()


def test_no_profile_until_one_is_saved(store: Store) -> None:
    assert Profiles(store, store.local_user()).current() is None
    assert Profiles(store, store.local_user()).history() == []


def test_a_saved_profile_reads_back_the_same(store: Store) -> None:
    record = Profiles(store, store.local_user()).update(DESK_RUNNER, T0)
    assert record.version == 1 and record.changed_at == T0
    current = Profiles(store, store.local_user()).current()
    assert current == record.profile
    assert current is not None and current.long_run_day == Weekday.SAT
    assert current.model_dump(mode="json")["run_times"] == {
        "mon": "07:00",
        "wed": "07:00",
        "sat": "08:30",
    }


def test_every_change_is_kept_as_a_version_with_what_changed(store: Store) -> None:
    profiles = Profiles(store, store.local_user())
    profiles.update(DESK_RUNNER, T0)
    profiles.update({"sitting_hours": 10}, T0 + timedelta(days=1))
    profiles.update({"run_days": "tue,thu,sun", "long_run_day": "sun"}, T0 + timedelta(days=2))
    history = profiles.history()
    assert [h.version for h in history] == [1, 2, 3]
    assert history[1].changed == ("sitting_hours",)
    assert set(history[2].changed) == {"run_days", "run_times", "long_run_day"}
    assert history[0].profile.sitting_hours == 9 and history[1].profile.sitting_hours == 10
    current = profiles.current()
    assert current is not None and current.run_days == (Weekday.TUE, Weekday.THU, Weekday.SUN)


def test_saving_the_same_values_writes_no_new_version(store: Store) -> None:
    profiles = Profiles(store, store.local_user())
    profiles.update(DESK_RUNNER, T0)
    again = profiles.update({"sitting_hours": 9}, T0 + timedelta(hours=1))
    assert again.version == 1 and len(profiles.history()) == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"sitting_hours": 25},
        {"minutes": 0},
        {"timezone": "Moon/Tranquility"},
        {"run_days": ""},
        {"run_days": "mon,someday"},
        {"long_run_day": "fri"},
    ],
)
def test_an_invalid_change_stores_nothing(store: Store, bad: dict[str, object]) -> None:
    profiles = Profiles(store, store.local_user())
    profiles.update(DESK_RUNNER, T0)
    before = profiles.current()
    with pytest.raises(InvalidProfile):
        profiles.update({"notes": "this note must not land", **bad}, T0 + timedelta(hours=1))
    assert profiles.current() == before
    assert len(profiles.history()) == 1


def test_a_first_profile_without_run_days_stores_nothing(store: Store) -> None:
    with pytest.raises(InvalidProfile, match="run_days"):
        Profiles(store, store.local_user()).update({"sitting_hours": 8}, T0)
    assert Profiles(store, store.local_user()).history() == []


def test_profiles_are_per_user(store: Store) -> None:
    from gethip.store.models import User

    with store.transaction() as db:
        db.add(User(id=2, name="coach", created_at=T0))
    Profiles(store, store.local_user()).update(DESK_RUNNER, T0)
    assert Profiles(store, user_id=2).current() is None
