"""The player as a full-screen coach at phone sizes: every step of every session fits.

At each of four screens (three phones upright, one on its side) every built-in
session is started and stepped through with Next. At each step the four
controls must be inside the screen, big enough for a thumb, clear of each
other and of everything else on show, and exactly where they were at the step
before; the site's navigation must be hidden; and the figure must show the
move being done (or, during a transition, the one coming up).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.conftest import api, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize

pytestmark = pytest.mark.browser

VIEWPORTS: dict[str, ViewportSize] = {
    "360x640": {"width": 360, "height": 640},
    "390x844": {"width": 390, "height": 844},
    "412x915": {"width": 412, "height": 915},
    "844x390": {"width": 844, "height": 390},
}
CONTROLS = ["Back", "Pause", "Next", "Stop"]
MIN_TARGET = 48

# Everything measured in one call per step: a round trip per element would make
# the eight hundred steps of this file take minutes instead of seconds.
MEASURE = """(expected) => {
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
  };
  const shown = (el) => {
    if (!el || el.closest("[hidden]")) return false;
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return style.display !== "none" && style.visibility !== "hidden" && r.width > 0 && r.height > 0;
  };
  const inside = (r) => r.left >= -0.5 && r.top >= -0.5 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5;
  const cross = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
  const name = (el) => el.id ? "#" + el.id : el.tagName.toLowerCase() + "." + el.className;
  const player = document.getElementById("player");
  const bar = document.querySelector("#stage .controls");
  const buttons = [...bar.querySelectorAll("button")].map((b) => ({ name: b.textContent.trim(), ...box(b), shown: shown(b) }));
  // Everything else on show: not inside the controls, not holding them, not an SVG's insides
  // (an SVG shape's box ignores the clipping of its drawing).
  const others = [...document.querySelectorAll("#stage *")].filter((el) =>
    shown(el) && !bar.contains(el) && !el.contains(bar) && !el.closest("svg") && !el.closest("dialog"));
  const overlaps = [];
  for (const b of buttons) for (const el of others) if (cross(b, box(el))) overlaps.push(`${b.name} over ${name(el)}`);
  for (let i = 0; i < buttons.length; i++) for (let j = i + 1; j < buttons.length; j++) {
    if (cross(buttons[i], buttons[j])) overlaps.push(`${buttons[i].name} over ${buttons[j].name}`);
  }
  // The parts of the stage keep to their own places.
  const parts = [".stage-head", "#figure", ".ring", ".detail", "#cue", ".next-up", ".bar"]
    .map((s) => document.querySelector("#stage " + s)).filter(shown);
  for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) {
    if (cross(box(parts[i]), box(parts[j]))) overlaps.push(`${name(parts[i])} over ${name(parts[j])}`);
  }
  const offscreen = others.filter((el) => !el.closest(".next-figure") && !inside(box(el))).map(name);
  const demo = document.querySelector("#stage [data-demo]");
  return {
    segment: Number(player.dataset.segment),
    state: player.dataset.state,
    buttons,
    overlaps,
    offscreen,
    parts: parts.length,
    words: ["step-count", "step-label", "reps", "cue", "next-up", "countdown"].reduce((all, id) => {
      const el = document.getElementById(id);
      all[id] = shown(el) ? el.textContent.trim() : "";
      return all;
    }, {}),
    nav: shown(document.querySelector("header.top")),
    demo: demo ? { move: demo.dataset.demo, shown: shown(demo), inside: inside(box(demo)) } : null,
  };
}"""


def check_step(found: dict[str, Any], where: str, move: str) -> None:
    names = [button["name"] for button in found["buttons"]]
    assert names == CONTROLS, where
    for button in found["buttons"]:
        assert button["shown"], f"{where}: {button['name']} hidden"
        assert button["width"] >= MIN_TARGET and button["height"] >= MIN_TARGET, (where, button)
        assert button["left"] >= 0 and button["top"] >= 0, (where, button)
    assert found["parts"] == 7, f"{where}: a part of the stage is missing"
    assert found["overlaps"] == [], where
    assert found["offscreen"] == [], where
    assert not found["nav"], f"{where}: the site navigation shows"
    assert found["demo"] is not None, f"{where}: no figure"
    assert found["demo"]["move"] == move, where
    assert found["demo"]["shown"] and found["demo"]["inside"], (where, found["demo"])


def check_words(words: dict[str, str], where: str) -> None:
    """Counted as a runner counts, each number said once, the next step in plain words."""
    assert re.fullmatch(r"Move \d+ of \d+( · .+)?", words["step-count"]), (where, words)
    assert not re.fullmatch(r"\d+\W*( last five\.)?", words["cue"]), (where, words)
    # "Next" is said once on screen: by the line that shows what comes next.
    assert not words["cue"].startswith("Next"), (where, words)
    assert not ("reps" in words["step-label"] and "reps" in words["reps"]), (where, words)
    assert words["next-up"] == "Last step" or words["next-up"].startswith("Next: "), (where, words)
    assert "Then" not in words["next-up"] and "Next up" not in words["next-up"], (where, words)


def places(found: dict[str, Any]) -> list[tuple[float, float, float, float]]:
    return [(b["left"], b["top"], b["width"], b["height"]) for b in found["buttons"]]


def play_through(
    page: Page, session_id: str, segments: list[dict[str, Any]], size: str, query: str = ""
) -> None:
    page.goto(f"/play/{session_id}{query}")
    page.wait_for_selector("#start:not([disabled])")
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_selector('#player[data-state="playing"]')
    first: list[tuple[float, float, float, float]] | None = None
    for index, segment in enumerate(segments):
        where = f"{session_id} at {size}, step {index} ({segment['kind']} {segment['move']})"
        found = page.evaluate(MEASURE)
        assert found["segment"] == index, where
        check_step(found, where, segment["move"])
        check_words(found["words"], where)
        if first is None:
            first = places(found)
        assert places(found) == first, f"{where}: the controls moved"
        page.locator("#next").click()
    page.wait_for_selector('#player[data-state="finished"]')
    assert page.locator("header.top").is_visible(), "the navigation comes back at the end"


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_every_step_of_every_session_fits_the_screen(page: Page, server: str, size: str) -> None:
    page.set_viewport_size(VIEWPORTS[size])
    for session in api(server, "/api/sessions"):
        timeline = api(server, f"/api/sessions/{session['id']}/timeline")
        play_through(page, session["id"], timeline["segments"], size)


@pytest.mark.parametrize(("session_id", "minutes"), [("offday", 12), ("openers", 8)])
def test_a_session_shortened_to_a_budget_fits_the_smallest_phone(
    page: Page, server: str, session_id: str, minutes: int
) -> None:
    """A plan's budget rewrites doses and labels: the longer words must fit too."""
    page.set_viewport_size(VIEWPORTS["360x640"])
    timeline = api(server, f"/api/sessions/{session_id}/timeline?minutes={minutes}")
    assert timeline["deviation"] is not None, "the budget shortens the session"
    play_through(page, session_id, timeline["segments"], "360x640", f"?minutes={minutes}")


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_a_screenshot_mid_session(page: Page, size: str) -> None:
    page.set_viewport_size(VIEWPORTS[size])
    page.goto("/play/openers")
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_selector('#player[data-state="playing"]')
    for _ in range(3):  # into the low lunge, left side: a held, sided, breath-paced step
        page.locator("#next").click()
    page.locator("#next").click()
    page.locator("#next").click()
    page.wait_for_selector("#pacer:not([hidden])")
    screenshot(page, f"10-player-{size}")


def test_reduced_motion_keeps_the_figure_still_and_the_ring_unanimated(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.goto("/play/openers")
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_selector('#player[data-state="playing"]')
    assert page.locator("#figure .demo-ghost").count() > 0, "the key poses, drawn still"
    before = page.inner_html("#figure")
    page.wait_for_timeout(400)
    assert page.inner_html("#figure") == before
    ring = "() => getComputedStyle(document.querySelector('#ring-fill')).transitionDuration"
    assert page.evaluate(ring) == "0s"


# Counts what the player asks of the speaker and the vibration motor.
LISTEN = """
window.heard = { tones: 0, buzzes: [] };
navigator.vibrate = (pattern) => { window.heard.buzzes.push(pattern); return true; };
const made = AudioContext.prototype.createOscillator;
AudioContext.prototype.createOscillator = function () { window.heard.tones += 1; return made.call(this); };
"""


def test_a_switch_of_sides_chimes_and_buzzes_and_the_last_seconds_beep(page: Page) -> None:
    page.add_init_script(LISTEN)
    page.goto("/play/openers?speed=10")
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_selector('#player[data-state="playing"]')
    page.wait_for_function("() => window.heard.tones >= 3", timeout=5_000)  # "get ready" runs out
    for _ in range(2):  # to the low lunge's right side; its last seconds lead into the switch
        page.locator("#next").click()
    page.wait_for_function(
        "() => window.heard.buzzes.some((p) => Array.isArray(p) && p.length === 3)", timeout=10_000
    )


def test_the_voice_settings_are_remembered(page: Page) -> None:
    page.goto("/play/warmup")
    page.locator("#voice-rate").fill("1.3")
    page.get_by_label("Beep for the last three seconds").uncheck()
    page.reload()
    assert page.locator("#voice-rate").input_value() == "1.3"
    assert not page.get_by_label("Beep for the last three seconds").is_checked()
    assert page.get_by_label("Voice", exact=True).is_visible()
