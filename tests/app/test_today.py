"""One Today: the command line, the API and the page answer from the same use case, in the same zone.

The runner lives in New York; the machine serving them keeps UTC. At 22:30 on
a Monday in New York it is already Tuesday in UTC: every face must say Monday.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from gethip.app.clock import FixedClock
from gethip.app.today import next_to_do
from gethip.core.planner import ItemKind, PlanItem, Rule
from gethip.web.app import create_app
from tests.cli.runner import GETHIP, environment
from tests.web.conftest import BASE_URL

NEW_YORK = ZoneInfo("America/New_York")
# Monday 2 March 2026, 22:30 in New York: Tuesday 03:30 in UTC.
MONDAY_NIGHT = datetime(2026, 3, 2, 22, 30, tzinfo=NEW_YORK)
RUNNER = [
    "--run-days", "mon,wed,sat", "--run-time", "07:00", "--long-run", "sat",
    "--sitting-hours", "9", "--minutes", "25", "--timezone", "America/New_York",
]  # fmt: skip


def gethip_at(data_dir: Path, url: str, now: datetime, *args: str, zone: str = "UTC") -> Any:
    import subprocess

    env = environment(data_dir) | {"GETHIP_NOW": now.isoformat(), "TZ": zone}
    done = subprocess.run(
        [GETHIP, "--db", url, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def utc_machine() -> Iterator[None]:
    """This process, serving the API and the page, keeps UTC."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def served_at(url: str, now: datetime) -> TestClient:
    return TestClient(create_app(url, clock=FixedClock(now)), base_url=BASE_URL)


def page_json(html: str) -> Any:
    found = re.search(r'<script type="application/json" id="today-data">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found[1])


def test_the_cli_the_api_and_the_page_give_the_same_today_in_the_runners_zone(
    database_url: str, tmp_path: Path, utc_machine: None
) -> None:
    # The profile was made a week before, so nothing today is before it.
    gethip_at(tmp_path, database_url, MONDAY_NIGHT - timedelta(days=7), "profile", *RUNNER)
    by_cli = json.loads(gethip_at(tmp_path, database_url, MONDAY_NIGHT, "today", "--json").stdout)
    with served_at(database_url, MONDAY_NIGHT) as client:
        by_api = client.get("/api/today").json()
        by_page = page_json(client.get("/").text)
    assert by_cli == by_api == by_page
    assert by_api["date"] == "2026-03-02" and by_api["timezone"] == "America/New_York"
    assert by_api["now"] == "2026-03-02T22:30:00-05:00"
    assert by_api["profile"] is True and by_api["pick"] is None and by_api["setup"] is None
    kinds = [item["kind"] for item in by_api["items"]]
    assert kinds[:3] == ["warmup", "run", "openers"] and "desk-break" in kinds
    assert all(item["date"] == "2026-03-02" for item in by_api["items"])
    # Everything timed today is over by 22:30: the openers are still the thing to do.
    chosen = by_api["items"][by_api["next"]]
    assert chosen["next"] is True and chosen["kind"] == "openers"
    assert sum(item["next"] for item in by_api["items"]) == 1


def test_the_machines_zone_does_not_move_the_runners_today(
    database_url: str, tmp_path: Path
) -> None:
    gethip_at(tmp_path, database_url, MONDAY_NIGHT - timedelta(days=7), "profile", *RUNNER)
    answers = [
        json.loads(
            gethip_at(tmp_path, database_url, MONDAY_NIGHT, "today", "--json", zone=z).stdout
        )
        for z in ("UTC", "Asia/Tokyo", "Pacific/Kiritimati")
    ]
    assert answers[0] == answers[1] == answers[2]


def test_without_a_profile_today_is_the_machines_day_with_a_pick_and_an_invitation(
    database_url: str, tmp_path: Path
) -> None:
    # 07:00 in Tokyo: a morning there, whatever UTC says (22:00 the day before).
    morning = datetime(2026, 3, 3, 7, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    done = gethip_at(tmp_path, database_url, morning, "today", "--json", zone="Asia/Tokyo")
    today = json.loads(done.stdout)
    assert (today["date"], today["timezone"]) == ("2026-03-03", "Asia/Tokyo")
    assert today["profile"] is False and today["items"] == [] and today["next"] is None
    assert today["pick"]["session"] == "warmup" and today["pick"]["play"] == "/play/warmup"
    assert "profile" in today["setup"]
    text = gethip_at(tmp_path, database_url, morning, "today", zone="Asia/Tokyo").stdout
    assert "Active warm-up" in text and "gethip profile" in text


def test_each_session_item_carries_its_budget_and_the_way_to_play_it(
    database_url: str, tmp_path: Path, utc_machine: None
) -> None:
    tuesday = datetime(2026, 3, 3, 6, 0, tzinfo=NEW_YORK)
    gethip_at(tmp_path, database_url, tuesday - timedelta(days=7), "profile", *RUNNER)
    with served_at(database_url, tuesday) as client:
        today = client.get("/api/today").json()
    offday = next(item for item in today["items"] if item["kind"] == "offday")
    # As written 39:11; the runner gave 25 minutes a session.
    assert offday["budget_minutes"] == 25
    assert offday["play"] == "/play/offday?minutes=25"
    assert offday["minutes"] <= 25
    assert any(a["rule"] == Rule.SHORTENED_TO_FIT for a in offday["adjustments"])
    desk = next(item for item in today["items"] if item["kind"] == "desk-break")
    assert desk["play"] == "/play/desk-break" and desk["budget_minutes"] is None


def _item(hour: int, minutes: int, kind: ItemKind = ItemKind.OPENERS, done: bool | None = None):
    day = date(2026, 3, 2)
    return PlanItem(
        date=day,
        starts_at=datetime(2026, 3, 2, hour, 0, tzinfo=UTC),
        kind=kind,
        session=None if kind == ItemKind.RUN else kind.value,
        minutes=minutes,
        rule=Rule.OPENERS_ON_OFF_DAYS,
        reason="a test item",
        done=done,
    )


def test_the_next_item_is_the_first_open_one_still_to_come_else_the_last_one_open() -> None:
    items = (
        _item(7, 3, ItemKind.WARMUP),
        _item(7, 45, ItemKind.RUN),
        _item(8, 23),
        _item(12, 4, ItemKind.DESK_BREAK),
    )
    at = lambda hour: datetime(2026, 3, 2, hour, 0, tzinfo=UTC)  # noqa: E731
    assert next_to_do(items, at(6)) == 0
    assert next_to_do(items, at(8)) == 2  # the warm-up is past, the run is no session
    assert next_to_do(items, at(10)) == 3
    # All past: the last planned session still open, before any desk break.
    assert next_to_do(items, at(20)) == 2
    done = (items[0], items[1], items[2].model_copy(update={"done": True}), items[3])
    assert next_to_do(done, at(20)) == 0
    only_breaks = (items[3],)
    assert next_to_do(only_breaks, at(20)) == 0
    assert next_to_do((), at(20)) is None
