"""A real browser against a real server: Debian's Chromium, driven by Playwright for Python.

Chromium comes from the system (`make test` installs Debian's package when it
can); Playwright never downloads a browser of its own. Without Chromium these
tests skip and say why, except under CI=true, where a skipped browser suite
would hide a broken install, so they fail instead.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from tests.web.server import served

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"


def _unavailable_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: install Debian's chromium (make test does, as root)"
    return None


@pytest.fixture(scope="session")
def driver() -> Iterator[Playwright]:
    """Playwright itself, once per run: every browser of the suite is launched from it."""
    reason = _unavailable_reason()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the browser tests may not be skipped)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(driver: Playwright) -> Iterator[Browser]:
    launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


def launch_with_camera(driver: Playwright, video: Path) -> Browser:
    """A Chromium whose camera plays ``video`` (Y4M or MJPEG) and allows it without asking.

    WebGL has no GPU here (--disable-gpu): Chromium falls back to SwiftShader,
    its software renderer, which MediaPipe's WebGL runs on, slowly.
    """
    camera = [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    return driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS + camera)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`gethip serve` on a free port with a fresh SQLite file; yields the base URL.

    One server for the whole browser suite (it takes seconds to start): each
    test finds its own practice by the id its page made, never by counting.
    """
    folder = tmp_path_factory.mktemp("served")
    with served(folder, f"sqlite:///{folder / 'browser.db'}") as base:
        yield base


def phone_context(browser: Browser, base_url: str, **options: Any) -> BrowserContext:
    """A phone's browser (390×844, touch) on ``base_url``; ``options`` add to or override it."""
    opened = browser.new_context(
        **{
            "viewport": PHONE,
            "base_url": base_url,
            "device_scale_factor": 1,
            "is_mobile": True,
            "has_touch": True,
            **options,
        }
    )
    opened.set_default_timeout(15_000)
    return opened


@pytest.fixture
def context(browser: Browser, server: str) -> Iterator[BrowserContext]:
    opened = phone_context(browser, server, service_workers="allow")
    yield opened
    opened.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    # The pages run under a Content-Security-Policy: anything it blocks is a bug.
    blocked: list[str] = []
    opened.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield opened
    assert errors == [], f"errors in the page: {errors}"
    assert blocked == [], f"blocked by the Content-Security-Policy: {blocked}"


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical accessibility violations axe-core finds in the page as it is."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's policy does not
        # govern; a <script> tag of inline text (add_script_tag) it would block.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results: dict[str, Any] = page.evaluate("() => axe.run(document)")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def api(server: str, path: str) -> Any:
    """The server's own answer, asked from outside the browser (unaffected by its offline mode)."""
    response = httpx.get(f"{server}{path}", timeout=10)
    response.raise_for_status()
    return response.json()


def practice(
    server: str, practice_id: str, until: Callable[[Any], bool], timeout: float = 15
) -> Any:
    """The server's record of one practice, once ``until`` holds for it (or the time is up)."""
    deadline = time.monotonic() + timeout
    while True:
        found = [p for p in api(server, "/api/history") if p["id"] == practice_id]
        if (found and until(found[0])) or time.monotonic() > deadline:
            return found[0] if found else None
        time.sleep(0.1)


def rated(record: Any) -> bool:
    return record["ended_at"] is not None and record["pain"] is not None


def rated_tightness(record: Any) -> bool:
    return record["ended_at"] is not None and record["tightness"] is not None


def all_segments(record: Any) -> bool:
    return bool(record["segments_done"] == record["segments_total"])
