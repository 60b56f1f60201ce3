"""In a real browser: a page elsewhere cannot post to the coach, and the coach's own writes carry its token."""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import api

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_a_form_on_another_page_cannot_change_the_profile(page: Page, server: str) -> None:
    before = api(server, "/api/profile")
    # A page that is not ours (here about:blank, origin "null") submits a form to the coach.
    page.set_content(
        f"""<form method="post" action="{server}/profile">
        <input name="run_days" value="mon"><input name="timezone" value="UTC">
        <input name="notes" value="written by another site"><button>Go</button></form>"""
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Go").click()
    assert "another site" in page.inner_text("main")
    assert api(server, "/api/profile") == before


def test_the_profile_form_saves_from_its_own_page(page: Page, server: str) -> None:
    page.goto("/profile")
    page.get_by_label("Mon", exact=True).check()
    page.get_by_label("Time zone").fill("Europe/Madrid")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".saved")
    assert api(server, "/api/profile")["timezone"] == "Europe/Madrid"


def test_the_outbox_sends_the_token_with_each_write(page: Page, server: str) -> None:
    page.goto("/")
    practice_id = str(uuid.uuid4())
    with page.expect_request(lambda request: practice_id in request.url) as sent:
        page.evaluate(
            """async (url) => {
                const outbox = await import("/static/js/outbox.js");
                await outbox.put(url, { session: "warmup" });
            }""",
            f"/api/practices/{practice_id}",
        )
    cookie = next(c for c in page.context.cookies() if c["name"] == "gethip_csrf")
    assert sent.value.headers["x-csrf-token"] == cookie["value"]
    assert json.loads(sent.value.post_data or "{}") == {"session": "warmup"}
    assert any(p["id"] == practice_id for p in api(server, "/api/history"))
