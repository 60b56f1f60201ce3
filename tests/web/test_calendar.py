"""`GET /calendar.ics`: the next four weeks as a calendar app subscribes to them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from fastapi.testclient import TestClient
from icalendar import Calendar

from tests.web.conftest import assert_error


def test_the_calendar_holds_the_next_four_weeks_of_sessions(client: TestClient) -> None:
    saved = client.put(
        "/api/profile",
        json={"run_days": "tue,thu,sun", "run_times": ["18:30"], "timezone": "America/New_York"},
    )
    assert saved.status_code == 200, saved.text
    response = client.get("/calendar.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["cache-control"] == "no-cache"
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert events
    days = set()
    for event in events:
        start = event.decoded("dtstart")
        days.add(start.date() if isinstance(start, datetime) else start)
    monday = date.today() - timedelta(days=date.today().weekday())
    assert min(days) >= monday - timedelta(days=1)
    assert max(days) < monday + timedelta(weeks=4, days=1)
    # Every week of the four has sessions in it.
    assert {(day - monday).days // 7 for day in days} >= {0, 1, 2, 3}
    timed = [e for e in events if isinstance(e.decoded("dtstart"), datetime)]
    assert any(str(e["dtstart"].params.get("TZID")) == "America/New_York" for e in timed)


def test_the_calendar_follows_the_profile_at_once(client: TestClient) -> None:
    client.put("/api/profile", json={"run_days": "mon", "run_times": ["07:00"]})
    before = client.get("/calendar.ics").content
    client.put("/api/profile", json={"run_days": "mon,fri", "run_times": ["07:00"]})
    after = client.get("/calendar.ics").content
    assert len(Calendar.from_ical(after).walk("VEVENT")) != len(
        Calendar.from_ical(before).walk("VEVENT")
    )


def test_without_a_profile_there_is_no_calendar(client: TestClient) -> None:
    assert_error(client.get("/calendar.ics"), 404)
