"""One error shape for every failure, and never a 500 for anything a client sends."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gethip.web.app import create_app
from tests.web.conftest import BASE_URL, assert_error, new_id, play, timeline


def test_each_kind_of_refusal_has_the_same_shape(client: TestClient) -> None:
    assert_error(client.get("/api/moves/nope"), 404)
    assert_error(client.get("/api/nowhere"), 404)
    assert_error(client.post("/api/moves"), 405)
    assert_error(client.get("/api/sessions/openers/timeline", params={"minutes": "x"}), 422)
    assert_error(client.put(f"/api/practices/{new_id()}", json={}), 422)
    assert_error(client.put(f"/api/practices/{new_id()}/finish", json={}), 404)


def test_codes_name_the_kind_of_failure(client: TestClient) -> None:
    assert assert_error(client.get("/api/moves/nope"), 404)["code"] == "not_found"
    assert assert_error(client.post("/api/today"), 405)["code"] == "method_not_allowed"
    invalid = assert_error(client.put(f"/api/practices/{new_id()}", json={}), 422)
    assert invalid["code"] == "invalid_input"
    assert invalid["details"] == [{"field": "session", "message": "is required"}]


def test_a_body_that_is_not_json_says_so(client: TestClient) -> None:
    error = assert_error(
        client.put(
            f"/api/practices/{new_id()}",
            content=b"session=warmup",
            headers={"content-type": "application/json"},
        ),
        422,
    )
    assert error["details"] == [{"field": "body", "message": "the body is not valid JSON"}]


def test_the_refused_input_is_not_echoed_back(client: TestClient) -> None:
    secret = "x" * 5000
    response = client.put(f"/api/practices/{new_id()}", json={"session": "warmup", "note": secret})
    assert_error(response, 422)
    assert secret not in response.text


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
fields = st.sampled_from(
    ["index", "move", "side", "kind", "start", "duration", "label", "reps", "breaths",
     "finished_at", "status", "tightness", "pain", "session", "settings", "started_at"]
)  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    which=st.sampled_from(["start", "segment", "finish"]),
    changes=st.dictionaries(fields, json_values, max_size=4),
    index=st.integers(min_value=-3, max_value=2**40),
)
def test_no_body_ever_causes_a_500(
    client: TestClient, which: str, changes: dict[str, object], index: int
) -> None:
    practice_id = new_id()
    client.put(f"/api/practices/{practice_id}", json={"session": "warmup"})
    segment = timeline(client, "warmup")["segments"][0]
    url, base = {
        "start": (f"/api/practices/{practice_id}", {"session": "warmup"}),
        "segment": (f"/api/practices/{practice_id}/segments/{index}", segment),
        "finish": (f"/api/practices/{practice_id}/finish", {"pain": 3}),
    }[which]
    body = json.dumps({**base, **changes}, allow_nan=True)
    response = client.put(url, content=body, headers={"content-type": "application/json"})
    assert response.status_code in {200, 201, 404, 422}, response.text
    if response.status_code >= 400:
        assert_error(response, response.status_code)


def test_a_database_that_vanishes_is_a_503_not_a_500(tmp_path: Path) -> None:
    database = tmp_path / "gethip.db"
    with TestClient(create_app(f"sqlite:///{database}"), base_url=BASE_URL) as client:
        play(client, "warmup", segments=1)
        client.app.state.store.engine.dispose()  # type: ignore[attr-defined]
        for leftover in tmp_path.glob("gethip.db*"):
            leftover.unlink()
        database.mkdir()  # where the file was, now something SQLite cannot open
        error = assert_error(client.get("/api/history"), 503)
        assert error["code"] == "store_unavailable"
