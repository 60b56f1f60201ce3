"""The pages and the installable shell: what a browser gets before any script runs."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gethip.content import load_catalog, load_sessions
from gethip.core.safety import HIGH_PAIN_ADVICE
from gethip.web.app import offline_urls, personal_urls, shell_urls
from tests.web.conftest import assert_error, play

HTML = {"accept": "text/html"}
PAGES = ["/", "/moves", "/moves/skating-squat", "/play/openers", "/history", "/progress"]
# Budget for a first visit to Today on a phone: the page and everything it loads.
FIRST_LOAD_BUDGET = 150 * 1024


@pytest.mark.parametrize("path", PAGES)
def test_each_page_renders_with_the_shared_navigation(client: TestClient, path: str) -> None:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<html lang="en">' in page
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    for link in ('href="/"', 'href="/moves"', 'href="/history"', 'href="/progress"'):
        assert link in page
    assert page.count('aria-current="page"') == 1


def test_today_offers_one_session_with_a_start_button(client: TestClient) -> None:
    page = client.get("/", headers=HTML).text
    today = client.get("/api/today").json()
    assert f'href="/play/{today["pick"]["session"]}"' in page
    assert today["pick"]["reason"] in page


def demo_data(page: str) -> dict[str, Any]:
    found = re.search(r'id="demo-data">(.*?)</script>', page, re.S)
    assert found, "no demo data in the page"
    data: dict[str, Any] = json.loads(found[1])
    return data


def test_every_move_has_its_own_animated_figure_and_page(client: TestClient) -> None:
    catalog = load_catalog()
    page = client.get("/moves", headers=HTML).text
    assert page.count('class="demo demo-small"') == len(catalog)
    assert set(demo_data(page)) == set(catalog.ids)
    for move in catalog:
        detail = client.get(f"/moves/{move.id}", headers=HTML)
        assert detail.status_code == 200
        assert move.name in detail.text
        assert f'data-demo="{move.id}"' in detail.text
        assert demo_data(detail.text)[move.id]["dose"] == move.dose.model_dump(mode="json")
        for note in move.safety:
            assert note.replace("'", "&#39;") in detail.text


def test_the_player_page_carries_the_cores_safety_advice_as_data(client: TestClient) -> None:
    page = client.get("/play/openers", headers=HTML).text
    data = json.loads(re.search(r'id="player-data">(.*?)</script>', page, re.S)[1])  # type: ignore[index]
    assert data["session"] == "openers"
    assert data["timeline_url"] == "/api/sessions/openers/timeline"
    assert data["pain_advice"] == HIGH_PAIN_ADVICE
    assert data["pain_threshold"] == 7
    assert set(data["move_names"]) == set(load_sessions().get("openers").moves)


def test_history_and_progress_show_what_was_done(client: TestClient) -> None:
    practice_id = play(client, "warmup", tightness=6, pain=1)
    history = client.get("/history", headers=HTML).text
    assert f'data-practice="{practice_id}"' in history
    assert "Active warm-up" in history
    progress = client.get("/progress", headers=HTML).text
    assert 'data-testid="streak">1<' in progress
    assert "<table>" in progress and "<svg" in progress
    assert "<title>Progress · gethip</title>" in progress
    assert progress.count('id="stride-title"') == 1


def test_unknown_pages_are_404_and_user_text_is_escaped(client: TestClient) -> None:
    nasty = "<script>alert(1)</script>"
    page = client.get(f"/moves/{nasty}", headers=HTML)
    assert page.status_code == 404
    assert nasty not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert client.get("/play/yoga", headers=HTML).status_code == 404
    # a script or a tool asking for JSON gets the JSON shape, on pages too
    assert_error(client.get("/moves/nope"), 404)


def test_the_service_worker_is_served_from_the_root_and_stores_the_app_for_offline(
    client: TestClient,
) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    urls = offline_urls()
    # The shell everyone shares and the runner's own pages, kept in caches apart.
    assert json.dumps(shell_urls()) in response.text
    assert json.dumps(personal_urls()) in response.text
    for session in load_sessions():
        assert f"/play/{session.id}" in urls
        assert f"/api/sessions/{session.id}/timeline" in urls
    for url in urls:
        assert client.get(url, headers=HTML).status_code == 200, url


def test_the_manifest_makes_it_installable(client: TestClient) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_first_load_of_today_stays_under_150_kb(client: TestClient) -> None:
    page = client.get("/", headers=HTML).text
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page)
    assets += ["/static/js/outbox.js", "/manifest.webmanifest", "/static/icons/icon.svg"]
    total = len(page.encode()) + sum(len(client.get(url).content) for url in set(assets))
    assert total < FIRST_LOAD_BUDGET, f"{total} bytes"
