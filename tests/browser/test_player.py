"""The guided player in a phone-sized Chromium: a whole session, played fast, logged step by step."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import all_segments, practice, rated, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# The openers last 22:30; at 90 times their speed they take 15 s.
FAST = 90
# A function, not an expression string: the page's policy forbids eval, which
# Playwright would use to run a bare expression.
AT_SEGMENT = "(index) => document.querySelector('#player').dataset.segment === index"


def wait_for_state(page: Page, state: str, timeout: float = 30_000) -> None:
    page.wait_for_selector(f'#player[data-state="{state}"]', timeout=timeout)


def stop_and_confirm(page: Page) -> None:
    page.get_by_role("button", name="Stop", exact=True).click()
    page.get_by_role("dialog").get_by_role("button", name="Stop", exact=True).click()


def test_the_openers_from_today_to_history(page: Page, server: str) -> None:
    from playwright.sync_api import expect

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")
    screenshot(page, "01-today")
    page.locator('a[href="/play/openers"]').first.click()
    expect(page).to_have_url(f"{server}/play/openers")
    # The test hook: the same page, played FAST times faster.
    page.goto(f"/play/openers?speed={FAST}")
    expect(page.locator("#plan")).to_have_text("22:30 as written")
    screenshot(page, "02-player-setup")

    page.get_by_role("button", name="Start").click()
    wait_for_state(page, "playing")
    cues: list[str] = []
    sides: list[str] = []
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline:
        cue = page.locator("#cue").text_content() or ""
        if cue and (not cues or cues[-1] != cue):
            cues.append(cue)
        side = page.locator("#side").get_attribute("data-side") or ""
        if side and (not sides or sides[-1] != side):
            sides.append(side)
        if sides[-2:] == ["right", "left"] and len(cues) >= 5:
            break
        page.wait_for_timeout(40)
    assert len(cues) >= 5, cues
    assert sides[:2] == ["right", "left"], sides
    screenshot(page, "03-player-playing")

    page.get_by_role("button", name="Pause").click()
    wait_for_state(page, "paused")
    frozen = (
        page.locator("#countdown").text_content(),
        page.get_attribute("#player", "data-segment"),
    )
    page.wait_for_timeout(700)  # a minute of session time at this speed
    assert (
        page.locator("#countdown").text_content(),
        page.get_attribute("#player", "data-segment"),
    ) == frozen
    screenshot(page, "04-player-paused")
    page.get_by_role("button", name="Resume").click()
    wait_for_state(page, "playing")
    page.wait_for_function(
        "(was) => document.querySelector('#player').dataset.segment !== was",
        arg=str(frozen[1]),
        timeout=10_000,
    )

    wait_for_state(page, "finished", timeout=40_000)
    expect(page.locator("#summary")).to_have_text("41 of 41 steps of work done.")
    page.locator("label").filter(has=page.locator('input[name="tightness"][value="3"]')).click()
    page.locator("label").filter(has=page.locator('input[name="pain"][value="1"]')).click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#saved")).to_be_visible()
    expect(page.locator("#advice")).to_be_hidden()
    screenshot(page, "05-player-rated")
    practice_id = page.get_attribute("#player", "data-practice")

    record = practice(server, practice_id or "", rated)
    page.get_by_role("link", name="See your history").click()
    row = page.locator(f'[data-practice="{practice_id}"]')
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Hip openers")
    expect(row).to_contain_text("completed")
    expect(row).to_contain_text("50/50")
    screenshot(page, "06-history")

    assert (record["status"], record["segments_done"], record["segments_total"]) == (
        "completed",
        50,
        50,
    )
    assert (record["tightness"], record["pain"]) == (3, 1)
    assert record["seconds_done"] == 1350.0


def test_high_pain_brings_the_safety_advice_and_a_budget_labels_the_deviation(
    page: Page, server: str
) -> None:
    from playwright.sync_api import expect

    page.goto("/play/openers?speed=200")
    page.get_by_label("Time budget in minutes").fill("12")
    expect(page.locator("#deviation")).to_contain_text("Shortened to fit 12 min")
    expect(page.locator("#plan")).to_contain_text("shortened")
    page.get_by_label("Length of one deep breath").fill("4")
    expect(page.locator("#start")).to_be_enabled()
    screenshot(page, "07-player-budget")
    page.get_by_role("button", name="Start").click()
    wait_for_state(page, "playing")
    # keyboard: space pauses, n skips a step, space resumes
    page.locator("body").press(" ")
    wait_for_state(page, "paused")
    before = int(page.get_attribute("#player", "data-segment") or "0")
    page.locator("body").press("n")
    page.wait_for_function(AT_SEGMENT, arg=str(before + 1))
    page.locator("body").press("b")  # at a step's very start, back goes to the step before
    page.wait_for_function(AT_SEGMENT, arg=str(before))
    page.locator("body").press("n")
    page.wait_for_function(AT_SEGMENT, arg=str(before + 1))
    page.locator("body").press(" ")
    wait_for_state(page, "playing")
    stop_and_confirm(page)
    wait_for_state(page, "finished")
    expect(page.get_by_role("heading", name="Stopped")).to_be_visible()
    page.locator("label").filter(has=page.locator('input[name="pain"][value="8"]')).click()
    page.get_by_role("button", name="Save").click()
    advice = page.get_by_role("alert")
    expect(advice).to_contain_text("Stop here for today")
    screenshot(page, "08-player-high-pain")

    record = practice(server, page.get_attribute("#player", "data-practice") or "", rated)
    assert record["status"] == "stopped"
    assert record["pain"] == 8
    assert record["settings"] == {"breath_seconds": 4.0, "minutes": 12}
    assert record["deviation"]["label"].startswith("Shortened to fit 12 min")


def test_a_starved_tab_catches_up_without_drift_and_logs_every_step(
    page: Page, server: str
) -> None:
    """Timers sleep in a hidden tab; blocking the page's thread does the same to them."""
    speed = 30  # the warm-up's 3:00 in 6 s
    page.goto(f"/play/warmup?speed={speed}")
    page.get_by_role("button", name="Start").click()
    started = time.monotonic()
    wait_for_state(page, "playing")
    page.wait_for_timeout(1000)
    # Two seconds with no timer firing: a minute of session time falls due at once.
    page.evaluate(
        "() => { const end = performance.now() + 2000; while (performance.now() < end) {} }"
    )
    wait_for_state(page, "finished", timeout=20_000)
    elapsed = time.monotonic() - started
    # Cues sit at absolute offsets, so the stall adds nothing to the session's length.
    assert 180 / speed - 0.5 < elapsed < 180 / speed + 1.5, elapsed
    record = practice(server, page.get_attribute("#player", "data-practice") or "", all_segments)
    assert record["segments_done"] == record["segments_total"] == 8


def test_stop_asks_first_and_keeping_on_plays_on(page: Page, server: str) -> None:
    from playwright.sync_api import expect

    page.goto("/play/warmup?speed=5")
    page.get_by_role("button", name="Start", exact=True).click()
    wait_for_state(page, "playing")
    expect(page.locator("header.top")).to_be_hidden()
    page.get_by_role("button", name="Stop", exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Stop the session?")
    # While the question is open the session holds still.
    wait_for_state(page, "paused")
    dialog.get_by_role("button", name="Keep going").click()
    expect(dialog).to_be_hidden()
    wait_for_state(page, "playing")
    expect(page.get_by_role("button", name="Pause", exact=True)).to_be_visible()

    page.get_by_role("button", name="Stop", exact=True).click()
    dialog.get_by_role("button", name="Stop", exact=True).click()
    wait_for_state(page, "finished")
    expect(page.get_by_role("heading", name="Stopped")).to_be_visible()
    expect(page.locator("header.top")).to_be_visible()
    record = practice(
        server,
        page.get_attribute("#player", "data-practice") or "",
        lambda r: r["ended_at"] is not None,
    )
    assert record["status"] == "stopped"


def test_a_practice_left_midway_resumes_from_today_at_the_step_it_reached(
    page: Page, server: str
) -> None:
    from playwright.sync_api import expect

    reached = 7  # the bridge, right leg, first rep: well into the session
    page.goto("/play/openers")
    page.get_by_role("button", name="Start", exact=True).click()
    wait_for_state(page, "playing")
    for _ in range(reached):
        page.get_by_role("button", name="Next", exact=True).click()
    page.wait_for_function(AT_SEGMENT, arg=str(reached))
    practice_id = page.get_attribute("#player", "data-practice") or ""
    # Every step passed is on the server before the page is left.
    practice(server, practice_id, lambda r: r["segments_done"] == reached)
    page.goto("/")  # left without stopping: the practice stays interrupted

    offer = page.get_by_test_id("resume")
    expect(offer).to_contain_text("Hip openers")
    offer.get_by_role("link", name="Resume").click()
    expect(page).to_have_url(f"{server}/play/openers?resume={practice_id}")
    expect(page.get_by_test_id("resume-note")).to_contain_text("move 3 of 5, right side")
    page.get_by_role("button", name="Resume", exact=True).click()
    wait_for_state(page, "playing")
    assert page.get_attribute("#player", "data-segment") == str(reached)
    expect(page.locator("#step-count")).to_have_text("Move 3 of 5 · right side")
    expect(page.locator("#stage [data-demo]")).to_have_attribute("data-demo", "one-legged-bridge")
    assert page.get_attribute("#player", "data-practice") == practice_id


def test_a_reload_mid_session_takes_it_up_at_the_same_step(page: Page, server: str) -> None:
    from playwright.sync_api import expect

    page.goto("/play/warmup")
    page.get_by_role("button", name="Start", exact=True).click()
    wait_for_state(page, "playing")
    for _ in range(3):
        page.get_by_role("button", name="Next", exact=True).click()
    practice_id = page.get_attribute("#player", "data-practice") or ""
    practice(server, practice_id, lambda r: r["segments_done"] == 3)
    page.reload()
    expect(page.get_by_test_id("resume-note")).to_contain_text("move 2 of 4")
    page.get_by_role("button", name="Resume", exact=True).click()
    wait_for_state(page, "playing")
    assert page.get_attribute("#player", "data-segment") == "3"
    assert page.get_attribute("#player", "data-practice") == practice_id
