"""Accessibility: axe-core, run inside each page, finds nothing serious or critical.

Every check runs twice, in the light theme and in the dark one (the browser
asking for `prefers-color-scheme: dark`), because app.css redraws every colour
token for a dark screen and each must keep its contrast. Each page is also
saved as a screenshot at phone size, for a person to look at.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlparse

import httpx
import pytest

from tests.browser.conftest import PHONE, axe_violations, screenshot
from tests.browser.test_hosted_offline import hosted_server  # noqa: F401 (a fixture)
from tests.core.pose_factories import recording
from tests.hosted.conftest import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

SCHEMES = ("light", "dark")


def in_scheme(page: Page, scheme: Literal["light", "dark"]) -> str:
    """Asks the page for ``scheme`` and returns the suffix its screenshots take."""
    page.emulate_media(color_scheme=scheme)
    return "" if scheme == "light" else "-dark"


def log_a_rated_practice(server: str, tightness: int, pain: int) -> None:
    """A finished warm-up written through the API, so History and Progress have something to show."""
    practice_id = str(uuid.uuid4())
    timeline = httpx.get(f"{server}/api/sessions/warmup/timeline").json()
    httpx.put(
        f"{server}/api/practices/{practice_id}", json={"session": "warmup"}
    ).raise_for_status()
    for segment in timeline["segments"]:
        url = f"{server}/api/practices/{practice_id}/segments/{segment['index']}"
        httpx.put(url, json=segment).raise_for_status()
    httpx.put(
        f"{server}/api/practices/{practice_id}/finish",
        json={"tightness": tightness, "pain": pain},
    ).raise_for_status()


@pytest.fixture(scope="module")
def a_month_of_ratings(server: str) -> None:
    for tightness, pain in ((6, 2), (5, 1), (4, 1), (3, 0)):
        log_a_rated_practice(server, tightness, pain)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("today", "/"),
        ("onboarding", "/start/runs"),
        ("moves", "/moves"),
        ("move-low-lunge-variation", "/moves/low-lunge-variation"),
        ("history", "/history"),
        ("progress", "/progress"),
        ("check", "/check"),
        ("onboarding-runs", "/start/runs"),
        ("onboarding-sitting", "/start/sitting"),
        ("onboarding-time", "/start/time"),
        ("not-found", "/moves/no-such-move"),
    ],
)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_each_page_has_no_serious_accessibility_violations(
    page: Page,
    request: pytest.FixtureRequest,
    name: str,
    path: str,
    scheme: Literal["light", "dark"],
) -> None:
    if name in {"history", "progress"}:
        request.getfixturevalue("a_month_of_ratings")
    suffix = in_scheme(page, scheme)
    page.goto(path)
    screenshot(page, f"page-{name}{suffix}")
    assert axe_violations(page) == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_player_has_no_serious_accessibility_violations_in_any_state(
    page: Page, scheme: Literal["light", "dark"]
) -> None:
    suffix = in_scheme(page, scheme)
    page.goto("/play/openers?speed=50")
    page.wait_for_selector("#start:not([disabled])")
    assert axe_violations(page) == [], "setup"
    page.get_by_role("button", name="Start").click()
    page.wait_for_timeout(1500)
    # Mid-session, counting down, as the runner on the mat sees it.
    screenshot(page, f"page-player-playing{suffix}")
    assert axe_violations(page) == [], "playing"
    page.get_by_role("button", name="Pause").click()
    screenshot(page, f"page-player-paused{suffix}")
    assert axe_violations(page) == [], "paused"
    page.get_by_role("button", name="Stop", exact=True).click()
    assert axe_violations(page) == [], "asking to stop"
    page.get_by_role("dialog").get_by_role("button", name="Stop", exact=True).click()
    page.wait_for_selector('#player[data-state="finished"]')
    screenshot(page, f"page-player-finish{suffix}")
    assert axe_violations(page) == [], "finish"


def sign_up_and_make_a_squad(page: Page, email: str) -> str:
    """A new runner on a hosted server, signed in, coaching a squad; the squad page's path."""
    page.goto("/signup")
    page.get_by_label("Your name").fill("Ana")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Make my account").click()
    page.wait_for_selector("[data-user]")
    page.goto("/squads")
    page.get_by_label("Name").fill("Tuesday track")
    page.get_by_role("button", name="Make the squad").click()
    page.wait_for_url("**/squads/*")
    return urlparse(page.url).path


@pytest.mark.parametrize("scheme", SCHEMES)
def test_hosted_pages_have_no_serious_accessibility_violations(
    browser: Browser, request: pytest.FixtureRequest, scheme: Literal["light", "dark"]
) -> None:
    """Hosted mode's own pages, and its header with the account in it, on a phone."""
    hosted = request.getfixturevalue("hosted_server")  # skips, saying why, without PostgreSQL
    context = browser.new_context(base_url=hosted, viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    suffix = "" if scheme == "light" else "-dark"
    for name, path in (("signup", "/signup"), ("signin", "/signin")):
        page.goto(path)
        screenshot(page, f"page-{name}{suffix}")
        assert axe_violations(page) == [], name
    squad = sign_up_and_make_a_squad(page, f"axe-{scheme}@club.example")
    for name, path in (
        ("today-hosted", "/"),
        ("squads", "/squads"),
        ("squad", squad),
        ("join", "/squads/join"),
    ):
        page.goto(path)
        screenshot(page, f"page-{name}{suffix}")
        assert axe_violations(page) == [], name
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_hip_check_is_deleted_on_progress_through_an_accessible_form(
    page: Page, server: str, scheme: Literal["light", "dark"]
) -> None:
    from playwright.sync_api import expect

    ids = [str(uuid.uuid4()), str(uuid.uuid4())]
    for check_id, side, angle in zip(ids, ("left", "right"), (-12.0, 2.0), strict=True):
        body = recording("thomas", side, angle)
        httpx.put(f"{server}/api/checks/{check_id}", json=body).raise_for_status()
    slipped = ids[1]
    try:
        suffix = in_scheme(page, scheme)
        page.goto("/progress")
        form = page.locator(f"#check-{slipped}")
        form.locator("summary").click()
        screenshot(page, f"page-progress-delete-check{suffix}")
        assert axe_violations(page) == [], "asking"
        form.get_by_label("Yes, delete this reading").check()
        form.get_by_role("button", name="Delete for good").click()
        page.wait_for_url("**/progress?deleted=1#checks-title")
        expect(page.locator('p.saved[role="status"]')).to_have_text("Deleted one reading.")
        expect(page.locator(f"#check-{slipped}")).to_have_count(0)
        expect(page.locator(f"#check-{ids[0]}")).to_have_count(1)
        assert axe_violations(page) == [], "deleted"
    finally:
        # The server is the whole suite's: leave its Progress as it was.
        for check_id in ids:
            httpx.delete(f"{server}/api/checks/{check_id}")


def test_reduced_motion_turns_off_the_progress_animation(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.goto("/play/warmup")
    duration = page.evaluate(
        "() => getComputedStyle(document.querySelector('#progress-fill')).transitionDuration"
    )
    assert duration == "0s"


def test_the_player_works_from_the_keyboard_alone(page: Page) -> None:
    page.goto("/play/warmup?speed=20")
    page.wait_for_selector("#start:not([disabled])")
    page.locator("#start").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector('#player[data-state="playing"]')
    assert page.evaluate("() => document.activeElement.id") == "pause"
    page.keyboard.press("Space")
    page.wait_for_selector('#player[data-state="paused"]')
    page.keyboard.press("Space")
    page.wait_for_selector('#player[data-state="playing"]')


@pytest.mark.parametrize("scheme", SCHEMES)
def test_plan_runs_and_profile_have_no_serious_accessibility_violations(
    page: Page, server: str, scheme: Literal["light", "dark"]
) -> None:
    """At phone size: the plan of a saved profile, the runs page after an upload, the form."""
    suffix = in_scheme(page, scheme)
    httpx.put(
        f"{server}/api/profile",
        json={
            "run_days": "mon,wed,sat",
            "run_times": ["07:00"],
            "long_run_day": "sat",
            "sitting_hours": 9,
            "timezone": "Europe/London",
        },
    ).raise_for_status()
    for name, path in (("plan", "/plan"), ("profile", "/profile")):
        page.goto(path)
        screenshot(page, f"page-{name}{suffix}")
        assert axe_violations(page) == [], name
    page.goto("/runs")
    page.set_input_files(
        "#run-files",
        files=[
            {"name": "broken.fit", "mimeType": "application/octet-stream", "buffer": b"not a run"},
        ],
    )
    page.get_by_role("button", name="Import").click()
    page.wait_for_selector("[data-testid=imported]")
    assert "broken.fit" in page.inner_text("main")
    screenshot(page, f"page-runs{suffix}")
    assert axe_violations(page) == [], "runs"
