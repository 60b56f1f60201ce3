"""No accepted input can break the local coach for good (issue 11's faults, each reproduced).

Every test here failed on the main branch before the fixes: a 500 where a
runner's plain input should get a 4xx, a date that broke every chart after
it, a resource with no ceiling.
"""

from __future__ import annotations

import io
import logging
import threading
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from gethip.scratch import sweep_stale
from gethip.web import uploads
from gethip.web.app import create_app
from tests.runs.factories import RunSpec, write_run
from tests.web.conftest import BASE_URL, assert_error, new_id, play
from tests.web.server import served

FAR_FUTURE = "9999-12-31T23:59:59Z"
YEAR_ONE_EAST = "0001-01-01T00:00:00+14:00"


def test_a_practice_dated_in_year_9999_or_year_1_is_refused_and_nothing_breaks(
    client: TestClient,
) -> None:
    for started_at in (FAR_FUTURE, YEAR_ONE_EAST, "0002-06-01T00:00:00Z"):
        refused = client.put(
            f"/api/practices/{new_id()}", json={"session": "warmup", "started_at": started_at}
        )
        error = assert_error(refused, 422)
        assert error["details"][0]["field"] == "started_at"
    assert client.get("/api/history").json() == []
    for page in ("/progress", "/api/trends", "/api/stats", "/", "/history"):
        assert client.get(page).status_code == 200, page


def test_steps_and_finishes_dated_out_of_range_are_refused(client: TestClient) -> None:
    practice_id = play(client, "warmup", segments=1)
    compiled = client.get("/api/sessions/warmup/timeline").json()
    late = compiled["segments"][1] | {"finished_at": FAR_FUTURE}
    assert (
        assert_error(client.put(f"/api/practices/{practice_id}/segments/1", json=late), 422)[
            "details"
        ][0]["field"]
        == "finished_at"
    )
    ended = client.put(f"/api/practices/{practice_id}/finish", json={"ended_at": YEAR_ONE_EAST})
    assert assert_error(ended, 422)["details"][0]["field"] == "ended_at"


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/history", {"before": YEAR_ONE_EAST}, "before"),
        ("/api/runs", {"before": FAR_FUTURE}, "before"),
        ("/api/trends", {"since": "0001-01-01"}, "since"),
        ("/api/plan", {"week": "9999-12-31"}, "week"),
    ],
)
def test_dates_in_queries_are_bounded_too(
    client: TestClient, path: str, params: dict[str, str], field: str
) -> None:
    client.put("/api/profile", json={"run_days": "mon"})
    play(client, "warmup")
    error = assert_error(client.get(path, params=params), 422)
    assert error["details"][0]["field"] == field


def test_the_profile_takes_its_documented_forms_and_refuses_the_rest_in_words(
    client: TestClient,
) -> None:
    saved = client.put("/api/profile", json={"run_days": "mon,thu", "sitting_hours": "7"})
    assert saved.status_code == 200, saved.text
    assert saved.json()["sitting_hours"] == 7
    assert client.put("/api/profile", json={"run_times": None}).status_code == 200
    long_zone = client.put("/api/profile", json={"timezone": "A" * 256})
    assert assert_error(long_zone, 422)["details"][0]["field"] == "timezone"
    page_zone = client.post(
        "/profile",
        data={"run_days": "mon", "timezone": "B" * 256, "csrf_token": _token(client)},
        headers={"accept": "text/html"},
    )
    assert page_zone.status_code == 422 and "time zone" in page_zone.text.lower()


def _token(client: TestClient) -> str:
    from tests.web.conftest import form_token

    return form_token(client)


def test_an_upload_name_with_a_nul_byte_or_300_bytes_long_is_imported_under_a_clean_name(
    client: TestClient, tmp_path: Path
) -> None:
    run = write_run(tmp_path, "easy", RunSpec(start=datetime(2026, 3, 2, 7, tzinfo=UTC), minutes=4))
    data = run.read_bytes()
    names = ["bad\x00name.fit", "x" * 296 + ".fit"]
    response = client.post(
        "/api/runs/import",
        files=[("files", (name, data if n == 0 else data + b"")) for n, name in enumerate(names)],
    )
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["imported"] + summary["duplicates"] == 2 and summary["failed"] == []
    [kept] = client.get("/api/runs").json()
    assert "\x00" not in kept["source"] and len(kept["source"]) <= 120


def _zip(entries: dict[str, bytes], method: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_an_archive_inside_an_archive_cannot_unpack_to_gigabytes(client: TestClient) -> None:
    # 64 MB of zeros, stored (not packed) in an inner zip, packed hard in the outer one:
    # a few hundred KB that would unpack to 64 MB on disk, and far more with a bigger one.
    inner = _zip({"activity.fit": bytes(64 * 1024 * 1024)}, zipfile.ZIP_STORED)
    outer = _zip({"export/UploadedFiles_0-_Part1.zip": inner}, zipfile.ZIP_DEFLATED)
    assert len(outer) < 1024 * 1024
    response = client.post("/api/runs/import", files=[("files", ("export.zip", outer))])
    assert response.status_code == 200, response.text
    [failure] = response.json()["failed"]
    assert failure["file"] == "export.zip/export/UploadedFiles_0-_Part1.zip"
    assert "packed" in failure["reason"] or "larger" in failure["reason"]


def test_a_json_body_over_a_megabyte_is_refused_before_it_is_read(client: TestClient) -> None:
    huge = b'{"session": "warmup", "pad": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    response = client.put(
        f"/api/practices/{new_id()}", content=huge, headers={"content-type": "application/json"}
    )
    assert assert_error(response, 413)["message"].startswith("the body is larger than")


def test_imports_beyond_the_ones_running_are_asked_to_come_back(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "_importing", threading.BoundedSemaphore(1))
    uploads._importing.acquire()  # one import under way
    response = client.post("/api/runs/import", files=[("files", ("a.fit", b"x"))])
    assert assert_error(response, 503)["message"].startswith("other imports are running")
    assert response.headers["retry-after"] == "2"


def test_head_is_answered_wherever_get_is(client: TestClient) -> None:
    for path in ("/", "/moves", "/history", "/progress", "/api/today", "/api/moves"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == 200, path
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]


def test_the_openapi_lists_the_errors_each_operation_can_answer(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"400", "404", "422", "503"} <= set(
        paths["/api/practices/{practice_id}"]["put"]["responses"]
    )
    assert {"403", "413"} <= set(paths["/api/profile"]["put"]["responses"])
    for operations in paths.values():
        for operation in operations.values():
            assert "400" in operation["responses"]


def test_a_bug_is_one_500_in_the_error_shape_logged_once_without_the_input(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(database_url)

    def broken(secret: str) -> None:
        raise RuntimeError("a bug in a route")

    app.add_api_route("/api/broken/{secret}", broken)
    with TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
        caplog.clear()
        with caplog.at_level(logging.ERROR):
            response = client.get("/api/broken/hunter2")
    assert assert_error(response, 500)["message"] == "something went wrong on our side"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert len(caplog.records) == 1
    assert "hunter2" not in caplog.text


def test_stale_scratch_folders_of_dead_processes_are_swept(tmp_path: Path) -> None:
    dead = tmp_path / "gethip-999999999-upload-abc"
    alive = tmp_path / f"gethip-{__import__('os').getpid()}-upload-def"
    other = tmp_path / "somebody-else"
    for folder in (dead, alive, other):
        folder.mkdir()
        (folder / "part.fit").write_bytes(b"x")
    assert sweep_stale(tmp_path) == [dead]
    assert not dead.exists() and alive.exists() and other.exists()


@pytest.fixture
def server_on(database_url: str, tmp_path: Path) -> Iterator[str]:
    with served(tmp_path, database_url) as base:
        yield base


def test_thirty_profile_saves_at_once_all_land_with_none_lost(server_on: str) -> None:
    def save(hours: int) -> Any:
        return httpx.put(
            f"{server_on}/api/profile",
            json={"run_days": "mon,thu", "sitting_hours": hours % 12},
            timeout=30,
        )

    with ThreadPoolExecutor(max_workers=30) as pool:
        answers = list(pool.map(save, range(30)))
    assert [a.status_code for a in answers] == [200] * 30
    versions = httpx.get(f"{server_on}/api/profile", timeout=10)
    assert versions.status_code == 200


def test_a_practice_and_a_run_can_be_deleted_from_the_web(
    client: TestClient, tmp_path: Path
) -> None:
    practice_id = play(client, "warmup", segments=2)
    assert client.delete(f"/api/practices/{practice_id}").status_code == 204
    assert client.get("/api/history").json() == []
    assert_error(client.delete(f"/api/practices/{practice_id}"), 404)
    run = write_run(tmp_path, "gone", RunSpec(start=datetime(2026, 3, 2, 7, tzinfo=UTC), minutes=4))
    client.post("/api/runs/import", files=[("files", (run.name, run.read_bytes()))])
    [listed] = client.get("/api/runs").json()
    assert client.delete(f"/api/runs/{listed['id']}").status_code == 204
    assert client.get("/api/runs").json() == []
    assert_error(client.delete(f"/api/runs/{listed['id']}"), 404)
    # The History page asks before it deletes: without the box ticked, nothing goes.
    kept = play(client, "warmup")
    token = _token(client)
    unticked = client.post(
        f"/history/{kept}/delete", data={"csrf_token": token}, follow_redirects=False
    )
    assert unticked.status_code == 303 and len(client.get("/api/history").json()) == 1
    ticked = client.post(
        f"/history/{kept}/delete",
        data={"csrf_token": token, "confirm": "yes"},
        follow_redirects=False,
    )
    assert ticked.status_code == 303 and client.get("/api/history").json() == []
