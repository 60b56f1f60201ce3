"""Migrations as a step of their own: `gethip db upgrade`, run once however many start at once,
and yesterday's rows brought under today's rules."""

from __future__ import annotations

import subprocess
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from gethip.core.practice import PracticeStatus
from gethip.store import database
from gethip.store.database import Store, StoreError
from gethip.store.practices import PracticeLog
from tests.cli.runner import GETHIP, environment, gethip


def head() -> str:
    from alembic.script import ScriptDirectory

    engine = create_engine("sqlite://")
    with engine.connect() as connection:
        heads = ScriptDirectory.from_config(database._alembic_config(connection)).get_heads()
    return str(heads[0])


def test_db_upgrade_migrates_an_empty_database_and_says_so(
    database_url: str, tmp_path: Path
) -> None:
    result = gethip(tmp_path, "--db", database_url, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert f"is up to date (schema {head()})" in result.stdout
    again = gethip(tmp_path, "--db", database_url, "db", "upgrade")
    assert again.returncode == 0 and f"schema {head()}" in again.stdout


def test_several_processes_starting_at_once_all_come_up_and_migrate_once(
    database_url: str, tmp_path: Path
) -> None:
    commands = [["db", "upgrade"]] * 2 + [["history", "--json"]] * 2
    started = [
        subprocess.Popen(
            [GETHIP, "--db", database_url, *args],
            env=environment(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    ]
    for process in started:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    engine = create_engine(database_url)
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        users = connection.execute(text("SELECT id, name FROM users")).all()
    engine.dispose()
    assert [tuple(row) for row in versions] == [(head(),)]
    assert [tuple(row) for row in users] == [(1, "local")]


def test_a_store_that_may_not_migrate_refuses_a_schema_behind_with_the_command(
    database_url: str,
) -> None:
    with pytest.raises(StoreError, match="needs `gethip db upgrade` first"):
        Store.open(database_url, upgrade=False)
    Store.open(database_url).close()
    Store.open(database_url, upgrade=False).close()


def test_old_rows_are_brought_under_the_new_rules(database_url: str) -> None:
    """A log written before steps had outcomes: completed in name, four steps of fifty."""
    engine = create_engine(database_url)
    with engine.begin() as connection:
        command.upgrade(database._alembic_config(connection), "0003")
    practice_id = str(uuid.uuid4())
    started = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO users (id, name, created_at) VALUES (1, 'local', :at)"),
            {"at": started},
        )
        connection.execute(
            text(
                "INSERT INTO practices (id, user_id, session, breath_seconds, minutes, "
                "started_at, ended_at, status, segments_total, deviation) VALUES "
                "(:id, 1, 'openers', 6.0, 12, :at, :at, 'completed', 50, :deviation)"
            ),
            {
                "id": practice_id,
                "at": started,
                "deviation": '{"label": "Shortened to fit 12 min (as written: 22:30)", '
                '"minutes": 12, "as_written_seconds": 1350.0, "compiled_seconds": 700.0, '
                '"changes": ["Skating Squat: 60 s, alternating sides -> 30 s"]}',
            },
        )
        for index in range(4):
            connection.execute(
                text(
                    'INSERT INTO practice_segments (practice_id, "index", move, side, kind, '
                    "start, duration, finished_at) VALUES (:id, :index, 'skating-squat', NULL, "
                    "'work', 0, 12.5, :at)"
                ),
                {"id": practice_id, "index": index, "at": started},
            )
    engine.dispose()
    store = Store.open(database_url)
    summary = PracticeLog(store, store.local_user()).get(practice_id)
    store.close()
    assert summary.status == PracticeStatus.PARTIAL
    assert summary.seconds_done == 4 * 12.5  # every old step ran out: worked in full
    assert summary.work_seconds_total > 0
    assert summary.deviation is not None
    assert {change.move for change in summary.deviation.changes} >= {"skating-squat"}
    assert summary.deviation.label == "Shortened to fit 12 min (as written: 22:30)"
