"""Hosted mode on a fresh PostgreSQL schema: one app, and one browser (cookie jar) per runner."""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from gethip.app.clock import FixedClock  # noqa: E402
from gethip.config import Config  # noqa: E402
from gethip.store.database import upgrade  # noqa: E402
from gethip.web.hosted.factory import create_hosted_app  # noqa: E402
from tests.conftest import fresh_schema  # noqa: E402
from tests.web.conftest import BASE_URL  # noqa: E402

SECRET = "test-secret-" + "x" * 40
PASSWORD = "correct horse battery"
NOW = datetime(2026, 3, 4, 18, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture
def hosted_url(postgres_base_url: str) -> Iterator[str]:
    """A fresh schema, upgraded as an operator would, with `gethip db upgrade`."""
    with fresh_schema(postgres_base_url, "h") as url:
        upgrade(url)
        yield url


def hosted_config(url: str) -> Config:
    return Config(
        database_url=url,
        data_dir=Config.load(url).data_dir,
        secret_key=SECRET,
    )


@pytest.fixture
def hosted_app(hosted_url: str) -> Iterator[FastAPI]:
    app = create_hosted_app(hosted_config(hosted_url), clock=FixedClock(NOW))
    with TestClient(app, base_url=BASE_URL):  # runs the lifespan once, for every browser
        yield app


@dataclass
class Runner:
    client: TestClient
    id: int
    email: str

    @property
    def csrf(self) -> dict[str, str]:
        return {"X-CSRF-Token": self.client.cookies.get("gethip_csrf") or ""}


def browser(app: FastAPI) -> TestClient:
    return TestClient(app, base_url=BASE_URL)


def register(client: TestClient, email: str, name: str, password: str = PASSWORD) -> int:
    made = client.post(
        "/api/auth/register", json={"email": email, "password": password, "name": name}
    )
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def login(client: TestClient, email: str, password: str = PASSWORD) -> None:
    signed = client.post("/api/auth/login", json={"email": email, "password": password})
    assert signed.status_code == 200, signed.text


@pytest.fixture
def runner(hosted_app: FastAPI) -> Callable[[str], Runner]:
    """A new account, signed in in a browser of its own."""

    def make(name: str) -> Runner:
        client = browser(hosted_app)
        email = f"{name.lower()}-{uuid.uuid4().hex[:6]}@club.example"
        user = register(client, email, name)
        login(client, email)
        return Runner(client, user, email)

    return make
