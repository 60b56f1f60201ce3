"""The profile as a form: what its fields show, how a post reads back, and its problems in words.

The Profile page and the three onboarding screens draw the same fields (see
templates/_profile_fields.html) and read them the same way here; only the app
layer's update decides whether the values are good, so both give the same
answers to the same input.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from gethip.app.errors import InvalidProfile
from gethip.core.profile import Level, Profile, Weekday

# The fields one screen of the form holds; a screen reads and saves only its own.
RUN_WEEK = ("run_days", "run_times", "long_run_day")
SITTING = ("sitting_hours",)
TIME = ("minutes", "timezone")
ABOUT = ("level", "notes")
EVERY_FIELD = RUN_WEEK + SITTING + TIME + ABOUT

# How the runner knows each field: the labels the form itself uses.
FIELD_LABELS = {
    "run_days": "Run days",
    "run_times": "Start times",
    "long_run_day": "Long run",
    "work_days": "Work days",
    "sitting_hours": "Hours sitting",
    "minutes": "Minutes a session",
    "timezone": "Time zone",
    "level": "Level",
    "notes": "Notes",
}

LEVEL_HINTS = {
    Level.BEGINNER: "New to strength and mobility work.",
    Level.INTERMEDIATE: "You already do some strength work or stretching.",
    Level.ADVANCED: "Strength and mobility work are a regular part of your week.",
}


def form_values(profile: Profile | None, zone_name: str) -> dict[str, Any]:
    """What the form shows: the saved profile, or blanks and this machine's zone before any."""
    if profile is None:
        return {
            "run_days": [],
            "run_times": {},
            "long_run_day": "",
            "sitting_hours": "0",
            "minutes": "",
            "timezone": zone_name,
            "level": Level.INTERMEDIATE.value,
            "notes": "",
        }
    data = profile.model_dump(mode="json")
    data["long_run_day"] = data["long_run_day"] or ""
    data["sitting_hours"] = f"{profile.sitting_hours:g}"
    data["minutes"] = "" if profile.minutes is None else str(profile.minutes)
    return data


def _text(form: Any, name: str) -> str:
    return str(form.get(name, "")).strip()


def read_changes(form: Any, fields: Iterable[str] = EVERY_FIELD) -> dict[str, Any]:
    """The posted ``fields`` in the profile's own terms; the profile checks every value."""
    wanted = set(fields)
    run_days = [day.value for day in Weekday if day.value in form.getlist("run_days")]
    every = {
        "run_days": run_days,
        # A time typed for a day that is not ticked is ignored, not an error.
        "run_times": {
            day: _text(form, f"time_{day}") for day in run_days if _text(form, f"time_{day}")
        },
        "long_run_day": _text(form, "long_run_day") or None,
        "sitting_hours": _text(form, "sitting_hours") or "0",
        "minutes": _text(form, "minutes"),
        "timezone": _text(form, "timezone"),
        "level": _text(form, "level"),
        "notes": str(form.get("notes", "")).replace("\r\n", "\n"),
    }
    return {name: value for name, value in every.items() if name in wanted}


def typed_back(form: Any, changes: Mapping[str, Any], shown: dict[str, Any]) -> dict[str, Any]:
    """The form again as the runner typed it, so a refused post loses nothing they wrote."""
    values = {**shown, **changes}
    if "run_times" in changes:
        values["run_times"] = {day.value: str(form.get(f"time_{day.value}", "")) for day in Weekday}
    if "long_run_day" in changes:
        values["long_run_day"] = changes["long_run_day"] or ""
    return values


def problems_in_words(error: InvalidProfile) -> dict[str, str]:
    """Each wrong field's problem as a sentence to show beside it."""
    return {field: _sentence(problem) for field, problem in error.problems.items()}


def _sentence(problem: str) -> str:
    text = problem[:1].upper() + problem[1:]
    return text if text.endswith((".", "!", "?", ")")) else text + "."
