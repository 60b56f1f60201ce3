"""A first visit on a phone: from an empty database, three screens, then Today with the plan.

Its own server on its own empty database: the suite's shared server already
holds a profile by the time this runs, and a first visit needs none.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import api, axe_violations, phone_context, screenshot
from tests.web.server import served

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

PHONE_ZONE = "America/New_York"


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("first-visit")
    with served(folder, f"sqlite:///{folder / 'empty.db'}") as base:
        yield base


@pytest.fixture
def phone(browser: Browser, empty_server: str) -> Iterator[Page]:
    """A phone in New York: its zone is what the onboarding should pick up."""
    context = phone_context(browser, empty_server, timezone_id=PHONE_ZONE)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], f"errors in the page: {errors}"


def test_a_first_visit_goes_from_get_started_to_todays_plan(phone: Page, empty_server: str) -> None:
    assert api(empty_server, "/api/profile") is None
    phone.goto("/")
    screenshot(phone, "onboarding-0-today-empty")
    phone.get_by_role("link", name="Get started").click()

    phone.wait_for_url("**/start/runs")
    for day in ("Mon", "Wed", "Sat"):
        phone.get_by_role("checkbox", name=day).check()
    phone.get_by_label("Mon start time").fill("07:00")
    phone.get_by_label("Your long run is on").select_option("sat")
    screenshot(phone, "onboarding-1-runs")
    assert axe_violations(phone) == [], "runs"
    phone.get_by_role("button", name="Next").click()

    phone.wait_for_url("**/start/sitting")
    phone.get_by_label("Hours you sit on a work day").fill("9")
    screenshot(phone, "onboarding-2-sitting")
    assert axe_violations(phone) == [], "sitting"
    phone.get_by_role("button", name="Next").click()

    phone.wait_for_url("**/start/time")
    zone = phone.get_by_label("Your time zone")
    # Filled in by the page from the phone's own setting, not typed.
    assert zone.input_value() == PHONE_ZONE
    phone.get_by_label("Minutes you can give a session").fill("20")
    screenshot(phone, "onboarding-3-time")
    assert axe_violations(phone) == [], "time"
    phone.get_by_role("button", name="Show my plan").click()

    phone.wait_for_url(f"{empty_server}/")
    phone.wait_for_selector("[data-testid=week-strip]")
    assert phone.get_by_text("Get started").count() == 0
    assert phone.locator(".strip-day").count() == 7
    screenshot(phone, "onboarding-4-today-with-plan")
    assert axe_violations(phone) == [], "today"

    profile = api(empty_server, "/api/profile")
    assert profile["timezone"] == PHONE_ZONE
    assert profile["run_days"] == ["mon", "wed", "sat"]
    assert (profile["sitting_hours"], profile["minutes"]) == (9, 20)


def test_the_profile_form_shows_several_problems_at_once(phone: Page, empty_server: str) -> None:
    phone.goto("/profile")
    phone.get_by_label("Hours you sit on a work day").fill("30")
    phone.get_by_label("Minutes you can give a session").fill("-5")
    phone.get_by_label("Your time zone").fill("Atlantis/Capital")
    phone.get_by_role("button", name="Save").click()
    summary = phone.locator("[data-testid=error-summary]")
    summary.wait_for()
    assert "3 things to fix" in summary.inner_text()
    assert phone.locator(".field-error").count() == 3
    for label in (
        "Hours you sit on a work day",
        "Minutes you can give a session",
        "Your time zone",
    ):
        assert phone.get_by_label(label).get_attribute("aria-invalid") == "true", label
    screenshot(phone, "profile-several-errors")
    assert axe_violations(phone) == [], "profile with errors"
