"""The profile form and `GET/PUT /api/profile`: saved through the profile's own rules, or refused by name."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.web.conftest import assert_error, form_token

FORM: dict[str, Any] = {
    "run_days": ["tue", "sat"],
    "time_tue": "06:45",
    "time_sat": "08:30",
    "time_wed": "12:00",  # not ticked: ignored
    "long_run_day": "sat",
    "sitting_hours": "7.5",
    "minutes": "20",
    "timezone": "Europe/Berlin",
    "level": "beginner",
    "notes": "left knee <sore> & stiff",
}


def test_the_form_saves_a_new_version_and_shows_it_back(client: TestClient) -> None:
    form = {**FORM, "csrf_token": form_token(client)}
    response = client.post("/profile", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/profile?saved=1"
    assert client.get("/api/profile").json() == {
        "run_days": ["tue", "sat"],
        "run_times": {"tue": "06:45", "sat": "08:30"},
        "long_run_day": "sat",
        "work_days": ["mon", "tue", "wed", "thu", "fri"],
        "sitting_hours": 7.5,
        "minutes": 20,
        "level": "beginner",
        "timezone": "Europe/Berlin",
        "notes": "left knee <sore> & stiff",
    }
    page = client.get(response.headers["location"])
    assert "Saved (version 1)" in page.text
    assert "left knee &lt;sore&gt; &amp; stiff" in page.text
    assert "<sore>" not in page.text
    assert 'value="06:45"' in page.text


def test_an_invalid_form_is_shown_again_with_the_field_named_and_nothing_stored(
    client: TestClient,
) -> None:
    token = form_token(client)
    for field, value, named in (
        ("timezone", "Atlantis/Capital", "Time zone"),
        ("long_run_day", "mon", "Long run"),
        ("sitting_hours", "30", "Hours sitting"),
        ("minutes", "-5", "Minutes a session"),
        ("run_days", [], "Run days"),
    ):
        response = client.post("/profile", data={**FORM, "csrf_token": token, field: value})
        assert response.status_code == 422, field
        assert response.headers["content-type"].startswith("text/html")
        assert f">{named}</a>" in response.text, field
        assert 'role="alert"' in response.text
        # What was typed is kept, so the runner fixes one field, not all of them.
        assert 'value="06:45"' in response.text
    assert client.get("/api/profile").json() is None


def test_put_changes_only_the_fields_sent(client: TestClient) -> None:
    first = client.put("/api/profile", json={"run_days": "mon,thu", "run_times": ["07:00"]})
    assert first.status_code == 200, first.text
    second = client.put("/api/profile", json={"minutes": 15, "notes": "new shoes"})
    assert second.status_code == 200, second.text
    profile = client.get("/api/profile").json()
    assert profile["run_days"] == ["mon", "thu"]
    assert profile["run_times"] == {"mon": "07:00", "thu": "07:00"}
    assert (profile["minutes"], profile["notes"]) == (15, "new shoes")


def test_put_refuses_a_bad_value_with_its_field_and_stores_nothing(client: TestClient) -> None:
    client.put("/api/profile", json={"run_days": "mon", "timezone": "UTC"})
    before = client.get("/api/profile").json()
    error = assert_error(client.put("/api/profile", json={"long_run_day": "fri"}), 422)
    assert error["details"] == [
        {"field": "long_run_day", "message": "fri is not one of the run days"}
    ]
    error = assert_error(client.put("/api/profile", json={"level": "olympian"}), 422)
    assert error["details"][0]["field"] == "level"
    error = assert_error(client.put("/api/profile", json={"shoe_size": 44}), 422)
    assert error["details"][0]["field"] == "shoe_size"
    assert client.get("/api/profile").json() == before
