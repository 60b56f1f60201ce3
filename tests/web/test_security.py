"""No web page elsewhere can drive the local coach: foreign names, cross-site writes, framing.

Each test is an attack a page the runner happens to open could make on the
server at 127.0.0.1, sent the way the browser would send it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gethip.web.app import create_app
from tests.runs.factories import RunSpec, write_run
from tests.web.conftest import BASE_URL, assert_error, form_token, new_id, play

PROFILE_FORM = {
    "run_days": ["tue", "sat"],
    "time_tue": "06:45",
    "long_run_day": "sat",
    "sitting_hours": "8",
    "minutes": "20",
    "timezone": "Europe/Berlin",
    "level": "beginner",
    "notes": "",
}
EVIL = "https://evil.example"
# What a browser adds to a form a page of another site submits to us.
CROSS_SITE = {"origin": EVIL, "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate"}
SAME_ORIGIN = {"origin": BASE_URL, "sec-fetch-site": "same-origin", "sec-fetch-mode": "navigate"}
PAGES_AND_DATA = ["/", "/moves", "/history", "/progress", "/plan", "/runs", "/profile"]


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{tmp_path / 'gethip.db'}"), base_url=BASE_URL) as made:
        yield made


@pytest.fixture
def run_file(tmp_path: Path) -> bytes:
    return write_run(tmp_path / "runs", "easy", RunSpec(minutes=5)).read_bytes()


def _upload(client: TestClient, run: bytes, headers: dict[str, str], token: str | None) -> Any:
    return client.post(
        "/runs",
        files=[("files", ("easy.fit", run))],
        data={} if token is None else {"csrf_token": token},
        headers={"accept": "text/html", **headers},
    )


# --- cross-site writes --------------------------------------------------------------------


def test_a_cross_site_form_post_to_the_profile_is_refused_and_saves_nothing(
    client: TestClient,
) -> None:
    token = form_token(client)
    attempts = [
        CROSS_SITE,
        {"origin": EVIL},  # a browser that sends no fetch metadata
        {"sec-fetch-site": "cross-site"},  # one that sends no Origin
        {"origin": "null"},  # a sandboxed frame or a file: page
        # Another port on this machine is the same site, but another origin.
        {"origin": "http://127.0.0.1:9999", "sec-fetch-site": "same-site"},
    ]
    for headers in attempts:
        # Even knowing the token (it cannot) a page elsewhere is refused.
        response = client.post(
            "/profile",
            data={**PROFILE_FORM, "csrf_token": token},
            headers={"accept": "text/html", **headers},
            follow_redirects=False,
        )
        assert response.status_code == 403, headers
        assert response.headers["content-type"].startswith("text/html")
        assert "another site" in response.text
    assert client.get("/api/profile").json() is None


def test_a_form_post_without_the_pages_token_is_refused_and_saves_nothing(
    client: TestClient,
) -> None:
    # An old browser that says nothing of where a form came from: the token decides.
    real = form_token(client)
    altered = real[:-1] + ("A" if real[-1] != "A" else "B")
    for token in (None, "", "x" * 43, altered, real + "A"):
        data = dict(PROFILE_FORM) if token is None else {**PROFILE_FORM, "csrf_token": token}
        response = client.post("/profile", data=data, follow_redirects=False)
        assert response.status_code == 403, token
    assert client.get("/api/profile").json() is None


def test_the_profile_form_works_with_its_token_from_its_own_page(client: TestClient) -> None:
    token = form_token(client)
    response = client.post(
        "/profile",
        data={**PROFILE_FORM, "csrf_token": token},
        headers=SAME_ORIGIN,
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert client.get("/api/profile").json()["timezone"] == "Europe/Berlin"


def test_a_cross_site_upload_to_runs_is_refused_and_imports_nothing(
    client: TestClient, run_file: bytes
) -> None:
    token = form_token(client, "/runs")
    assert _upload(client, run_file, CROSS_SITE, token).status_code == 403
    assert _upload(client, run_file, {"origin": EVIL}, token).status_code == 403
    assert _upload(client, run_file, {}, None).status_code == 403
    assert _upload(client, run_file, {}, "y" * 43).status_code == 403
    assert client.get("/api/runs").json() == []


def test_the_runs_form_imports_with_its_token(client: TestClient, run_file: bytes) -> None:
    response = _upload(client, run_file, SAME_ORIGIN, form_token(client, "/runs"))
    assert response.status_code == 200, response.text
    assert len(client.get("/api/runs").json()) == 1


def test_cross_site_writes_to_the_api_are_refused_and_change_nothing(client: TestClient) -> None:
    practice_id = new_id()
    refused = client.put(
        f"/api/practices/{practice_id}",
        json={"session": "warmup"},
        headers={"origin": EVIL, "sec-fetch-site": "cross-site"},
    )
    assert assert_error(refused, 403)["code"] == "forbidden"
    # A "simple" cross-site request, the kind a page may send with no preflight.
    refused = client.post(
        "/api/runs/import",
        content=b"--x--",
        headers={"origin": EVIL, "content-type": "multipart/form-data; boundary=x"},
    )
    assert_error(refused, 403)
    refused = client.put(
        "/api/profile",
        content=b'{"run_days": "mon"}',
        headers={"sec-fetch-site": "cross-site", "content-type": "text/plain"},
    )
    assert_error(refused, 403)
    assert client.get("/api/history").json() == []
    assert client.get("/api/profile").json() is None


def test_same_origin_writes_and_clients_without_browser_headers_still_work(
    client: TestClient,
) -> None:
    form_token(client)
    token = client.cookies["gethip_csrf"]
    for headers in (
        {},  # curl, scripts, the tests: not a browser driven by another site
        {"origin": BASE_URL, "sec-fetch-site": "same-origin"},
        {"origin": "http://localhost:8000", "host": "localhost:8000"},
        {"sec-fetch-site": "same-origin", "x-csrf-token": token},  # the outbox
        {"sec-fetch-site": "none"},  # typed or bookmarked by the runner
    ):
        response = client.put(
            f"/api/practices/{new_id()}", json={"session": "warmup"}, headers=headers
        )
        assert response.status_code == 201, (headers, response.text)


def test_a_write_whose_token_header_is_not_the_cookies_is_refused(client: TestClient) -> None:
    form_token(client)
    practice_id = new_id()
    refused = client.put(
        f"/api/practices/{practice_id}", json={"session": "warmup"}, headers={"x-csrf-token": "no"}
    )
    assert_error(refused, 403)
    assert client.get("/api/history").json() == []


def test_the_token_cookie_is_readable_by_our_scripts_and_kept_for_a_long_time(
    client: TestClient,
) -> None:
    response = client.get("/profile")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("gethip_csrf=")
    assert "SameSite=Lax" in cookie and "Path=/" in cookie
    assert "HttpOnly" not in cookie  # static/js/csrf.js reads it
    assert "Secure" not in cookie  # plain http on 127.0.0.1 would drop it
    assert f'value="{client.cookies["gethip_csrf"]}"' in response.text
    # Handed out once: the next page keeps the same token.
    again = client.get("/runs")
    assert "set-cookie" not in again.headers
    assert f'value="{client.cookies["gethip_csrf"]}"' in again.text


# --- foreign names (DNS rebinding) --------------------------------------------------------


def test_a_foreign_host_is_400_on_the_api(client: TestClient) -> None:
    for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", "", "[::1"):
        error = assert_error(client.get("/api/today", headers={"host": host}), 400)
        assert error["code"] == "bad_request"


def test_a_foreign_host_is_400_on_the_pages(client: TestClient) -> None:
    for path in PAGES_AND_DATA:
        response = client.get(path, headers={"host": "evil.example:8000", "accept": "text/html"})
        assert response.status_code == 400, path
        assert response.headers["content-type"].startswith("text/html")
        assert "does not answer to that name" in response.text


def test_a_rebound_page_cannot_read_the_history_or_write_to_it(client: TestClient) -> None:
    practice_id = play(client, "warmup")
    # evil.example now resolves to 127.0.0.1: the browser sends its own name as the Host.
    rebound = {"host": "evil.example:8000"}
    read = client.get("/api/history", headers=rebound)
    assert_error(read, 400)
    assert practice_id not in read.text
    written = client.put(f"/api/practices/{new_id()}", json={"session": "openers"}, headers=rebound)
    assert_error(written, 400)
    assert [p["id"] for p in client.get("/api/history").json()] == [practice_id]


def test_the_loopback_names_and_the_served_address_are_answered(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'gethip.db'}", hosts=["192.168.1.20"])
    with TestClient(app, base_url=BASE_URL) as client:
        for host in ("127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000", "127.0.0.1"):
            assert client.get("/api/today", headers={"host": host}).status_code == 200, host
        assert client.get("/api/today", headers={"host": "192.168.1.20:8443"}).status_code == 200
        assert_error(client.get("/api/today", headers={"host": "192.168.1.21:8443"}), 400)


# --- headers on every response ------------------------------------------------------------


def _assert_security_headers(response: Any) -> None:
    headers = response.headers
    policy = headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    # Scripts from our own files only; WebAssembly may compile (the pose model), nothing may eval.
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "'unsafe-eval'" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] in {"same-origin", "no-referrer"}
    assert headers["x-frame-options"] == "DENY"
    permissions = headers["permissions-policy"]
    for feature in ("camera", "microphone", "screen-wake-lock"):
        assert f"{feature}=(self)" in permissions
    assert "strict-transport-security" not in headers  # plain http


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    practice_id = new_id()
    responses = [client.get(path) for path in PAGES_AND_DATA]
    responses += [
        client.get("/moves/skating-squat"),
        client.get("/play/openers"),
        client.get("/api/today"),
        client.get("/api/sessions/openers/timeline"),
        client.get("/static/app.css"),
        client.get("/static/js/player.js"),
        client.get("/sw.js"),
        client.get("/manifest.webmanifest"),
        client.get("/openapi.json"),
        client.put(f"/api/practices/{practice_id}", json={"session": "warmup"}),
        client.get("/api/moves/nope"),
        client.get("/nowhere", headers={"accept": "text/html"}),
        client.put(f"/api/practices/{new_id()}", json={}),
        client.post("/api/today"),
        client.get("/api/today", headers={"host": "evil.example"}),
        client.put(f"/api/practices/{new_id()}", json={}, headers={"origin": EVIL}),
        client.post("/profile", data=PROFILE_FORM),
    ]
    statuses = {response.status_code for response in responses}
    assert statuses >= {200, 201, 400, 403, 404, 405, 422}
    for response in responses:
        _assert_security_headers(response)


def test_a_bug_answered_500_carries_the_security_headers_too(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'gethip.db'}")

    @app.get("/api/broken")
    def broken() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
        response = client.get("/api/broken")
        assert_error(response, 500)
        _assert_security_headers(response)


def test_hsts_is_sent_only_over_https_under_a_name(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'gethip.db'}", hosts=["runner-laptop.local"])
    with TestClient(app, base_url="https://runner-laptop.local:8443") as client:
        response = client.get("/")
        assert response.headers["strict-transport-security"].startswith("max-age=")
        assert "; Secure" in response.headers["set-cookie"]
    with TestClient(app, base_url=BASE_URL) as client:
        assert "strict-transport-security" not in client.get("/").headers


def test_no_page_holds_a_script_or_style_the_policy_would_block(client: TestClient) -> None:
    play(client, "warmup")
    for path in [*PAGES_AND_DATA, "/moves/full-range-figure-four", "/play/openers"]:
        page = client.get(path).text
        for tag in re.findall(r"<script\b[^>]*>", page):
            # Only files, and JSON data, which a browser never runs.
            assert 'src="/static/' in tag or 'type="application/json"' in tag, (path, tag)
        assert not re.search(r"\sstyle=", page), path
        assert not re.search(r"\son[a-z]+=", page), path
        assert "javascript:" not in page, path


def test_hosted_mode_can_require_the_token_header_on_every_write(tmp_path: Path) -> None:
    from fastapi import Depends

    from gethip.web.csrf import require_header_token

    app = create_app(f"sqlite:///{tmp_path / 'gethip.db'}")

    @app.put("/api/signed-in", dependencies=[Depends(require_header_token)])
    def signed_in() -> dict[str, bool]:
        return {"ok": True}

    with TestClient(app, base_url=BASE_URL) as client:
        assert_error(client.put("/api/signed-in"), 403)  # no cookie yet, no header
        form_token(client)
        assert_error(client.put("/api/signed-in"), 403)  # a cookie, but no header
        token = client.cookies["gethip_csrf"]
        assert client.put("/api/signed-in", headers={"x-csrf-token": token}).json() == {"ok": True}
