"""Accounts: sign up, sign in, sign out, and what a browser without a session may see."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI

from tests.hosted.conftest import PASSWORD, Runner, browser, login, register
from tests.web.conftest import assert_error


def test_register_then_login_sets_an_httponly_lax_session_cookie(hosted_app: FastAPI) -> None:
    client = browser(hosted_app)
    user = register(client, "Sam@Club.example", "Sam")
    answer = client.post(
        "/api/auth/login", json={"email": "sam@club.example", "password": PASSWORD}
    )
    assert answer.status_code == 200
    cookies = answer.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("gethip_session="))
    assert "HttpOnly" in session and "SameSite=lax" in session and "Secure" not in session
    assert any(c.startswith("gethip_csrf=") for c in cookies)
    me = client.get("/api/auth/me")
    assert me.json() == {"id": user, "email": "Sam@Club.example", "name": "Sam"}


def test_emails_are_unique_whatever_their_case(hosted_app: FastAPI) -> None:
    client = browser(hosted_app)
    register(client, "kim@club.example", "Kim")
    again = client.post(
        "/api/auth/register",
        json={"email": "KIM@club.example", "password": PASSWORD, "name": "Kim 2"},
    )
    assert_error(again, 409)


def test_a_password_needs_ten_characters(hosted_app: FastAPI) -> None:
    short = browser(hosted_app).post(
        "/api/auth/register", json={"email": "a@b.example", "password": "123456789", "name": "A"}
    )
    assert assert_error(short, 422)["details"][0]["field"] == "password"


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(hosted_app: FastAPI) -> None:
    client = browser(hosted_app)
    register(client, "lee@club.example", "Lee")
    wrong = client.post(
        "/api/auth/login", json={"email": "lee@club.example", "password": "not the password"}
    )
    unknown = client.post(
        "/api/auth/login", json={"email": "nobody@club.example", "password": "not the password"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert "set-cookie" not in wrong.headers or "gethip_session" not in wrong.headers["set-cookie"]


def test_ten_failures_for_one_account_are_throttled_with_retry_after(hosted_app: FastAPI) -> None:
    client = browser(hosted_app)
    register(client, "ash@club.example", "Ash")
    for _ in range(10):
        failed = client.post(
            "/api/auth/login", json={"email": "ash@club.example", "password": "guess guess guess"}
        )
        assert failed.status_code == 401
    # Even the right password waits now: the guesser cannot tell which one was right.
    throttled = client.post(
        "/api/auth/login", json={"email": "ash@club.example", "password": PASSWORD}
    )
    assert_error(throttled, 429)
    assert 0 < int(throttled.headers["Retry-After"]) <= 15 * 60


def test_ten_failures_from_one_address_are_throttled_whatever_the_email(
    hosted_app: FastAPI,
) -> None:
    client = browser(hosted_app)
    for number in range(10):
        client.post(
            "/api/auth/login",
            json={"email": f"guess{number}@club.example", "password": "guess guess guess"},
        )
    throttled = client.post(
        "/api/auth/login", json={"email": "other@club.example", "password": "guess guess guess"}
    )
    assert_error(throttled, 429)
    assert int(throttled.headers["Retry-After"]) > 0


def test_logout_revokes_the_session_even_for_a_copy_of_its_cookie(
    hosted_app: FastAPI, runner: Callable[[str], Runner]
) -> None:
    sam = runner("Sam")
    stolen = browser(hosted_app)
    stolen.cookies.set("gethip_session", sam.client.cookies["gethip_session"])
    assert stolen.get("/api/today").status_code == 200
    assert sam.client.post("/api/auth/logout", headers=sam.csrf).status_code == 204
    assert_error(stolen.get("/api/today"), 401)
    assert_error(sam.client.get("/api/auth/me"), 401)


def test_without_a_session_the_api_says_401_and_pages_send_you_to_sign_in(
    hosted_app: FastAPI,
) -> None:
    client = browser(hosted_app)
    for path in ("/api/today", "/api/history", "/api/profile", "/api/runs", "/api/stats"):
        assert_error(client.get(path), 401)
    page = client.get("/history", follow_redirects=False, headers={"accept": "text/html"})
    assert page.status_code == 303
    assert page.headers["location"] == "/signin?next=%2Fhistory"


def test_the_program_and_the_app_shell_stay_public(hosted_app: FastAPI) -> None:
    client = browser(hosted_app)
    for path in (
        "/api/moves",
        "/api/sessions",
        "/api/sessions/openers/timeline",
        "/manifest.webmanifest",
        "/static/app.css",
        "/sw.js",
        "/moves",
        "/signin",
        "/signup",
    ):
        assert client.get(path).status_code == 200, path


def test_the_sign_up_page_makes_an_account_and_signs_in(hosted_app: FastAPI) -> None:
    client = browser(hosted_app)
    token = client.get("/signup").cookies.get("gethip_csrf") or client.cookies["gethip_csrf"]
    made = client.post(
        "/signup",
        data={
            "csrf_token": token,
            "name": "Ola",
            "email": "ola@club.example",
            "password": PASSWORD,
        },
        follow_redirects=False,
    )
    assert made.status_code == 303 and made.headers["location"] == "/profile"
    page = client.get("/profile")
    assert "Signed in as <strong>Ola</strong>" in page.text
    signed_out = client.post(
        "/signout", data={"csrf_token": client.cookies["gethip_csrf"]}, follow_redirects=False
    )
    assert signed_out.status_code == 303
    assert client.get("/api/today").status_code == 401


def test_the_sign_in_page_returns_you_where_you_were_going(hosted_app: FastAPI) -> None:
    client = browser(hosted_app)
    register(client, "tia@club.example", "Tia")
    client.get("/signin")
    signed = client.post(
        "/signin",
        data={
            "csrf_token": client.cookies["gethip_csrf"],
            "email": "tia@club.example",
            "password": PASSWORD,
            "next": "/history",
        },
        follow_redirects=False,
    )
    assert signed.status_code == 303 and signed.headers["location"] == "/history"
    elsewhere = client.post(
        "/signin",
        data={
            "csrf_token": client.cookies["gethip_csrf"],
            "email": "tia@club.example",
            "password": PASSWORD,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert elsewhere.headers["location"] == "/"


def test_login_helper_works(hosted_app: FastAPI) -> None:
    client = browser(hosted_app)
    register(client, "zed@club.example", "Zed")
    login(client, "zed@club.example")
    assert client.get("/api/today").status_code == 200


def test_a_sign_in_sweeps_the_sessions_nobody_can_use_any_more(hosted_url: str) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import func, select

    from gethip.app.accounts import SESSION_LIFETIME, login, logout, register, signed_in_user
    from gethip.store.account_models import WebSession
    from gethip.store.database import Store

    secret = "s" * 48
    store = Store.open(hosted_url)
    try:
        start = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
        register(store, "sweep@example.org", PASSWORD, "Sweep", start)
        signed_out = login(store, secret, "sweep@example.org", PASSWORD, "10.0.0.1", start)
        logout(store, secret, signed_out.token, start)
        login(store, secret, "sweep@example.org", PASSWORD, "10.0.0.1", start)  # left to expire
        phone = login(
            store, secret, "sweep@example.org", PASSWORD, "10.0.0.2", start + timedelta(days=20)
        )
        later = start + SESSION_LIFETIME + timedelta(minutes=1)
        laptop = login(store, secret, "sweep@example.org", PASSWORD, "10.0.0.1", later)

        with store.transaction() as db:
            kept = db.scalar(select(func.count()).select_from(WebSession))
        # The signed-out and the expired sessions are gone; the two live ones still work.
        assert kept == 2
        assert signed_in_user(store, secret, phone.token, later) == phone.user
        assert signed_in_user(store, secret, laptop.token, later) == laptop.user
    finally:
        store.close()
