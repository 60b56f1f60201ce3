"""Hip checks over HTTP: landmarks in, the core's readings out, kept once per id."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import Request
from fastapi.testclient import TestClient

from gethip.app.context import Context, context_for
from gethip.store.users import add_user
from gethip.web.api.checks import MAX_CHECK_BYTES
from gethip.web.app import create_app
from gethip.web.dependencies import request_context
from tests.core.pose_factories import Camera, merged, recording
from tests.web.conftest import BASE_URL, assert_error, new_id, play

MEASURED = "2026-03-02T07:30:00+01:00"
POSE_MODEL = "@mediapipe/pose 0.5.1675469404, model complexity 1"


def sent(
    test: str = "thomas", side: str = "left", angle: float = -9.0, **more: Any
) -> dict[str, Any]:
    return recording(test, side, angle) | {"measured_at": MEASURED, "pose_model": POSE_MODEL} | more


def put(client: TestClient, body: dict[str, Any], check_id: str | None = None) -> Any:
    return client.put(f"/api/checks/{check_id or new_id()}", json=body)


def test_a_recording_is_measured_by_the_server_and_kept(client: TestClient) -> None:
    check_id = new_id()
    response = put(client, sent(), check_id)
    assert response.status_code == 201, response.text
    assert response.json() == {
        "id": check_id,
        "measured_at": "2026-03-02T06:30:00+00:00",
        "test": "thomas",
        "side": "left",
        "thigh_angle_deg": -9.0,
        "hip_extension_deg": None,
        "knee_angle_deg": 100.0,
        "spread_deg": 0.0,
        "uncertainty_deg": 7.0,
        "frames_used": 120,
        "frames_total": 180,
        "verdict": "thigh-above-horizontal",
        "pose_model": POSE_MODEL,
    }
    assert client.get("/api/checks").json()["checks"] == [response.json()]


def test_the_client_cannot_send_its_own_numbers(client: TestClient) -> None:
    error = assert_error(put(client, sent(thigh_angle_deg=-30.0)), 422)
    assert error["details"] == [
        {"field": "thigh_angle_deg", "message": "is not something this takes; leave it out"}
    ]
    assert client.get("/api/checks").json()["checks"] == []


def test_three_tries_in_one_recording_read_as_one_lunge(client: TestClient) -> None:
    tries = [recording("lunge", "right", a, start=20.0 * n) for n, a in enumerate((12, 14, 15))]
    kept = put(client, merged(*tries)).json()
    assert kept["hip_extension_deg"] == 14.0 and kept["thigh_angle_deg"] is None
    assert kept["frames_used"] == 360 and kept["uncertainty_deg"] > 7.0
    assert kept["verdict"] == "thigh-behind-trunk-line"
    assert kept["pose_model"] is None


def test_without_a_date_the_check_is_dated_now(client: TestClient) -> None:
    before = datetime.now(UTC)
    kept = put(client, recording("thomas", "right", 4.0)).json()
    assert before <= datetime.fromisoformat(kept["measured_at"]) <= datetime.now(UTC)


def test_the_same_put_again_is_200_and_keeps_one_check(client: TestClient) -> None:
    check_id = new_id()
    first = put(client, sent(), check_id)
    # Another spelling of the same instant, and of the id: the same check.
    again = put(client, sent(measured_at="2026-03-02T06:30:00Z"), check_id.upper())
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert len(client.get("/api/checks").json()["checks"]) == 1


def test_without_a_date_sending_again_is_still_the_same_check(client: TestClient) -> None:
    check_id, body = new_id(), recording("thomas", "left", 2.0)
    first = put(client, body, check_id)
    assert put(client, body, check_id).json() == first.json()


def test_another_recording_under_a_kept_id_is_409_and_changes_nothing(client: TestClient) -> None:
    check_id = new_id()
    kept = put(client, sent(), check_id).json()
    error = assert_error(put(client, sent(angle=5.0), check_id), 409)
    assert "already kept with another recording" in error["message"]
    assert client.get("/api/checks").json()["checks"] == [kept]


def test_a_refusal_is_422_with_the_cores_reason_and_keeps_nothing(client: TestClient) -> None:
    front_on = recording("thomas", "left", camera=Camera(yaw_deg=60))
    error = assert_error(put(client, front_on), 422)
    assert error["message"].startswith("The camera does not see you from the side")
    assert error["details"] == [{"field": "frames", "message": error["message"]}]
    assert client.get("/api/checks").json()["checks"] == []


@pytest.mark.parametrize(
    ("change", "field", "said"),
    [
        ({"measured_at": "1999-12-31T23:00:00Z"}, "measured_at", "before the year 2000"),
        ({"measured_at": "2126-01-01T00:00:00Z"}, "measured_at", "in the future"),
        ({"measured_at": "2026-03-02T07:30:00"}, "measured_at", "needs its time zone offset"),
        ({"pose_model": "x" * 201}, "pose_model", "at most 200 characters"),
        ({"width": 0}, "width", "more than 0"),
        ({"side": "middle"}, "side", "must be one of"),
        ({"test": "sit-and-reach"}, "test", "must be one of"),
        (
            {"frames": [{"t": 0.0, "landmarks": [[0.5, 0.5, 0.0, 1.0]] * 32}]},
            "frames.0.landmarks",
            "33 landmarks",
        ),
    ],
)
def test_values_out_of_bounds_are_422_naming_the_field(
    client: TestClient, change: dict[str, Any], field: str, said: str
) -> None:
    error = assert_error(put(client, sent() | change), 422)
    assert error["details"][0]["field"] == field
    assert said in error["details"][0]["message"] or said in error["message"]


def test_a_check_id_must_be_a_uuid(client: TestClient) -> None:
    error = assert_error(client.put("/api/checks/not-an-id", json=sent()), 422)
    assert error["details"][0]["field"] == "check_id"


def test_three_eight_second_holds_at_thirty_frames_a_second_fit_under_the_cap(
    client: TestClient,
) -> None:
    tries = [
        recording("thomas", "left", a, seconds=8.0, start=20.0 * n, noise=0.002, seed=n)
        for n, a in enumerate((-9.0, -8.0, -10.0))
    ]
    body = json.dumps(merged(*tries)).encode()
    # Over the 1 MB every other JSON body is held to, far under this route's own cap.
    assert 1024 * 1024 < len(body) < MAX_CHECK_BYTES // 4
    response = client.put(
        f"/api/checks/{new_id()}", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 201, response.text
    assert response.json()["frames_total"] == 720


def test_a_body_announced_over_the_cap_is_refused_before_it_is_read(client: TestClient) -> None:
    response = client.put(
        f"/api/checks/{new_id()}",
        content=b"{}",
        headers={"content-type": "application/json", "content-length": str(MAX_CHECK_BYTES + 1)},
    )
    assert "16 MB" in assert_error(response, 413)["message"]


def test_a_body_that_grows_past_the_cap_unannounced_is_refused(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"test": "thomas", "side": "left", "width": 1, "height": 1, "frames": ['
        frame = b'{"t": 0, "landmarks": []},' * 1000
        for _ in range(MAX_CHECK_BYTES // len(frame) + 2):
            yield frame

    response = client.put(
        f"/api/checks/{new_id()}", content=chunks(), headers={"content-type": "application/json"}
    )
    assert_error(response, 413)


def test_the_list_compares_left_with_right_and_each_side_over_time(client: TestClient) -> None:
    march = {"measured_at": "2026-03-02T07:30:00+00:00"}
    june = {"measured_at": "2026-06-01T07:30:00+00:00"}
    first = put(client, sent("thomas", "right", -12.0) | march).json()
    left = put(client, sent("thomas", "left", -3.0) | june).json()
    right = put(client, sent("thomas", "right", 1.0, measured_at="2026-06-01T07:35:00Z")).json()
    listed = client.get("/api/checks").json()
    assert [c["id"] for c in listed["checks"]] == [right["id"], left["id"], first["id"]]
    assert listed["sides"] == [
        {
            "test": "thomas",
            "date": "2026-06-01",
            "left": left["id"],
            "right": right["id"],
            "difference_deg": 4.0,
            "combined_uncertainty_deg": 9.9,
            "beyond_uncertainty": False,
            "message": "Your left and right thighs sit within 4° of each other, inside the ±10° "
            "the camera can tell apart: no difference it can see.",
        }
    ]
    assert listed["over_time"] == [
        {
            "test": "thomas",
            "side": "right",
            "since": "2026-03-02",
            "earlier": first["id"],
            "later": right["id"],
            "difference_deg": 13.0,
            "combined_uncertainty_deg": 9.9,
            "beyond_uncertainty": True,
            "message": "Your right thigh now hangs about 13° lower than on 2 March 2026, more "
            "than the ±10° the camera can tell apart between two readings.",
        }
    ]
    assert listed["advice"] is None


def test_a_deleted_check_is_204_then_404_and_the_comparisons_follow(client: TestClient) -> None:
    first = put(client, sent("thomas", "right", -12.0, measured_at="2026-03-02T07:30:00Z")).json()
    left = put(client, sent("thomas", "left", -3.0, measured_at="2026-06-01T07:30:00Z")).json()
    slipped = put(client, sent("thomas", "right", 1.0, measured_at="2026-06-01T07:35:00Z")).json()
    listed = client.get("/api/checks").json()
    assert [c["right"] for c in listed["sides"]] == [slipped["id"]]
    assert [c["later"] for c in listed["over_time"]] == [slipped["id"]]
    assert client.delete(f"/api/checks/{slipped['id']}").status_code == 204
    # Left is now alone on its day, and each side has one reading: nothing to compare.
    assert client.get("/api/checks").json() == {
        "checks": [left, first],
        "sides": [],
        "over_time": [],
        "advice": None,
    }
    error = assert_error(client.delete(f"/api/checks/{slipped['id']}"), 404)
    assert error["message"] == f"no hip check with id {slipped['id']}"
    assert assert_error(client.delete("/api/checks/not-an-id"), 422)["details"][0]["field"] == (
        "check_id"
    )


def test_deleting_the_flagged_check_takes_the_advice_with_it(client: TestClient) -> None:
    now = datetime.now(UTC)
    earlier = put(client, sent(angle=5.0, measured_at=(now - timedelta(days=3)).isoformat()))
    slipped = put(client, sent(angle=-11.0, measured_at=(now - timedelta(hours=1)).isoformat()))
    play(client, "openers", segments=1, pain=5)
    assert "your left thigh stays above horizontal" in client.get("/api/checks").json()["advice"]
    assert client.delete(f"/api/checks/{slipped.json()['id']}").status_code == 204
    # The earlier reading is the latest again, and it flags nothing.
    listed = client.get("/api/checks").json()
    assert listed["checks"] == [earlier.json()] and listed["advice"] is None


def test_recent_pain_and_a_flagged_check_say_to_have_it_looked_at(client: TestClient) -> None:
    now = datetime.now(UTC)
    when = {"measured_at": (now - timedelta(hours=1)).isoformat()}
    put(client, sent("thomas", "left", -11.0) | when)
    assert client.get("/api/checks").json()["advice"] is None
    play(client, "openers", segments=1, pain=5)
    advice = client.get("/api/checks").json()["advice"]
    assert advice.startswith("You rated your pain 5 of 10 on ")
    assert "your left thigh stays above horizontal" in advice
    assert "physiotherapist or doctor" in advice


def test_another_runner_sees_none_and_cannot_take_an_id_over(database_url: str) -> None:
    app = create_app(database_url)
    with TestClient(app, base_url=BASE_URL) as client:
        check_id = new_id()
        kept = put(client, sent(), check_id).json()
        other = add_user(app.state.store, "coach", datetime.now(UTC))

        def as_the_other_runner(request: Request) -> Context:
            return context_for(request.app.state.store, other, request.app.state.clock)

        app.dependency_overrides[request_context] = as_the_other_runner
        assert client.get("/api/checks").json()["checks"] == []
        for body in (sent(), sent(angle=3.0)):
            error = assert_error(put(client, body, check_id), 404)
            assert error["message"] == f"no hip check with id {check_id}"
        # Deleting someone else's is answered exactly as deleting one never kept.
        theirs = assert_error(client.delete(f"/api/checks/{check_id}"), 404)
        missing_id = new_id()
        missing = assert_error(client.delete(f"/api/checks/{missing_id}"), 404)
        assert theirs == missing | {"message": f"no hip check with id {check_id}"}
        assert put(client, sent()).status_code == 201  # their own id is theirs
        app.dependency_overrides.clear()
        assert client.get("/api/checks").json()["checks"] == [kept]


def test_the_delete_is_documented_with_its_answers(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/checks/{check_id}"]["delete"]
    assert {"204", "404", "422"} <= set(operation["responses"])
    assert "requestBody" not in operation
