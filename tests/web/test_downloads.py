"""Each session can be downloaded as a watch workout, a printable card and its timeline."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.exports.fit_reading import crcs_hold, decode_workout
from tests.web.conftest import timeline


def test_the_watch_workout_is_a_valid_fit_file_following_the_breath_length(
    client: TestClient,
) -> None:
    response = client.get("/api/sessions/openers/workout.fit", params={"breath_seconds": 4})
    assert response.status_code == 200
    assert 'filename="gethip-openers.fit"' in response.headers["content-disposition"]
    assert crcs_hold(response.content)
    workout = decode_workout(response.content)
    assert workout.workout["wkt_name"] == "Hip openers"
    played = workout.played()
    assert len(played) == len(timeline(client, "openers", breath_seconds=4)["segments"])
    low_lunge_hold = next(
        step
        for step in played
        if "Low Lunge" in step["wkt_step_name"] and step["duration_type"] == "time"
    )
    assert low_lunge_hold["duration_time"] == 20.0  # five breaths of 4 s


def test_the_card_and_the_timeline_download_as_files(client: TestClient) -> None:
    card = client.get("/api/sessions/warmup/card.md")
    assert card.status_code == 200
    assert card.text.startswith("# Active warm-up")
    assert card.headers["content-type"].startswith("text/markdown")
    saved = client.get("/api/sessions/warmup/timeline.json", params={"minutes": 2})
    assert saved.json() == timeline(client, "warmup", minutes=2)


def test_downloads_refuse_unknown_sessions_and_bad_settings(client: TestClient) -> None:
    assert client.get("/api/sessions/yoga/workout.fit").status_code == 404
    assert (
        client.get("/api/sessions/openers/card.md", params={"breath_seconds": 99}).status_code
        == 422
    )


def test_the_player_page_offers_the_downloads(client: TestClient) -> None:
    page = client.get("/play/openers")
    assert page.status_code == 200
    for path in ("workout.fit", "card.md", "timeline.json"):
        assert f"/api/sessions/openers/{path}" in page.text
