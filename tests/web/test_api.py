"""The JSON API: the same objects as the CLI's --json, idempotent writes, and clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gethip.core.safety import HIGH_PAIN_ADVICE
from tests.cli.runner import gethip, gethip_json
from tests.web.conftest import assert_error, new_id, play, timeline


def test_moves_and_sessions_are_what_the_cli_prints(client: TestClient, tmp_path: Path) -> None:
    assert client.get("/api/moves").json() == gethip_json(tmp_path, "moves", "--json")
    assert client.get("/api/sessions").json() == gethip_json(tmp_path, "sessions", "--json")
    bridge = client.get("/api/moves/one-legged-bridge")
    assert bridge.status_code == 200
    assert bridge.json() == gethip_json(tmp_path, "show", "one-legged-bridge", "--json")


@pytest.mark.parametrize(
    ("query", "flags"),
    [
        ({}, []),
        ({"breath_seconds": 4}, ["--breath-seconds", "4"]),
        ({"breath_seconds": 7.5, "minutes": 12}, ["--breath-seconds", "7.5", "--minutes", "12"]),
    ],
)
def test_the_timeline_is_exactly_what_go_dry_run_json_prints(
    client: TestClient, tmp_path: Path, query: dict[str, float], flags: list[str]
) -> None:
    served = timeline(client, "openers", **query)
    printed = gethip_json(tmp_path, "go", "openers", "--dry-run", "--json", *flags)
    assert served == printed


def test_a_shortened_timeline_carries_its_deviation_label(client: TestClient) -> None:
    short = timeline(client, "openers", minutes=12)
    assert short["total_seconds"] <= 12 * 60
    assert short["deviation"]["label"].startswith("Shortened to fit 12 min")


def test_unknown_ids_are_404_in_the_error_shape(client: TestClient) -> None:
    error = assert_error(client.get("/api/moves/no-such-move"), 404)
    assert error["code"] == "not_found"
    assert "no-such-move" in error["message"]
    assert_error(client.get("/api/sessions/nope/timeline"), 404)
    assert_error(client.get("/api/no/such/route"), 404)


@pytest.mark.parametrize(
    "query",
    [
        {"breath_seconds": 2},
        {"breath_seconds": 16},
        {"breath_seconds": "nan"},
        {"breath_seconds": "slow"},
        {"minutes": 0},
        {"minutes": 241},
        {"minutes": 1},  # too few for the openers even shortened
    ],
)
def test_timeline_settings_out_of_range_are_422(
    client: TestClient, query: dict[str, object]
) -> None:
    assert_error(client.get("/api/sessions/openers/timeline", params=query), 422)


def test_a_practice_sent_twice_is_stored_once(client: TestClient) -> None:
    practice_id = new_id()
    compiled = timeline(client, "warmup")
    start = {"session": "warmup", "started_at": "2026-03-02T07:30:00+01:00"}
    first = client.put(f"/api/practices/{practice_id}", json=start)
    again = client.put(f"/api/practices/{practice_id}", json=start)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert first.json()["segments_total"] == len(compiled["segments"])

    segment = {**compiled["segments"][0], "finished_at": "2026-03-02T07:30:05+01:00"}
    url = f"/api/practices/{practice_id}/segments/0"
    assert [client.put(url, json=segment).status_code for _ in range(2)] == [201, 200]

    finish = {"status": "stopped", "tightness": 4, "pain": 1}
    done = [client.put(f"/api/practices/{practice_id}/finish", json=finish) for _ in range(2)]
    assert done[0].json() == done[1].json()

    [practice] = client.get("/api/history").json()
    assert practice["id"] == practice_id
    assert practice["segments_done"] == 1
    assert practice["status"] == "stopped"
    assert practice["started_at"] == "2026-03-02T06:30:00Z"
    assert (practice["tightness"], practice["pain"]) == (4, 1)


def test_a_uuid_in_capitals_is_the_same_practice(client: TestClient) -> None:
    practice_id = new_id()
    client.put(f"/api/practices/{practice_id}", json={"session": "warmup"})
    again = client.put(f"/api/practices/{practice_id.upper()}", json={"session": "warmup"})
    assert again.status_code == 200
    assert len(client.get("/api/history").json()) == 1


def test_segment_or_finish_for_a_practice_never_started_is_404_and_stores_nothing(
    client: TestClient,
) -> None:
    segment = timeline(client, "warmup")["segments"][0]
    ghost = new_id()
    assert_error(client.put(f"/api/practices/{ghost}/segments/0", json=segment), 404)
    assert_error(client.put(f"/api/practices/{ghost}/finish", json={"pain": 2}), 404)
    assert client.get("/api/history").json() == []
    # and the ghost's id is still free: starting it now works from scratch
    assert client.put(f"/api/practices/{ghost}", json={"session": "warmup"}).status_code == 201
    assert client.get("/api/history").json()[0]["segments_done"] == 0


def test_out_of_range_values_are_422_and_change_nothing(client: TestClient) -> None:
    practice_id = play(client, "warmup", segments=1, tightness=3, pain=0)
    before = client.get("/api/history").json()
    segment = timeline(client, "warmup")["segments"][1]
    base = f"/api/practices/{practice_id}"
    refused = [
        client.put(f"{base}/finish", json={"pain": 11}),
        client.put(f"{base}/finish", json={"tightness": -1}),
        client.put(f"{base}/finish", json={"status": "exploded"}),
        client.put(f"{base}/segments/-1", json=segment),
        client.put(f"{base}/segments/1", json={**segment, "index": 2}),
        client.put(f"{base}/segments/99", json={**segment, "index": 99}),
        client.put(f"{base}/segments/1", json={**segment, "move": "cartwheel"}),
        client.put(f"{base}/segments/1", json={**segment, "duration": -5}),
        client.put(f"{base}/segments/1", json={**segment, "finished_at": "2026-03-02T07:30:05"}),
        client.put(f"{base}/segments/1", json={**segment, "colour": "red"}),
        client.put(f"{base}/segments/1", json={"index": 1}),
        client.put(f"{base}/segments/1", content=b"{broken", headers=_json),
        client.put("/api/practices/not-a-uuid", json={"session": "warmup"}),
        client.put(f"/api/practices/{new_id()}", json={"session": "<b>yoga</b>"}),
        client.put(f"/api/practices/{new_id()}", json={"session": "openers", "settings": {"minutes": 1}}),
        client.put(f"/api/practices/{new_id()}", json={"session": "openers", "settings": {"breath_seconds": 99}}),
        client.put(f"/api/practices/{new_id()}", json={"session": "warmup", "started_at": "yesterday"}),
        client.put(f"/api/practices/{new_id()}", json=["warmup"]),
        client.put(f"/api/practices/{new_id()}", content=b"", headers=_json),
    ]  # fmt: skip
    for response in refused:
        assert_error(response, 422)
    assert client.get("/api/history").json() == before


_json = {"content-type": "application/json"}


def test_validation_errors_name_the_field(client: TestClient) -> None:
    practice_id = play(client, "warmup", segments=0)
    error = assert_error(client.put(f"/api/practices/{practice_id}/finish", json={"pain": 11}), 422)
    assert error["code"] == "invalid_input"
    assert error["details"] == [{"field": "pain", "message": "must be at most 10"}]
    assert error["message"] == "pain must be at most 10"


def test_high_pain_at_the_finish_brings_the_safety_advice(client: TestClient) -> None:
    practice_id = play(client, "warmup", segments=2)
    calm = client.put(f"/api/practices/{practice_id}/finish", json={"pain": 2}).json()
    assert calm["advice"] is None
    hurt = client.put(f"/api/practices/{practice_id}/finish", json={"pain": 8}).json()
    assert hurt["advice"] == HIGH_PAIN_ADVICE
    assert hurt["practice"]["pain"] == 8


def test_history_and_stats_are_exactly_the_cli_json(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    play(client, "warmup", tightness=5, pain=1)
    play(client, "openers", segments=3, tightness=4, pain=0)
    by_cli = gethip(
        tmp_path, "--db", database_url, "go", "warmup", "--speed", "1000", "--pain", "0"
    )
    assert by_cli.returncode == 0, by_cli.stderr
    history = client.get("/api/history").json()
    assert len(history) == 3
    assert history == gethip_json(tmp_path, "--db", database_url, "history", "--json")
    # Three steps of the openers, then "finished": played to the end in name only.
    assert sorted(p["status"] for p in history) == ["completed", "completed", "partial"]
    stats = client.get("/api/stats").json()
    assert stats == gethip_json(tmp_path, "--db", database_url, "stats", "--json")
    assert stats["total_sessions"] == 2
    assert stats["streak_days"] == 1


def test_a_practice_written_by_the_api_is_listed_with_its_client_id(client: TestClient) -> None:
    practice_id = play(client, "warmup")
    [practice] = client.get("/api/history").json()
    assert practice["id"] == practice_id
    assert practice["status"] == "completed"
    assert practice["segments_done"] == practice["segments_total"] == 8


def test_today_without_a_profile_picks_a_session_and_invites_to_make_one(
    client: TestClient,
) -> None:
    today = client.get("/api/today").json()
    assert today["profile"] is False and today["items"] == [] and today["next"] is None
    assert today["pick"]["session"] in {"warmup", "openers"}
    assert today["pick"]["reason"] and today["pick"]["play"] == f"/play/{today['pick']['session']}"
    assert "profile" in today["setup"]
    assert today["done_today"] == []
    play(client, "openers")
    after = client.get("/api/today").json()
    assert after["done_today"] == ["openers"]
    assert after["pick"]["session"] == "warmup"


def test_the_openapi_schema_lists_every_api_route(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert paths == {
        "/api/moves",
        "/api/moves/{move_id}",
        "/api/sessions",
        "/api/sessions/{session_id}/timeline",
        "/api/sessions/{session_id}/workout.fit",
        "/api/sessions/{session_id}/card.md",
        "/api/sessions/{session_id}/timeline.json",
        "/api/practices/{practice_id}",
        "/api/practices/{practice_id}/segments/{index}",
        "/api/practices/{practice_id}/finish",
        "/api/practices/{practice_id}/resume",
        "/api/history",
        "/api/stats",
        "/api/today",
        "/api/plan",
        "/api/profile",
        "/api/runs",
        "/api/runs/import",
        "/api/runs/{run_id}",
        "/api/trends",
        "/api/checks",
        "/api/checks/{check_id}",
    }
