"""Offline: after one visit the player works with the network cut, and what was done arrives once."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import api, practice, rated_tightness, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.browser


def wait_until_offline_ready(page: Page) -> None:
    """The service worker is installed (every offline URL stored) and controls the page."""
    page.wait_for_function(
        "async () => { const r = await navigator.serviceWorker.ready; return !!r.active; }"
    )
    if not page.evaluate("() => !!navigator.serviceWorker.controller"):
        page.reload()
    page.wait_for_function("() => !!navigator.serviceWorker.controller")


def test_a_session_finished_offline_is_stored_once_when_the_network_returns(
    context: BrowserContext, page: Page, server: str
) -> None:
    from playwright.sync_api import expect

    page.goto("/")
    wait_until_offline_ready(page)
    before = len(api(server, "/api/history"))

    context.set_offline(True)
    # The network is really gone, for the service worker too: a page it never
    # stored gets its offline notice, not the server's answer.
    page.goto("/moves/not-stored-anywhere")
    expect(page.get_by_role("heading", name="Offline")).to_be_visible()

    page.goto("/play/warmup?speed=60")
    expect(page.get_by_role("heading", name="Active warm-up")).to_be_visible()
    expect(page.locator("#plan")).to_have_text("3:00 as written")
    expect(page.locator("#net-status")).to_contain_text("Offline")
    page.get_by_role("button", name="Start").click()
    page.wait_for_selector('#player[data-state="finished"]', timeout=20_000)
    page.locator("label").filter(has=page.locator('input[name="tightness"][value="5"]')).click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#saved")).to_contain_text("sent when you are back online")
    expect(page.locator("#net-status")).to_contain_text("saved on this device")
    screenshot(page, "09-offline-saved")
    practice_id = page.get_attribute("#player", "data-practice") or ""
    waiting = page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open("gethip");
            open.onsuccess = () => {
                const count = open.result.transaction("outbox").objectStore("outbox").count();
                count.onsuccess = () => resolve(count.result);
            };
        })"""
    )
    assert waiting == 1 + 8 + 2  # the start, eight steps, the end, the ratings
    assert len(api(server, "/api/history")) == before

    context.set_offline(False)
    record = practice(server, practice_id, rated_tightness)
    assert record is not None
    assert (record["status"], record["segments_done"], record["tightness"]) == ("completed", 8, 5)
    expect(page.locator("#net-status")).to_be_empty()

    # Sending it all again (another tab, a retry after a lost answer) changes nothing.
    page.reload()
    page.wait_for_timeout(300)
    after = api(server, "/api/history")
    assert len(after) == before + 1
    assert [p for p in after if p["id"] == practice_id] == [record]


def test_the_moves_and_their_pages_work_offline(
    context: BrowserContext, page: Page, server: str
) -> None:
    from playwright.sync_api import expect

    page.goto("/moves")
    wait_until_offline_ready(page)
    context.set_offline(True)
    page.goto("/moves/full-range-figure-four")
    expect(page.get_by_role("heading", name="Full-Range Figure Four")).to_be_visible()
    page.goto("/moves")
    expect(page.locator(".move-card")).to_have_count(15)
    context.set_offline(False)
