"""The plan as every face shows it: play links at the plan's budget, the desk break as a session,
and no item missed before the runner had a profile."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from icalendar import Calendar

from gethip.app.clock import FixedClock
from gethip.app.plans import adherence, planned_weeks
from gethip.app.profiles import update
from gethip.core.sessions import SessionBook
from gethip.store.database import Store
from gethip.web.app import create_app
from tests.cli.runner import gethip, gethip_json
from tests.contexts import context_at
from tests.planner.factories import desk_runner, plan, practice
from tests.web.conftest import BASE_URL

MONDAY = date(2026, 3, 2)
TUESDAY_MORNING = datetime(2026, 3, 3, 6, 0, tzinfo=UTC)
PROFILE = {
    "run_days": "mon,wed,sat",
    "run_times": {"mon": "07:00", "wed": "07:00", "sat": "08:30"},
    "long_run_day": "sat",
    "sitting_hours": 9,
    "minutes": 25,
    "timezone": "UTC",
}


def client_at(url: str, now: datetime) -> TestClient:
    return TestClient(create_app(url, clock=FixedClock(now)), base_url=BASE_URL)


def test_a_shortened_item_plays_at_its_budget_labelled_as_shortened(database_url: str) -> None:
    with client_at(database_url, TUESDAY_MORNING) as client:
        assert client.put("/api/profile", json=PROFILE).status_code == 200
        week = client.get("/api/plan").json()
        offday = next(i for i in week["items"] if i["kind"] == "offday")
        assert offday["play"] == "/play/offday?minutes=25" and offday["budget_minutes"] == 25
        # The Plan page and Today link to it as planned, not as written.
        assert 'href="/play/offday?minutes=25"' in client.get("/plan").text
        assert 'href="/play/offday?minutes=25"' in client.get("/").text
        player = client.get(offday["play"]).text
        assert 'value="25"' in player
        assert "Shortened to fit 25 min (as written: 39:11)" in player
        compiled = client.get("/api/sessions/offday/timeline", params={"minutes": 25}).json()
        assert compiled["total_seconds"] <= 25 * 60
        assert compiled["deviation"]["label"] == "Shortened to fit 25 min (as written: 39:11)"
        # A session that fits as written plays as written.
        warmup = next(i for i in week["items"] if i["kind"] == "warmup")
        assert warmup["play"] == "/play/warmup"


def test_calendar_events_link_to_the_player_at_the_plans_budget(database_url: str) -> None:
    with client_at(database_url, TUESDAY_MORNING) as client:
        client.put("/api/profile", json=PROFILE)
        events = Calendar.from_ical(client.get("/calendar.ics").content).walk("VEVENT")
    offdays = [e for e in events if "gethip" in str(e.get("categories").to_ical()) and
               str(e.get("summary")).startswith("Off-day")]  # fmt: skip
    assert offdays
    assert {str(e.get("url")) for e in offdays} == {f"{BASE_URL}/play/offday?minutes=25"}
    assert all("gethip go offday --minutes 25" in str(e.get("description")) for e in offdays)


def test_the_desk_break_is_a_session_of_its_own_in_every_face(tmp_path: Path) -> None:
    compiled = gethip_json(tmp_path, "go", "desk-break", "--dry-run", "--json")
    assert compiled["session"] == "desk-break"
    assert {s["move"] for s in compiled["segments"]} == {
        "skating-squat",
        "low-lunge-variation",
        "crescent-lunge-knee-up",
    }
    assert compiled["total_seconds"] < 5 * 60
    played = gethip(tmp_path, "go", "desk-break", "--speed", "1000")
    assert played.returncode == 0, played.stderr
    [logged] = gethip_json(tmp_path, "history", "--json")
    assert (logged["session"], logged["status"]) == ("desk-break", "completed")
    exported = gethip(tmp_path, "export", "desk-break", "--markdown", "-")
    assert exported.returncode == 0 and exported.stdout.startswith("# Desk break")


def test_desk_break_rows_link_to_the_desk_break_not_to_the_openers(database_url: str) -> None:
    with client_at(database_url, TUESDAY_MORNING) as client:
        client.put("/api/profile", json=PROFILE)
        page = client.get("/plan").text
    rows = re.findall(r'<a href="([^"]+)">\d desk breaks', page)
    assert rows and set(rows) == {"/play/desk-break"}


def test_a_desk_break_done_is_marked_done_and_one_skipped_is_never_missed(
    book: SessionBook,
) -> None:
    at = datetime(2026, 3, 2, 11, 20, tzinfo=desk_runner().zone)
    week = plan(book, practices=[practice("desk-break", at)], today=date(2026, 3, 9))
    breaks = [i for i in week.items if i.kind == "desk-break" and i.date == MONDAY]
    assert [b.done for b in breaks] == [True, None, None]
    assert all(i.done is None for i in week.items if i.kind == "desk-break" and i.date != MONDAY)


def test_nothing_before_the_profile_was_made_is_missed(store: Store) -> None:
    # Made on Wednesday 4 March: Monday and Tuesday were before it.
    made = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    update(context_at(store, made), PROFILE)
    later = context_at(store, datetime(2026, 3, 16, 12, 0, tzinfo=UTC))
    week = planned_weeks(later, MONDAY).plans[0]
    before = [i for i in week.items if i.date < date(2026, 3, 4) and i.session is not None]
    after = [i for i in week.items if i.date >= date(2026, 3, 4) and i.session is not None]
    assert before and all(i.done is None for i in before)
    assert any(i.done is False for i in after)
    zone, weeks = adherence(later, date(2026, 3, 16), 3)
    assert zone == "UTC"
    first, second, _ = weeks
    # Monday and Tuesday of the first week were before the profile: not counted.
    assert first.planned == sum(
        1
        for i in week.items
        if i.date >= date(2026, 3, 4) and i.kind in {"warmup", "openers", "strength", "offday"}
    )
    assert second.planned == 10 and second.done == 0


def test_the_plan_does_not_call_a_week_before_the_profile_missed_on_any_face(
    database_url: str, tmp_path: Path
) -> None:
    made = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    with client_at(database_url, made) as client:
        client.put("/api/profile", json=PROFILE)
    with client_at(database_url, made + timedelta(days=14)) as client:
        page = client.get("/plan", params={"week": "2026-02-23"}).text
        assert "missed" not in page
        listed = client.get("/api/plan", params={"week": "2026-02-23"}).json()["items"]
        assert all(item["done"] is not False for item in listed)
