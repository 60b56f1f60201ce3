"""Every page on one image, light and dark: a contact sheet a person can review in a glance.

Each page is shot as a phone (390×844) first shows it, then the shots are
laid side by side, labelled, in artifacts/screenshots/contact-sheet-light.png
and contact-sheet-dark.png: every page of local mode, then hosted mode's own
(sign-up, sign-in, squads, a squad, joining one) with a runner signed in, when
this machine has PostgreSQL for a hosted server. The same walk checks what a
screenshot cannot show by itself: that no page is wider than the phone (a page
that scrolls sideways hides its right edge from a thumb).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

import httpx
import pytest
from PIL import Image, ImageDraw

from tests.browser.conftest import PHONE, SCREENSHOTS, phone_context
from tests.browser.test_accessibility import log_a_rated_practice, sign_up_and_make_a_squad
from tests.browser.test_hosted_offline import hosted_server  # noqa: F401 (a fixture)

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

# Every page local mode serves.
PAGES = [
    ("today", "/"),
    ("onboarding", "/start/runs"),
    ("moves", "/moves"),
    ("move", "/moves/low-lunge-variation"),
    ("player", "/play/openers"),
    ("history", "/history"),
    ("progress", "/progress"),
    ("plan", "/plan"),
    ("runs", "/runs"),
    ("profile", "/profile"),
    ("check", "/check"),
    ("not found", "/moves/no-such-move"),
]
# Hosted mode's own pages: sign-up and sign-in signed out, then a runner's squads, the squad
# they coach and the page to join one.
HOSTED_PAGES = ["sign up", "sign in", "squads", "squad", "join"]
COLUMNS = 4
SCALE = 2  # each tile is the phone's screen at half size: enough to judge layout and colour
LABEL = 28  # pixels above each tile for its name
GAP = 12


@pytest.fixture(scope="module")
def a_runner_with_a_history(server: str) -> None:
    """A profile and rated practices, so Plan, History and Progress show what a runner sees."""
    httpx.put(
        f"{server}/api/profile",
        json={
            "run_days": "tue,thu,sun",
            "run_times": ["18:00"],
            "long_run_day": "sun",
            "sitting_hours": 8,
            "timezone": "Europe/London",
        },
    ).raise_for_status()
    for tightness, pain in ((7, 3), (6, 2), (4, 1)):
        log_a_rated_practice(server, tightness, pain)


def phone_page(browser: Browser, base_url: str, scheme: Literal["light", "dark"]) -> Page:
    return phone_context(browser, base_url, color_scheme=scheme).new_page()


@pytest.fixture
def themed_page(browser: Browser, server: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    page = phone_page(browser, server, request.param)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.context.close()
    assert errors == [], f"errors in the pages: {errors}"


def hosted_server_or_none(request: pytest.FixtureRequest) -> str | None:
    """A hosted server, or None on a machine without PostgreSQL: the local pages still count."""
    try:
        return str(request.getfixturevalue("hosted_server"))
    except pytest.skip.Exception:
        return None


def contact_sheet(tiles: list[tuple[str, Path]], path: Path, dark: bool) -> Image.Image:
    """The shots in a grid, each under its name, at 1/SCALE of the phone's size."""
    width, height = PHONE["width"] // SCALE, PHONE["height"] // SCALE
    rows = -(-len(tiles) // COLUMNS)
    background, ink = ((24, 32, 28), (231, 237, 233)) if dark else ((245, 245, 240), (23, 32, 27))
    sheet = Image.new(
        "RGB",
        (COLUMNS * (width + GAP) + GAP, rows * (height + LABEL + GAP) + GAP),
        background,
    )
    draw = ImageDraw.Draw(sheet)
    for number, (name, shot) in enumerate(tiles):
        column, row = number % COLUMNS, number // COLUMNS
        x = GAP + column * (width + GAP)
        y = GAP + row * (height + LABEL + GAP)
        draw.text((x, y + 6), name, fill=ink, font_size=16)
        with Image.open(shot) as image:
            sheet.paste(
                image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS),
                (x, y + LABEL),
            )
    sheet.save(path)
    return sheet


@pytest.mark.parametrize("themed_page", ["light", "dark"], indirect=True)
def test_every_page_fits_the_phone_and_lands_on_the_contact_sheet(
    themed_page: Page,
    a_runner_with_a_history: None,
    browser: Browser,
    request: pytest.FixtureRequest,
) -> None:
    page = themed_page
    scheme = page.evaluate(
        "() => matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tiles: list[tuple[str, Path]] = []
    too_wide: dict[str, int] = {}

    def shoot(shown: Page, name: str) -> None:
        shown.wait_for_load_state("networkidle")
        width = shown.evaluate("() => document.scrollingElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[name] = width
        shot = SCREENSHOTS / f"sheet-{scheme}-{name.replace(' ', '-')}.png"
        shown.screenshot(path=str(shot))
        tiles.append((name, shot))

    for name, path in PAGES:
        page.goto(path)
        shoot(page, name)
    expected = [name for name, _ in PAGES]

    hosted = hosted_server_or_none(request)
    if hosted is not None:
        club = phone_page(browser, hosted, scheme)
        for name, path in (("sign up", "/signup"), ("sign in", "/signin")):
            club.goto(path)
            shoot(club, name)
        squad = sign_up_and_make_a_squad(club, f"sheet-{scheme}@club.example")
        for name, path in (("squads", "/squads"), ("squad", squad), ("join", "/squads/join")):
            club.goto(path)
            shoot(club, name)
        club.context.close()
        expected += HOSTED_PAGES

    sheet_path = SCREENSHOTS / f"contact-sheet-{scheme}.png"
    contact_sheet(tiles, sheet_path, dark=scheme == "dark")

    assert too_wide == {}, f"pages wider than the {PHONE['width']} px phone: {too_wide}"
    assert [name for name, _ in tiles] == expected, "one tile per page"
    with Image.open(sheet_path) as sheet:
        rows = -(-len(expected) // COLUMNS)
        assert sheet.size == (
            COLUMNS * (PHONE["width"] // SCALE + GAP) + GAP,
            rows * (PHONE["height"] // SCALE + LABEL + GAP) + GAP,
        ), "a grid of one tile per page"
