"""Writes with a session cookie must carry the form token; without it, 403 and nothing changes."""

from __future__ import annotations

from collections.abc import Callable

from tests.hosted.conftest import Runner
from tests.web.conftest import assert_error

PROFILE = {"run_days": ["mon"], "timezone": "UTC"}


def test_an_api_write_without_the_header_is_refused_and_changes_nothing(
    runner: Callable[[str], Runner],
) -> None:
    ana = runner("Ana")
    assert_error(ana.client.put("/api/profile", json=PROFILE), 403)
    assert ana.client.get("/api/profile").json() is None
    assert_error(ana.client.post("/api/squads", json={"name": "Mine"}), 403)
    assert ana.client.get("/api/squads").json() == []


def test_a_wrong_header_is_refused(runner: Callable[[str], Runner]) -> None:
    ana = runner("Ana")
    wrong = {"X-CSRF-Token": "A" * 43}
    assert_error(ana.client.put("/api/profile", json=PROFILE, headers=wrong), 403)
    assert_error(ana.client.post("/api/auth/logout", headers=wrong), 403)
    assert ana.client.get("/api/auth/me").status_code == 200  # still signed in


def test_the_api_takes_the_header_only_not_a_form_field(runner: Callable[[str], Runner]) -> None:
    ana = runner("Ana")
    token = ana.client.cookies["gethip_csrf"]
    refused = ana.client.post("/api/auth/logout", data={"csrf_token": token})
    assert_error(refused, 403)


def test_a_page_form_may_carry_the_token_as_a_field(runner: Callable[[str], Runner]) -> None:
    ana = runner("Ana")
    token = ana.client.cookies["gethip_csrf"]
    without = ana.client.post("/profile", data={"run_days": "mon", "timezone": "UTC"})
    assert without.status_code == 403
    assert ana.client.get("/api/profile").json() is None
    saved = ana.client.post(
        "/profile",
        data={"csrf_token": token, "run_days": "mon", "timezone": "UTC", "level": "intermediate"},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    assert ana.client.get("/api/profile").json()["run_days"] == ["mon"]


def test_an_upload_page_without_its_token_is_refused(runner: Callable[[str], Runner]) -> None:
    ana = runner("Ana")
    refused = ana.client.post("/runs", files=[("files", ("a.fit", b"x"))])
    assert refused.status_code == 403


def test_the_token_in_the_header_lets_the_write_through(runner: Callable[[str], Runner]) -> None:
    ana = runner("Ana")
    assert ana.client.put("/api/profile", json=PROFILE, headers=ana.csrf).status_code == 200


def test_a_write_queued_offline_by_another_runner_waits_for_them(
    runner: Callable[[str], Runner],
) -> None:
    ana, ben = runner("Ana"), runner("Ben")
    queued_by_ben = {**ana.csrf, "X-Gethip-User": str(ben.id)}
    assert_error(ana.client.put("/api/profile", json=PROFILE, headers=queued_by_ben), 401)
    assert ana.client.get("/api/profile").json() is None
    own = {**ana.csrf, "X-Gethip-User": str(ana.id)}
    assert ana.client.put("/api/profile", json=PROFILE, headers=own).status_code == 200
