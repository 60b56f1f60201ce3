"""Every route with a path parameter, read from /openapi.json: another runner's id is a 404, and changes nothing.

A route added later is covered by default: its parameters are looked up
below, and a parameter this test does not know, or a body it cannot make,
fails the test until someone says what it is.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from gethip.app.imports import import_runs
from gethip.store.push import Subscriptions
from tests.contexts import context_at
from tests.core.pose_factories import recording
from tests.hosted.conftest import NOW, Runner
from tests.hosted.play import play
from tests.runs.factories import RunSpec, write_run

# Parameters that name something a runner owns (or belongs to, for squads).
OWNED = {
    "practice_id",
    "run_id",
    "squad_id",
    "user_id",
    "job_id",
    "subscription_id",
    "check_id",
}
# A hip check recording the server can measure: the stranger's is another one.
OWNERS_CHECK = recording("thomas", "right", 4.0)
STRANGERS_CHECK = recording("thomas", "right", -6.0)
# Parameters that name the program, which is everyone's: a move, a session, a step's index.
SHARED = {"move_id", "session_id", "index"}

# Bodies that pass validation, so the answer is about ownership, not about the body.
SEGMENT = "segment"
BODIES: dict[tuple[str, str], Any] = {
    ("put", "/api/practices/{practice_id}"): {"session": "warmup"},
    ("put", "/api/practices/{practice_id}/segments/{index}"): SEGMENT,
    ("put", "/api/practices/{practice_id}/finish"): {"status": "completed", "pain": 9},
    ("put", "/api/practices/{practice_id}/resume"): None,
    ("put", "/api/checks/{check_id}"): STRANGERS_CHECK,
    ("post", "/api/squads/{squad_id}/assignments"): {
        "date": "2026-03-05",
        "session": "openers",
        "note": "from a stranger",
    },
}


@dataclass
class World:
    owner_store: Any
    owner: Runner
    member: Runner
    stranger: Runner
    ids: dict[str, str]


def _routes(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    schema = app.openapi()
    return [
        (method, path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if "{" in path
    ]


def _world(app: FastAPI, runner: Callable[[str], Runner], tmp_path: Path) -> World:
    owner, member, stranger = runner("Owner"), runner("Member"), runner("Stranger")
    practice = play(owner, "warmup", tightness=2, pain=1)
    run_file = write_run(tmp_path, "owner-run", RunSpec())
    import_runs(context_at(app.state.store, NOW, owner.id), [run_file])
    run = owner.client.get("/api/runs").json()[0]["id"]
    squad = owner.client.post("/api/squads", json={"name": "Owners"}, headers=owner.csrf).json()
    member.client.post("/api/squads/join", json={"code": squad["invite_code"]}, headers=member.csrf)
    job = _job(app, owner)
    device = owner.client.post(
        "/api/push/subscriptions",
        json={
            "endpoint": "https://push.example/owner-device",
            "keys": {"p256dh": "BOwner", "auth": "secret"},
        },
        headers=owner.csrf,
    ).json()
    check = str(uuid.uuid4())
    kept = owner.client.put(f"/api/checks/{check}", json=OWNERS_CHECK, headers=owner.csrf)
    assert kept.status_code == 201, kept.text
    return World(
        app.state.store,
        owner,
        member,
        stranger,
        {
            "practice_id": practice,
            "run_id": str(run),
            "squad_id": str(squad["id"]),
            "user_id": str(member.id),
            "job_id": str(job),
            "subscription_id": str(device["id"]),
            "check_id": check,
            "move_id": "skating-squat",
            "session_id": "warmup",
            "index": "0",
        },
    )


def _job(app: FastAPI, owner: Runner) -> int:
    from gethip.app.jobs import queue_import

    ctx = context_at(app.state.store, NOW, owner.id)
    return queue_import(ctx, [], defer=lambda job: None).id


def _snapshot(world: World) -> dict[str, Any]:
    owner, member = world.owner.client, world.member.client
    squad = world.ids["squad_id"]
    return {
        "history": owner.get("/api/history").json(),
        "practice": owner.get(f"/api/practices/{world.ids['practice_id']}").json(),
        "runs": owner.get("/api/runs").json(),
        "squad": owner.get(f"/api/squads/{squad}").json(),
        "assignments": owner.get(f"/api/squads/{squad}/assignments").json(),
        "member_squads": member.get("/api/squads").json(),
        "job": owner.get(f"/api/jobs/{world.ids['job_id']}").json(),
        "devices": [s.id for s in Subscriptions(world.owner_store, world.owner.id).mine()],
        "checks": owner.get("/api/checks").json(),
    }


def _body(method: str, path: str, operation: dict[str, Any], client: Any) -> Any:
    if "requestBody" not in operation:
        return None
    key = (method, path)
    if key not in BODIES:
        pytest.fail(f"{method.upper()} {path} takes a body: add a valid one to BODIES")
    body = BODIES[key]
    if body == SEGMENT:
        return client.get("/api/sessions/warmup/timeline").json()["segments"][0]
    return body


def test_every_route_with_a_path_parameter_is_listed_here(hosted_app: FastAPI) -> None:
    for method, path, _ in _routes(hosted_app):
        for name in re.findall(r"{(\w+)}", path):
            assert name in OWNED | SHARED, f"{method.upper()} {path}: is {{{name}}} owned?"


def test_another_runners_ids_answer_404_on_every_route_and_change_nothing(
    hosted_app: FastAPI, runner: Callable[[str], Runner], tmp_path: Path
) -> None:
    world = _world(hosted_app, runner, tmp_path)
    before = _snapshot(world)
    checked = []
    for method, path, operation in _routes(hosted_app):
        names = re.findall(r"{(\w+)}", path)
        if not set(names) & OWNED:
            continue  # the program's own routes: public, nothing to own
        url = path
        for name in names:
            url = url.replace(f"{{{name}}}", world.ids[name])
        stranger = world.stranger
        answer = stranger.client.request(
            method.upper(),
            url,
            json=_body(method, path, operation, stranger.client),
            headers=stranger.csrf,
        )
        assert answer.status_code == 404, (
            f"{method.upper()} {url}: {answer.status_code} {answer.text}"
        )
        assert answer.json()["error"]["code"] == "not_found"
        checked.append(f"{method.upper()} {path}")
    assert _snapshot(world) == before
    # The walk reached the routes that matter, whatever else is added later.
    for expected in (
        "GET /api/practices/{practice_id}",
        "DELETE /api/runs/{run_id}",
        "GET /api/squads/{squad_id}",
        "GET /api/squads/{squad_id}/members/{user_id}/history",
        "GET /api/jobs/{job_id}",
        "DELETE /api/push/subscriptions/{subscription_id}",
        "PUT /api/checks/{check_id}",
        "DELETE /api/checks/{check_id}",
    ):
        assert expected in checked


def test_a_missing_id_answers_exactly_as_someone_elses(
    hosted_app: FastAPI, runner: Callable[[str], Runner], tmp_path: Path
) -> None:
    world = _world(hosted_app, runner, tmp_path)
    stranger = world.stranger.client
    theirs = stranger.get(f"/api/squads/{world.ids['squad_id']}").json()
    missing = stranger.get("/api/squads/999999").json()
    assert theirs == missing
    theirs_job = stranger.get(f"/api/jobs/{world.ids['job_id']}").json()
    missing_job = stranger.get("/api/jobs/999999").json()
    assert theirs_job == missing_job
