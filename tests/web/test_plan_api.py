"""The Plan page and `GET /api/plan`: the week the CLI plans, from the same database."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gethip.web.app import create_app
from tests.cli.runner import gethip_json
from tests.web.conftest import BASE_URL, assert_error, play

PROFILE = {
    "run_days": ["mon", "wed", "sat"],
    "run_times": ["07:00"],
    "long_run_day": "sat",
    "sitting_hours": 9,
    "timezone": "Europe/London",
}


def set_profile(client: TestClient) -> None:
    response = client.put("/api/profile", json=PROFILE)
    assert response.status_code == 200, response.text


def test_without_a_profile_the_api_says_so_and_the_page_links_to_the_form(
    client: TestClient,
) -> None:
    error = assert_error(client.get("/api/plan"), 404)
    assert "/profile" in error["message"]
    page = client.get("/plan")
    assert page.status_code == 200
    assert 'href="/profile"' in page.text
    assert "Set up your profile" in page.text


def test_the_api_week_is_what_the_cli_prints_for_the_same_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    with TestClient(create_app(url), base_url=BASE_URL) as client:
        set_profile(client)
        play(client, "openers", tightness=4, pain=1)
        this_week = date.today().isoformat()
        last_week = (date.today() - timedelta(weeks=1)).isoformat()
        for week in (this_week, last_week):
            ours = client.get("/api/plan", params={"week": week})
            assert ours.status_code == 200, ours.text
            theirs = gethip_json(tmp_path, "--db", url, "plan", "--week", week, "--json")
            assert ours.json() == theirs


def test_the_page_shows_each_day_with_its_reasons_and_links_to_the_next_week(
    client: TestClient,
) -> None:
    set_profile(client)
    week = client.get("/api/plan", params={"week": "2026-03-04"}).json()
    page = client.get("/plan", params={"week": "2026-03-04"})
    assert page.status_code == 200
    text = page.text
    assert "Monday 02 Mar" in text and "Sunday 08 Mar" in text
    assert 'href="/plan?week=2026-02-23"' in text
    assert 'href="/plan?week=2026-03-09"' in text
    for item in week["items"]:
        reason = item["reason"].replace("'", "&#39;").replace('"', "&#34;")
        # Desk breaks share one line, their reason without the per-break detail.
        assert reason in text or item["kind"] == "desk-break"
    # The week is past, but it came before the profile: nothing in it can have been missed.
    assert "missed" not in text
    assert "/calendar.ics" in text


def test_a_week_that_is_not_a_date_is_refused_with_the_field_named(client: TestClient) -> None:
    set_profile(client)
    error = assert_error(client.get("/api/plan", params={"week": "next tuesday"}), 422)
    assert error["details"][0]["field"] == "week"


@pytest.mark.parametrize("path", ["/plan", "/profile"])
def test_the_new_pages_are_in_the_navigation(client: TestClient, path: str) -> None:
    text = client.get(path).text
    for href in ('href="/plan"', 'href="/runs"', 'href="/profile"'):
        assert href in text
