"""A practice played through the API by a signed-in runner, as the browser's player writes it."""

from __future__ import annotations

import uuid
from typing import Any

from tests.hosted.conftest import Runner


def play(
    runner: Runner,
    session: str = "warmup",
    *,
    tightness: int | None = None,
    pain: int | None = None,
    started_at: str | None = None,
) -> str:
    client = runner.client
    practice_id = str(uuid.uuid4())
    timeline: dict[str, Any] = client.get(f"/api/sessions/{session}/timeline").json()
    body: dict[str, Any] = {"session": session}
    if started_at:
        body["started_at"] = started_at
    started = client.put(f"/api/practices/{practice_id}", json=body, headers=runner.csrf)
    assert started.status_code == 201, started.text
    for segment in timeline["segments"]:
        done = client.put(
            f"/api/practices/{practice_id}/segments/{segment['index']}",
            json=segment,
            headers=runner.csrf,
        )
        assert done.status_code == 201, done.text
    finished = client.put(
        f"/api/practices/{practice_id}/finish",
        json={"status": "completed", "tightness": tightness, "pain": pain},
        headers=runner.csrf,
    )
    assert finished.status_code == 200, finished.text
    return practice_id
