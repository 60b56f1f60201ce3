"""Runs sent from the browser: imported as `gethip import` would, listed as `gethip runs` does."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gethip.web.app import create_app
from gethip.web.uploads import MAX_UPLOAD_BYTES
from tests.cli.runner import gethip_json
from tests.runs.factories import RunSpec, write_run
from tests.web.conftest import BASE_URL, assert_error, form_token

# Short runs keep the files small and the test quick; still long enough for a stride.
SPEC = RunSpec(start=datetime(2026, 3, 2, 7, 30, tzinfo=UTC), minutes=6)


@pytest.fixture(scope="module")
def run_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("uploads")
    return [
        write_run(
            folder,
            f"run-{day}",
            RunSpec(start=SPEC.start + timedelta(days=day), minutes=6, seed=day),
        )
        for day in range(3)
    ]


def upload(
    client: TestClient,
    files: list[tuple[str, bytes]],
    path: str = "/api/runs/import",
    fields: dict[str, str] | None = None,
) -> Any:
    return client.post(path, files=[("files", (name, data)) for name, data in files], data=fields)


def test_an_upload_imports_as_the_cli_does_and_lists_as_the_cli_does(
    tmp_path: Path, run_files: list[Path]
) -> None:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    with TestClient(create_app(url), base_url=BASE_URL) as client:
        response = upload(client, [(p.name, p.read_bytes()) for p in run_files])
        assert response.status_code == 200, response.text
        cli_url = f"sqlite:///{tmp_path / 'cli.db'}"
        cli = gethip_json(tmp_path, "--db", cli_url, "import", *map(str, run_files), "--json")
        assert (
            response.json() == cli == {"imported": 3, "duplicates": 0, "skipped": 0, "failed": []}
        )

        listed = client.get("/api/runs").json()
        assert listed == gethip_json(tmp_path, "--db", url, "runs", "--json")
        # The runner's file names are kept, not the server's temporary folder.
        assert sorted(run["source"] for run in listed) == sorted(p.name for p in run_files)

        trends = client.get("/api/trends")
        assert trends.status_code == 200
        assert trends.json() == gethip_json(tmp_path, "--db", url, "trends", "--json")
        progress = client.get("/progress").text
        report = trends.json()
        for text in (report["message"], report["caveat"]):
            assert text.replace("'", "&#39;").replace('"', "&#34;") in progress

        again = upload(client, [(run_files[0].name, run_files[0].read_bytes())])
        assert again.json() == {"imported": 0, "duplicates": 1, "skipped": 0, "failed": []}


def test_a_corrupt_file_and_a_file_of_another_kind_are_reported_and_nothing_is_stored(
    client: TestClient,
) -> None:
    response = upload(
        client,
        [("broken.fit", b"\x0e\x10\x00\x00" + bytes(40)), ("notes.txt", b"hello")],
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "imported": 0,
        "duplicates": 0,
        "skipped": 0,
        "failed": [
            {"file": "broken.fit", "reason": "not a FIT, GPX or TCX file"},
            {"file": "notes.txt", "reason": "not a .fit, .gpx, .tcx, .gz or .zip file"},
        ],
    }
    assert client.get("/api/runs").json() == []


def test_a_zip_reaching_outside_its_folder_is_refused_and_nothing_is_written(
    client: TestClient, run_files: list[Path], tmp_path: Path
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../escaped.fit", run_files[0].read_bytes())
        archive.writestr("/etc/absolute.fit", run_files[1].read_bytes())
    response = upload(client, [("export.zip", buffer.getvalue())])
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["imported"] == 0
    assert [f["file"] for f in summary["failed"]] == [
        "export.zip/../../escaped.fit",
        "export.zip//etc/absolute.fit",
    ]
    assert all("leaves the archive" in f["reason"] for f in summary["failed"])
    assert client.get("/api/runs").json() == []


def test_a_file_name_cannot_choose_where_the_upload_is_kept(
    client: TestClient, run_files: list[Path]
) -> None:
    response = upload(client, [("../../../../tmp/evil.fit", run_files[2].read_bytes())])
    assert response.json()["imported"] == 1
    assert [run["source"] for run in client.get("/api/runs").json()] == ["evil.fit"]


def test_an_upload_over_the_cap_is_refused_before_it_is_read(client: TestClient) -> None:
    response = client.post(
        "/api/runs/import",
        content=b"x" * 10,
        headers={
            "content-type": "multipart/form-data; boundary=x",
            "content-length": str(MAX_UPLOAD_BYTES + 1),
        },
    )
    error = assert_error(response, 413)
    assert "200 MB" in error["message"]


def test_the_runs_page_uploads_and_shows_the_summary_and_each_run(
    client: TestClient, run_files: list[Path]
) -> None:
    page = client.get("/runs")
    assert 'enctype="multipart/form-data"' in page.text
    assert "No runs yet" in page.text
    response = upload(
        client,
        [(run_files[0].name, run_files[0].read_bytes()), ("<em>bad.fit", b"nonsense")],
        path="/runs",
        fields={"csrf_token": form_token(client, "/runs")},
    )
    assert response.status_code == 200
    text = response.text
    assert '<strong data-testid="imported">1</strong>' in text
    assert "&lt;em&gt;bad.fit" in text and "<em>bad" not in text
    run = client.get("/api/runs").json()[0]
    assert f"{run['cadence_spm']:.0f}" in text
    assert f"{run['step_length_m']:.2f}" in text
