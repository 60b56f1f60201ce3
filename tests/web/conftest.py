"""The web app on a fresh database of each kind, driven in-process through httpx."""

from __future__ import annotations

import re
import uuid
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

# Starlette now prefers the httpx2 fork; the pinned httpx still works the same.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402

from gethip.web.app import create_app  # noqa: E402

# The address `gethip serve` prints: the app answers only the names it is reached by.
BASE_URL = "http://127.0.0.1:8000"


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(database_url), base_url=BASE_URL) as test_client:
        yield test_client


def new_id() -> str:
    return str(uuid.uuid4())


def timeline(client: TestClient, session: str = "warmup", **query: Any) -> dict[str, Any]:
    response = client.get(f"/api/sessions/{session}/timeline", params=query)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def play(
    client: TestClient,
    session: str = "warmup",
    segments: int | None = None,
    tightness: int | None = None,
    pain: int | None = None,
) -> str:
    """A whole practice written the way the browser writes it; returns its id."""
    practice_id = new_id()
    compiled = timeline(client, session)
    started = client.put(f"/api/practices/{practice_id}", json={"session": session})
    assert started.status_code == 201, started.text
    for segment in compiled["segments"][:segments]:
        done = client.put(f"/api/practices/{practice_id}/segments/{segment['index']}", json=segment)
        assert done.status_code == 201, done.text
    finished = client.put(
        f"/api/practices/{practice_id}/finish",
        json={"status": "completed", "tightness": tightness, "pain": pain},
    )
    assert finished.status_code == 200, finished.text
    return practice_id


def assert_error(response: Any, status: int) -> dict[str, Any]:
    """Every error has one shape: {"error": {"status", "code", "message", "details"}}."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], list)
    return error


def form_token(client: TestClient, page: str = "/profile") -> str:
    """The token a page puts in its forms, read off the page as a browser would send it."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(page).text)
    assert found, f"no form token on {page}"
    return found[1]
