"""The /check page as served: safety first, the core's limits, and nothing from another origin."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gethip.core.hipcheck import limits_json
from gethip.core.safety import SAFETY_NOTES
from gethip.web.app import offline_urls
from gethip.web.pages import check

HTML = {"accept": "text/html"}


def page_data(html: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="check-data">(.*?)</script>', html, re.S)
    assert found
    data: dict[str, object] = json.loads(found[1])
    return data


def test_the_check_page_opens_on_the_safety_notes_and_both_tests(client: TestClient) -> None:
    html = client.get("/check", headers=HTML).text
    assert "<h1>Hip check</h1>" in html
    for note in SAFETY_NOTES:
        assert note in html
    assert "Thomas test" in html and "Half-kneeling lunge" in html
    assert 'data-state="safety"' in html


def test_the_page_measures_with_the_cores_own_limits(client: TestClient) -> None:
    data = page_data(client.get("/check", headers=HTML).text)
    assert data["limits"] == limits_json()
    assert data["pose_url"] == "/static/vendor/mediapipe-pose/"


def test_every_script_and_file_the_page_names_is_on_its_own_origin(client: TestClient) -> None:
    html = client.get("/check", headers=HTML).text
    assert re.findall(r'(?:src|href)="(https?:)?//', html) == []
    if (check.POSE_FOLDER / "pose.js").is_file():
        assert '<script src="/static/vendor/mediapipe-pose/pose.js"></script>' in html


def test_without_the_pose_model_the_page_says_how_to_fetch_it(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(check, "POSE_FOLDER", tmp_path)
    html = client.get("/check", headers=HTML).text
    assert "make pose-model" in html
    assert "pose.js" not in html
    assert re.search(r'id="agree"[^>]*disabled', html)


def test_the_model_is_served_but_never_stored_by_the_worker_at_install(client: TestClient) -> None:
    urls = offline_urls()
    assert "/check" in urls
    assert not [url for url in urls if "/vendor/" in url]
    if (check.POSE_FOLDER / "pose.js").is_file():
        response = client.get("/static/vendor/mediapipe-pose/pose.js")
        assert response.status_code == 200


def test_today_links_to_the_hip_check(client: TestClient) -> None:
    assert 'href="/check"' in client.get("/", headers=HTML).text


def test_the_page_names_the_pose_model_each_reading_is_kept_with(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "package.json").write_text('{"name": "@mediapipe/pose", "version": "0.5.1"}')
    monkeypatch.setattr(check, "POSE_FOLDER", tmp_path)
    data = page_data(client.get("/check", headers=HTML).text)
    assert data["pose_model"] == "@mediapipe/pose 0.5.1, model complexity 1"
    (tmp_path / "package.json").unlink()
    assert page_data(client.get("/check", headers=HTML).text)["pose_model"] is None


def test_the_results_say_readings_are_kept_and_link_to_progress(client: TestClient) -> None:
    html = client.get("/check", headers=HTML).text
    results = html[html.index('id="results"') :]
    assert 'href="/progress"' in results
