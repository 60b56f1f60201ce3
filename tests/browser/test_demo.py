"""The animated figure on each move's page: it moves, holds still under reduced motion, and
static/js/demo.js places every joint where gethip/core/demo.py does.

One page per context is reused across the fifteen moves, so the suite loads each move once.
Element screenshots land in artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from gethip.content import load_catalog
from gethip.core.demo import cycle_seconds, figure_at
from gethip.core.sides import Side
from gethip.shapes import move_json
from tests.browser.conftest import PHONE, SCREENSHOTS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

MOVE_IDS = load_catalog().ids
SMALL_PHONE = {"width": 360, "height": 640}
A_BEAT_MS = 400


def _page(browser: Browser, server: str, **options: Any) -> Iterator[Page]:
    context = browser.new_context(base_url=server, device_scale_factor=1, **options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"errors in the page: {errors}"


@pytest.fixture(scope="module")
def moving(browser: Browser, server: str) -> Iterator[Page]:
    yield from _page(browser, server, viewport=PHONE)


@pytest.fixture(scope="module")
def reduced(browser: Browser, server: str) -> Iterator[Page]:
    yield from _page(browser, server, viewport=SMALL_PHONE, reduced_motion="reduce")


def capture(page: Page, move_id: str, name: str | None = None) -> bytes:
    figure = page.locator(f"[data-demo={move_id}]")
    if name is None:
        return figure.screenshot(animations="allow")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return figure.screenshot(animations="allow", path=str(SCREENSHOTS / f"{name}.png"))


@pytest.mark.parametrize("move_id", MOVE_IDS)
def test_each_move_page_shows_its_figure_moving(moving: Page, move_id: str) -> None:
    from playwright.sync_api import expect

    moving.goto(f"/moves/{move_id}")
    figure = moving.locator(f"[data-demo={move_id}]")
    expect(figure).to_be_visible()
    expect(figure).to_have_attribute("role", "img")
    name = load_catalog().get(move_id).name
    expect(figure).to_have_attribute(
        "aria-label", re.compile(re.escape(f"{name}: a figure showing "))
    )
    moving.wait_for_function("() => document.querySelector('[data-demo] svg path[d]') !== null")
    first = capture(moving, move_id, f"demo-{move_id}")
    moving.wait_for_timeout(A_BEAT_MS)
    assert capture(moving, move_id) != first, (
        f"{move_id}: the figure did not move in {A_BEAT_MS} ms"
    )


@pytest.mark.parametrize("move_id", MOVE_IDS)
def test_under_reduced_motion_the_figure_holds_its_key_poses_still(
    reduced: Page, move_id: str
) -> None:
    from playwright.sync_api import expect

    reduced.goto(f"/moves/{move_id}")
    figure = reduced.locator(f"[data-demo={move_id}]")
    expect(figure).to_be_visible()
    expect(figure).to_have_attribute("aria-label", re.compile("key positions"))
    first = capture(reduced, move_id, f"demo-still-{move_id}")
    reduced.wait_for_timeout(A_BEAT_MS)
    assert capture(reduced, move_id) == first, f"{move_id}: the figure moved under reduced motion"


def test_the_moves_list_shows_a_still_thumbnail_of_every_move_under_reduced_motion(
    reduced: Page,
) -> None:
    from playwright.sync_api import expect

    reduced.goto("/moves")
    thumbnails = reduced.locator(".move-card [data-demo]")
    expect(thumbnails).to_have_count(len(MOVE_IDS))
    reduced.screenshot(path=str(SCREENSHOTS / "moves-reduced-motion.png"), full_page=True)
    first = thumbnails.nth(0).screenshot()
    reduced.wait_for_timeout(A_BEAT_MS)
    assert thumbnails.nth(0).screenshot() == first


def test_the_moves_list_thumbnails_loop(moving: Page) -> None:
    from playwright.sync_api import expect

    moving.goto("/moves")
    thumbnails = moving.locator(".move-card [data-demo]")
    expect(thumbnails).to_have_count(len(MOVE_IDS))
    moving.screenshot(path=str(SCREENSHOTS / "moves.png"))
    first = thumbnails.nth(0).screenshot(animations="allow")
    moving.wait_for_timeout(A_BEAT_MS)
    assert thumbnails.nth(0).screenshot(animations="allow") != first


# -- the same kinematics as the core ---------------------------------------------------

JOINTS_IN_THE_PAGE = """
async ([moves, samples]) => {
  const demo = await import("/static/js/demo.js");
  return samples.map(([id, seconds, side, breath, part]) => ({
    cycle: demo.cycleSeconds(moves[id], breath, part),
    points: demo.figureAt(moves[id], seconds, side, breath, part),
  }));
}
"""


def samples() -> list[list[Any]]:
    """For every move: moments across two cycles, both sides, two breath lengths, each part alone."""
    out: list[list[Any]] = []
    for move in load_catalog():
        for breath in (6.0, 4.5):
            cycle = cycle_seconds(move, breath)
            for index in range(9):
                seconds = round(cycle * index * 0.23, 6)
                out.append([move.id, seconds, "right", breath, None])
                out.append([move.id, seconds + 0.05, "left", breath, None])
        for part in range(len(move.demo.parts)):
            out.append([move.id, 1.3, "right", 6.0, part])
    return out


@pytest.mark.parametrize("payload", ["api", "page"])
def test_the_page_places_every_joint_where_the_core_does(moving: Page, payload: str) -> None:
    moving.goto("/moves")
    catalog = load_catalog()
    if payload == "api":
        moves = {move.id: move_json(move) for move in catalog}
    else:  # what the pages embed: the demo without its zero angles
        moves = moving.evaluate(
            "() => JSON.parse(document.getElementById('demo-data').textContent)"
        )
    cases = samples()
    found = moving.evaluate(JOINTS_IN_THE_PAGE, [moves, cases])
    for (move_id, seconds, side, breath, part), result in zip(cases, found, strict=True):
        move = catalog.get(move_id)
        assert result["cycle"] == pytest.approx(cycle_seconds(move, breath, part), abs=1e-12)
        expected = figure_at(move, seconds, Side(side), breath, part)
        assert set(result["points"]) == set(expected)
        for joint, (x, y) in expected.items():
            got = result["points"][joint]
            where = f"{move_id} {side} at {seconds} s, breath {breath}, part {part}: {joint}"
            assert got == pytest.approx([x, y], abs=1e-9), where


def test_the_player_can_switch_sides_and_stop_the_figure(moving: Page) -> None:
    moving.goto("/moves/low-lunge-variation")
    label, frozen = moving.evaluate(
        """async () => {
          const { mountDemo } = await import("/static/js/demo.js");
          const move = await (await fetch("/api/moves/low-lunge-variation")).json();
          const element = document.querySelector("[data-demo]");
          const figure = mountDemo(element, move, { breathSeconds: 4 });
          figure.setSide("left");
          figure.stop();
          figure.seek(1);
          const before = element.innerHTML;
          await new Promise((done) => setTimeout(done, 300));
          return [element.getAttribute("aria-label"), before === element.innerHTML];
        }"""
    )
    assert "left side" in label and "every 4 s" in label
    assert frozen
