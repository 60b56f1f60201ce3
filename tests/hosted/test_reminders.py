"""Reminders: a push, signed with the server's VAPID key, reaches the device's service and decrypts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import FastAPI

from gethip.app.clock import FixedClock
from gethip.app.push import push_service
from gethip.app.reminders import send_due
from gethip.store.push import Subscriptions
from tests.hosted.conftest import Runner
from tests.hosted.fake_push import fake_push_service
from tests.web.conftest import assert_error

# Wednesday 4 March 2026: a run day, the run at 17:00 UTC, its warm-up a few minutes before.
PROFILE = {"run_days": ["wed"], "run_times": {"wed": "17:00"}, "timezone": "UTC"}


def test_a_reminder_reaches_the_push_service_signed_and_encrypted_once(
    hosted_app: FastAPI, runner: Callable[[str], Runner]
) -> None:
    ana = runner("Ana")
    ana.client.put("/api/profile", json=PROFILE, headers=ana.csrf)
    key = ana.client.get("/api/push/key").json()["public_key"]
    store = hosted_app.state.store
    with fake_push_service() as service:
        made = ana.client.post(
            "/api/push/subscriptions", json=service.subscription("ana-phone"), headers=ana.csrf
        )
        assert made.status_code == 201, made.text
        before_warmup = datetime(2026, 3, 4, 16, 45, tzinfo=UTC)
        push = push_service(store, "coach@club.example")
        assert send_due(store, FixedClock(before_warmup), push) == 1
        assert send_due(store, FixedClock(before_warmup), push) == 0  # once, not every minute
    (received,) = service.received
    assert received.path == "/push/ana-phone"
    assert received.message["title"] == "Active warm-up at 16:57"
    assert received.message["url"].startswith("/play/warmup")
    assert received.claims["sub"] == "mailto:coach@club.example"
    assert received.ttl is not None and int(received.ttl) > 0
    # The key the browser subscribed with is the one that signed: the same every time.
    assert ana.client.get("/api/push/key").json()["public_key"] == key


def test_nothing_is_sent_before_the_lead_time_or_after_the_start(
    hosted_app: FastAPI, runner: Callable[[str], Runner]
) -> None:
    ana = runner("Ana")
    ana.client.put("/api/profile", json=PROFILE, headers=ana.csrf)
    store = hosted_app.state.store
    with fake_push_service() as service:
        ana.client.post(
            "/api/push/subscriptions", json=service.subscription("ana", 5), headers=ana.csrf
        )
        push = push_service(store, None)
        assert send_due(store, FixedClock(datetime(2026, 3, 4, 16, 30, tzinfo=UTC)), push) == 0
        assert send_due(store, FixedClock(datetime(2026, 3, 4, 18, 30, tzinfo=UTC)), push) == 0
    assert service.received == []


def test_a_subscription_the_service_calls_gone_is_dropped(
    hosted_app: FastAPI, runner: Callable[[str], Runner]
) -> None:
    ana = runner("Ana")
    ana.client.put("/api/profile", json=PROFILE, headers=ana.csrf)
    store = hosted_app.state.store
    with fake_push_service() as service:
        ana.client.post(
            "/api/push/subscriptions", json=service.subscription("gone"), headers=ana.csrf
        )
        assert len(Subscriptions(store, ana.id).mine()) == 1
        sent = send_due(
            store, FixedClock(datetime(2026, 3, 4, 16, 45, tzinfo=UTC)), push_service(store, None)
        )
    assert sent == 0
    assert Subscriptions(store, ana.id).mine() == []


def test_a_device_is_removed_only_by_its_owner(
    hosted_app: FastAPI, runner: Callable[[str], Runner]
) -> None:
    ana, eve = runner("Ana"), runner("Eve")
    with fake_push_service() as service:
        made = ana.client.post(
            "/api/push/subscriptions", json=service.subscription("a"), headers=ana.csrf
        ).json()
    assert_error(eve.client.delete(f"/api/push/subscriptions/{made['id']}", headers=eve.csrf), 404)
    assert (
        ana.client.delete(f"/api/push/subscriptions/{made['id']}", headers=ana.csrf).status_code
        == 204
    )


def test_only_a_push_service_address_is_taken(runner: Callable[[str], Runner]) -> None:
    ana = runner("Ana")
    inside = ana.client.post(
        "/api/push/subscriptions",
        json={"endpoint": "http://10.0.0.5/admin", "keys": {"p256dh": "x", "auth": "y"}},
        headers=ana.csrf,
    )
    assert assert_error(inside, 422)["details"][0]["field"] == "endpoint"
