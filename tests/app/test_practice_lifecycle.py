"""One honest practice lifecycle for every face: what a practice counts for comes from its steps.

Written here the way the browser writes it (the API), and checked against what
the command line sees of the same database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from gethip.core.safety import HIGH_PAIN_ADVICE
from tests.cli.runner import gethip_json
from tests.web.conftest import assert_error, new_id, timeline

WORK = {"work", "hold"}


def start(
    client: TestClient, session: str = "warmup", **settings: Any
) -> tuple[str, dict[str, Any]]:
    practice_id = new_id()
    compiled = timeline(client, session, **settings)
    body: dict[str, Any] = {"session": session}
    if settings:
        body["settings"] = {"breath_seconds": 6.0, "minutes": None} | settings
    response = client.put(f"/api/practices/{practice_id}", json=body)
    assert response.status_code == 201, response.text
    return practice_id, compiled


def step(
    client: TestClient,
    practice_id: str,
    segment: dict[str, Any],
    outcome: str = "done",
    worked: float | None = None,
) -> Any:
    body = segment | {"outcome": outcome}
    if worked is not None:
        body["worked_seconds"] = worked
    return client.put(f"/api/practices/{practice_id}/segments/{segment['index']}", json=body)


def finish(client: TestClient, practice_id: str, **body: Any) -> dict[str, Any]:
    response = client.put(f"/api/practices/{practice_id}/finish", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_next_to_the_end_with_one_step_done_is_partial_and_earns_nothing(
    client: TestClient,
) -> None:
    practice_id, compiled = start(client, "openers")
    segments = compiled["segments"]
    step(client, practice_id, segments[0])
    # 30 s of real work on the squat, then Next; every later step skipped at once.
    step(client, practice_id, segments[1], "skipped", 30.0)
    for segment in segments[2:]:
        step(client, practice_id, segment, "skipped", 0.0)
    practice = finish(client, practice_id, status="completed")["practice"]
    assert practice["status"] == "partial"
    assert practice["credited"] is False
    assert practice["segments_done"] == 1 and practice["segments_skipped"] == 49
    assert practice["work_seconds_done"] == 30.0  # the squat's half minute is credited as time
    stats = client.get("/api/stats").json()
    assert stats["streak_days"] == 0 and stats["total_sessions"] == 0
    assert stats["total_minutes"] == round((segments[0]["duration"] + 30) / 60, 1)


def test_one_step_done_and_the_rest_missing_is_not_completed(client: TestClient) -> None:
    practice_id, compiled = start(client, "warmup")
    step(client, practice_id, compiled["segments"][0])
    practice = finish(client, practice_id, status="completed")["practice"]
    assert practice["status"] == "partial" and practice["credited"] is False
    assert client.get("/api/stats").json()["streak_days"] == 0


def test_every_step_of_work_done_is_completed_even_with_pauses_skipped(client: TestClient) -> None:
    practice_id, compiled = start(client, "warmup")
    for segment in compiled["segments"]:
        if segment["kind"] in WORK:
            step(client, practice_id, segment)
        else:
            step(client, practice_id, segment, "skipped", 1.0)
    practice = finish(client, practice_id)["practice"]
    assert practice["status"] == "completed" and practice["credited"] is True
    assert client.get("/api/stats").json()["streak_days"] == 1


def test_more_than_half_the_work_played_to_the_end_still_counts(client: TestClient) -> None:
    practice_id, compiled = start(client, "warmup")
    work = [s for s in compiled["segments"] if s["kind"] in WORK]
    for segment in work[:-1]:
        step(client, practice_id, segment)
    step(client, practice_id, work[-1], "skipped", 5.0)
    practice = finish(client, practice_id)["practice"]
    assert practice["status"] == "partial" and practice["credited"] is True
    assert client.get("/api/stats").json()["total_sessions"] == 1


def test_reps_marked_done_early_count_as_done(client: TestClient) -> None:
    practice_id, compiled = start(client, "strength")
    reps = next(s for s in compiled["segments"] if s["reps"])
    done = step(client, practice_id, reps, "done", reps["duration"] / 2)
    assert done.status_code == 201
    detail = client.get(f"/api/practices/{practice_id}").json()
    assert detail["steps"] == [
        {
            "index": reps["index"],
            "move": reps["move"],
            "kind": reps["kind"],
            "outcome": "done",
            "worked_seconds": reps["duration"] / 2,
            "finished_at": detail["steps"][0]["finished_at"],
        }
    ]


def test_pain_of_eight_stops_the_practice_on_the_web_with_the_advice(client: TestClient) -> None:
    practice_id, compiled = start(client, "warmup")
    for segment in compiled["segments"]:
        step(client, practice_id, segment)
    first = finish(client, practice_id, status="completed")
    assert first["practice"]["status"] == "completed" and first["advice"] is None
    # The ratings come after the session, as a second finish.
    rated = finish(client, practice_id, status="completed", tightness=6, pain=8)
    assert rated["practice"]["status"] == "stopped"
    assert rated["practice"]["credited"] is False
    assert rated["advice"] == HIGH_PAIN_ADVICE
    # Stopped for pain: nothing to resume, the advice is to rest.
    assert client.get(f"/api/practices/{practice_id}").json()["resume_from"] is None


def test_a_stopped_practice_resumes_at_its_first_step_not_played_with_its_settings(
    client: TestClient,
) -> None:
    practice_id, compiled = start(client, "openers", breath_seconds=4.0, minutes=12)
    for segment in compiled["segments"][:7]:
        step(client, practice_id, segment)
    finish(client, practice_id, status="stopped")
    detail = client.get(f"/api/practices/{practice_id}").json()
    assert detail["practice"]["status"] == "stopped"
    assert detail["resume_from"] == 7
    assert detail["practice"]["settings"] == {"breath_seconds": 4.0, "minutes": 12}
    # Today offers it, with the player's way back in.
    resume = client.get("/api/today").json()["resume"]
    assert resume["practice"] == practice_id and resume["from_index"] == 7
    assert resume["play"] == f"/play/openers?resume={practice_id}"
    # Counted as the runner counts: segment 7 is the bridge, the openers' third move, right leg.
    assert resume["where"] == "move 3 of 5, right side"
    page = client.get(resume["play"])
    assert page.status_code == 200 and "move 3 of 5, right side" in page.text
    # Taking it up makes it under way again; finishing it plays on from step 7.
    taken = client.put(f"/api/practices/{practice_id}/resume", json={})
    assert taken.status_code == 200 and taken.json()["resume_from"] == 7
    assert taken.json()["practice"]["status"] == "interrupted"
    for segment in compiled["segments"][7:]:
        step(client, practice_id, segment)
    assert finish(client, practice_id)["practice"]["status"] == "completed"
    assert client.get("/api/today").json()["resume"] is None
    assert_error(client.put(f"/api/practices/{practice_id}/resume", json={}), 409)


def test_a_step_that_is_not_the_practices_is_refused_and_nothing_is_stored(
    client: TestClient,
) -> None:
    practice_id, compiled = start(client, "warmup")
    other = timeline(client, "openers")["segments"][3]
    refused = assert_error(step(client, practice_id, other | {"index": 3}), 422)
    assert refused["details"][0]["field"] == "move"
    longer = compiled["segments"][1] | {"duration": compiled["segments"][1]["duration"] + 1}
    assert assert_error(step(client, practice_id, longer), 422)["details"][0]["field"] == "duration"
    past_the_end = compiled["segments"][0] | {"index": len(compiled["segments"])}
    assert assert_error(step(client, practice_id, past_the_end), 422)["details"][0]["field"] == (
        "index"
    )
    # Settings other than the practice's give other steps: refused too.
    slower = timeline(client, "warmup", breath_seconds=10)["segments"]
    assert slower == compiled["segments"]  # the warm-up has no breaths: the same steps
    shortened = timeline(client, "warmup", minutes=2)["segments"][1]
    assert step(client, practice_id, shortened).status_code == 422
    assert client.get(f"/api/practices/{practice_id}").json()["steps"] == []


def test_the_command_line_sees_the_same_statuses(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    practice_id, compiled = start(client, "warmup")
    step(client, practice_id, compiled["segments"][0])
    finish(client, practice_id, status="completed")
    [shown] = gethip_json(tmp_path, "--db", database_url, "history", "--json")
    assert (shown["id"], shown["status"], shown["credited"]) == (practice_id, "partial", False)
