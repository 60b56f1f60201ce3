"""Queued imports: the web answers 202 at once, `gethip worker` imports, the result is the CLI's summary."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI

from tests.cli.runner import gethip
from tests.hosted.conftest import Runner
from tests.runs.factories import RunSpec, write_run
from tests.web.conftest import assert_error


def _files(folder: Path) -> list[Path]:
    first = write_run(folder, "tuesday", RunSpec(start=datetime(2026, 3, 3, 7, 0, tzinfo=UTC)))
    second = write_run(
        folder, "thursday", RunSpec(start=datetime(2026, 2, 26, 7, 0, tzinfo=UTC)), "gpx"
    )
    copy = folder / "tuesday-again.fit"
    copy.write_bytes(first.read_bytes())  # the same run twice: a duplicate
    return [first, second, copy]


def test_a_queued_import_runs_in_gethip_worker_and_its_result_is_the_clis_summary(
    hosted_url: str, hosted_app: FastAPI, runner: Callable[[str], Runner], tmp_path: Path
) -> None:
    ana = runner("Ana")
    paths = _files(tmp_path / "runs")
    sent = ana.client.post(
        "/api/runs/import",
        files=[("files", (p.name, p.read_bytes())) for p in paths],
        headers=ana.csrf,
    )
    assert sent.status_code == 202, sent.text
    job = sent.json()["job"]
    waiting = ana.client.get(f"/api/jobs/{job}").json()
    assert waiting["status"] == "queued" and waiting["result"] is None
    assert ana.client.get("/api/runs").json() == []

    worked = gethip(tmp_path / "data", "--db", hosted_url, "worker", "--until-idle", timeout=120)
    assert worked.returncode == 0, worked.stderr

    done = ana.client.get(f"/api/jobs/{job}").json()
    assert done["status"] == "done"
    assert done["progress"]["done"] == done["progress"]["total"] == 3
    cli = gethip(
        tmp_path / "data",
        "--db",
        f"sqlite:///{tmp_path / 'cli.db'}",
        "import",
        "--json",
        *map(str, paths),
    )
    assert cli.returncode == 0, cli.stderr
    assert (
        done["result"]
        == json.loads(cli.stdout)
        == {
            "imported": 2,
            "duplicates": 1,
            "skipped": 0,
            "failed": [],
        }
    )
    assert len(ana.client.get("/api/runs").json()) == 2


def test_an_import_needs_a_session_and_its_job_is_its_owners(
    hosted_app: FastAPI, runner: Callable[[str], Runner], tmp_path: Path
) -> None:
    ana, eve = runner("Ana"), runner("Eve")
    path = write_run(tmp_path, "run", RunSpec())
    sent = ana.client.post(
        "/api/runs/import", files=[("files", ("run.fit", path.read_bytes()))], headers=ana.csrf
    )
    job = sent.json()["job"]
    assert_error(eve.client.get(f"/api/jobs/{job}"), 404)
    from tests.hosted.conftest import browser

    assert_error(browser(hosted_app).get(f"/api/jobs/{job}"), 401)


def test_the_runs_page_queues_an_upload_and_follows_its_job(
    hosted_app: FastAPI, runner: Callable[[str], Runner], tmp_path: Path
) -> None:
    ana = runner("Ana")
    path = write_run(tmp_path, "run", RunSpec())
    sent = ana.client.post(
        "/runs",
        data={"csrf_token": ana.client.cookies["gethip_csrf"]},
        files=[("files", ("run.fit", path.read_bytes()))],
        follow_redirects=False,
    )
    assert sent.status_code == 303
    page = ana.client.get(sent.headers["location"]).text
    job = sent.headers["location"].split("job=")[1]
    assert f'data-job-url="/api/jobs/{job}"' in page and "/static/js/job.js" in page
