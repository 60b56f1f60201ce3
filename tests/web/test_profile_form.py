"""The friendly profile form, the three onboarding screens and the Today they lead to.

Every problem of a refused form shows at once, each beside its field; the
onboarding screens save through the same rules; Today invites a new runner
to start, then shows the next item as one card and the week as a strip.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gethip.web.app import create_app
from tests.web.conftest import BASE_URL, form_token, new_id, play, timeline

HTML = {"accept": "text/html"}
FORM: dict[str, Any] = {
    "run_days": ["tue", "sat"],
    "time_tue": "06:45",
    "time_sat": "08:30",
    "long_run_day": "sat",
    "sitting_hours": "7.5",
    "minutes": "20",
    "timezone": "Europe/Berlin",
    "level": "beginner",
    "notes": "",
}


@dataclass
class MovableClock:
    """The app's one clock, set by the test: days pass without anybody waiting."""

    instant: datetime

    def now(self) -> datetime:
        return self.instant


@pytest.fixture
def clock() -> MovableClock:
    # Tuesday 3 March 2026, mid-morning in UTC.
    return MovableClock(datetime(2026, 3, 3, 10, 0, tzinfo=UTC))


@pytest.fixture
def timed(database_url: str, clock: MovableClock) -> Iterator[TestClient]:
    with TestClient(create_app(database_url, clock=clock), base_url=BASE_URL) as test_client:
        yield test_client


def field_tag(page: str, field_id: str) -> str:
    found = re.search(rf'<(?:input|select|textarea|fieldset)\b[^>]*\bid="{field_id}"[^>]*>', page)
    assert found, f"no field {field_id}"
    return found[0]


def test_three_bad_fields_come_back_together_each_beside_its_field(client: TestClient) -> None:
    bad = {"sitting_hours": "30", "minutes": "-5", "timezone": "Atlantis/Capital"}
    response = client.post("/profile", data={**FORM, **bad, "csrf_token": form_token(client)})
    assert response.status_code == 422
    page = response.text
    assert "Not saved: 3 things to fix" in page
    for name in bad:
        tag = field_tag(page, f"field-{name}")
        assert 'aria-invalid="true"' in tag, name
        assert f"error-{name}" in tag, name
        assert f'id="error-{name}"' in page, name
        # Linked from the summary at the top, too.
        assert f'href="#field-{name}"' in page, name
    assert "Must be 24 or less." in page
    assert "Must be more than 0." in page
    assert "Atlantis/Capital" in page
    # What was typed stays, and nothing was stored.
    assert 'value="06:45"' in page
    assert client.get("/api/profile").json() is None


def test_the_api_still_names_the_first_bad_field_alone(client: TestClient) -> None:
    response = client.put(
        "/api/profile", json={"run_days": "mon", "sitting_hours": 30, "minutes": -5}
    )
    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith("profile field 'sitting_hours'")


def test_the_profile_form_explains_level_and_groups_its_fields(client: TestClient) -> None:
    page = client.get("/profile", headers=HTML).text
    for legend in ("Which days do you run", "Your level"):
        assert re.search(rf"<legend>{legend}", page), legend
    assert "How used you are to strength and mobility work" in page
    # Before any save the zone is a guess the page's script replaces with the phone's.
    assert "data-phone-zone" in field_tag(page, "field-timezone")


def test_today_without_a_profile_invites_the_runner_to_get_started(client: TestClient) -> None:
    page = client.get("/", headers=HTML).text
    assert "Get started" in page
    assert 'href="/start/runs"' in page


def test_the_three_onboarding_screens_save_the_profile_then_today_shows_the_plan(
    client: TestClient,
) -> None:
    token = form_token(client, "/start/runs")
    first = client.post(
        "/start/runs",
        data={
            "run_days": ["mon", "wed", "sat"],
            "time_mon": "07:00",
            "long_run_day": "sat",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert (first.status_code, first.headers["location"]) == (303, "/start/sitting")
    assert client.get("/api/profile").json()["run_days"] == ["mon", "wed", "sat"]
    second = client.post(
        "/start/sitting", data={"sitting_hours": "9", "csrf_token": token}, follow_redirects=False
    )
    assert (second.status_code, second.headers["location"]) == (303, "/start/time")
    third = client.post(
        "/start/time",
        data={"minutes": "15", "timezone": "America/New_York", "csrf_token": token},
        follow_redirects=False,
    )
    assert (third.status_code, third.headers["location"]) == (303, "/")
    profile = client.get("/api/profile").json()
    assert profile["run_times"] == {"mon": "07:00"}
    assert profile["long_run_day"] == "sat"
    assert (profile["sitting_hours"], profile["minutes"]) == (9, 15)
    assert profile["timezone"] == "America/New_York"
    today = client.get("/", headers=HTML).text
    assert "Get started" not in today
    assert 'data-testid="week-strip"' in today


@pytest.mark.parametrize(
    ("sent", "kept"), [("Asia/Tokyo", "Asia/Tokyo"), ("Mars/Olympus_Mons", None), ("", None)]
)
def test_the_first_screen_makes_the_profile_in_the_phones_zone_when_it_is_a_zone(
    client: TestClient, sent: str, kept: str | None
) -> None:
    screen = client.get("/start/runs", headers=HTML).text
    assert 'name="phone_zone" data-phone-zone' in screen
    # Without a profile, Today is in the server's own zone.
    server_zone = client.get("/api/today").json()["timezone"]
    token = form_token(client, "/start/runs")
    data = {"run_days": ["mon"], "phone_zone": sent, "csrf_token": token}
    assert client.post("/start/runs", data=data, follow_redirects=False).status_code == 303
    # Not a zone we know: the server's own, as before; the last screen asks anyway.
    assert client.get("/api/profile").json()["timezone"] == (kept or server_zone)
    # Once the profile exists, the screens no longer guess.
    assert "phone_zone" not in client.get("/start/sitting", headers=HTML).text


def test_an_onboarding_screen_refuses_a_bad_value_beside_its_field(client: TestClient) -> None:
    token = form_token(client, "/start/runs")
    response = client.post(
        "/start/runs", data={"long_run_day": "sat", "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 422
    assert 'id="error-run_days"' in response.text
    assert client.get("/api/profile").json() is None
    assert client.get("/start/nowhere", headers=HTML).status_code == 404


def test_onboarding_forms_carry_the_form_token(client: TestClient) -> None:
    response = client.post("/start/sitting", data={"sitting_hours": "9"}, follow_redirects=False)
    assert response.status_code == 403


def test_today_shows_the_next_item_as_one_card_with_a_start_at_its_budget(
    timed: TestClient, clock: MovableClock
) -> None:
    # Thursday is a day off after a run: the openers, fitted to the runner's five minutes.
    clock.instant = datetime(2026, 3, 5, 6, 0, tzinfo=UTC)
    saved = timed.put(
        "/api/profile",
        json={"run_days": "mon,wed,sat", "minutes": 5, "timezone": "UTC"},
    )
    assert saved.status_code == 200, saved.text
    today = timed.get("/api/today").json()
    item = today["items"][today["next"]]
    assert (item["session"], item["budget_minutes"]) == ("openers", 5)
    assert item["play"].endswith("?minutes=5")
    page = timed.get("/", headers=HTML).text
    card = re.search(r'<section class="card next-card".*?</section>', page, re.S)
    assert card, "no next card"
    assert f'href="{item["play"]}"' in card[0]
    assert "Start" in card[0]
    assert "fitted to your 5 minutes" in card[0]
    assert item["reason"] in card[0]


def strip(client: TestClient) -> dict[date, dict[str, Any]]:
    return {date.fromisoformat(day["date"]): day for day in client.get("/api/today").json()["week"]}


def test_the_week_strip_marks_done_and_missed_days_from_the_profiles_first_day(
    timed: TestClient, clock: MovableClock
) -> None:
    # The profile is made on Tuesday 3 March; Monday 2 March was before it.
    saved = timed.put("/api/profile", json={"run_days": "mon,wed,sat", "timezone": "UTC"})
    assert saved.status_code == 200, saved.text
    clock.instant = datetime(2026, 3, 4, 18, 0, tzinfo=UTC)  # Wednesday: the openers, done
    play(timed, "openers")
    clock.instant = datetime(2026, 3, 7, 9, 0, tzinfo=UTC)  # Saturday morning
    week = strip(timed)
    assert list(week) == [date(2026, 3, 2 + n) for n in range(7)]
    assert week[date(2026, 3, 2)]["planned"] and week[date(2026, 3, 2)]["mark"] == "rest"
    assert week[date(2026, 3, 4)]["mark"] == "done"
    for day in (date(2026, 3, 3), date(2026, 3, 5), date(2026, 3, 6)):
        assert week[day]["mark"] == ("missed" if week[day]["planned"] else "rest"), day
    assert any(week[day]["mark"] == "missed" for day in week)
    assert week[date(2026, 3, 7)]["today"] and week[date(2026, 3, 7)]["mark"] == "open"
    page = timed.get("/", headers=HTML).text
    assert 'data-date="2026-03-04" data-mark="done"' in page
    assert 'data-date="2026-03-07" data-mark="open" aria-current="date"' in page
    # The page, the API and the command line share one answer: the page embeds it.
    assert strip(timed) == week


def test_today_offers_to_resume_a_practice_left_half_way(client: TestClient) -> None:
    practice_id = new_id()
    assert (
        client.put(f"/api/practices/{practice_id}", json={"session": "openers"}).status_code == 201
    )
    for segment in timeline(client, "openers")["segments"][:3]:
        url = f"/api/practices/{practice_id}/segments/{segment['index']}"
        assert client.put(url, json=segment).status_code == 201
    stopped = client.put(f"/api/practices/{practice_id}/finish", json={"status": "stopped"})
    assert stopped.status_code == 200, stopped.text
    page = client.get("/", headers=HTML).text
    resume = re.search(r'<section class="card resume".*?</section>', page, re.S)
    assert resume, "no resume card"
    # The player's own way back in: it picks the practice up at its first step not played.
    assert f'href="/play/openers?resume={practice_id}"' in resume[0]
    # Segment 3 is the low lunge's right side: the openers' second move, as a runner counts.
    assert "Left at move 2 of 5, right side" in resume[0]
