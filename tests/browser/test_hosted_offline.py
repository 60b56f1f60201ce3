"""Hosted mode in a real browser: a runner's pages are kept for them alone, and signing out deletes them."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import httpx
import pytest

from gethip.store.database import upgrade
from tests.cli.runner import GETHIP, environment
from tests.conftest import fresh_schema
from tests.hosted.conftest import PASSWORD, SECRET
from tests.web.server import free_port

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


@pytest.fixture
def hosted_server(postgres_base_url: str, tmp_path: Path) -> Iterator[str]:
    with fresh_schema(postgres_base_url, "w") as url:
        yield from _served(url, tmp_path)


def _served(url: str, tmp_path: Path) -> Iterator[str]:
    upgrade(url)
    port = free_port()
    env = environment(tmp_path) | {"GETHIP_SECRET_KEY": SECRET}
    process = subprocess.Popen(
        [GETHIP, "--db", url, "serve", "--hosted", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/api/moves", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


CACHES = "async () => (await caches.keys())"


def test_a_runners_pages_are_kept_for_them_and_deleted_at_sign_out(
    browser: Browser, hosted_server: str
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(base_url=hosted_server, service_workers="allow")
    page = context.new_page()
    page.goto("/signup")
    page.get_by_label("Your name").fill("Ana")
    page.get_by_label("Email").fill("ana@club.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Make my account").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()
    user = page.get_attribute("[data-user]", "data-user")
    page.goto("/")
    page.wait_for_function("async () => !!(await navigator.serviceWorker.ready).active")
    page.reload()
    mine = f"-u-{user}"
    page.wait_for_function(
        f"async () => (await caches.keys()).some((k) => k.endsWith({mine!r}))", timeout=20_000
    )
    kept = page.evaluate(
        f"""async () => {{
            const name = (await caches.keys()).find((k) => k.endsWith({mine!r}));
            return (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
        }}"""
    )
    assert "/" in kept and "/api/today" in kept
    # The shell, stored at install, holds nothing of Ana's.
    shell = page.evaluate(
        """async () => {
            const name = (await caches.keys()).find((k) => /^gethip-[0-9a-f]+$/.test(k));
            return (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
        }"""
    )
    assert "/" not in shell and "/api/today" not in shell and "/api/moves" in shell
    databases = page.evaluate("async () => (await indexedDB.databases()).map((d) => d.name)")
    assert f"gethip-u-{user}" in databases

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out")).to_be_visible()
    page.wait_for_function(
        f"async () => !(await caches.keys()).some((k) => k.endsWith({mine!r}))", timeout=10_000
    )
    context.close()
