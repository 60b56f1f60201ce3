"""The hip check page: a guided camera test whose pose model and maths both run on the phone.

The route hands the page the safety notes, the core's limits (so the page's
maths uses the core's numbers), the words of each test and the pose model's
name; the page does the rest. No picture or video leaves the phone: the pose
model is served from this app's own static folder, and only each side's
landmarks come back here, to PUT /api/checks, where the core measures them
again before the reading is kept.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from gethip.core.hipcheck import CAVEAT, UNCERTAINTY_SOURCE, limits_json
from gethip.core.safety import SAFETY_NOTES
from gethip.web.pages.templating import templates

router = APIRouter(include_in_schema=False)

POSE_FOLDER = Path(__file__).resolve().parents[1] / "static" / "vendor" / "mediapipe-pose"
POSE_URL = "/static/vendor/mediapipe-pose/"

# Spoken to someone lying down who cannot see the screen: short sentences,
# the side named every time. {side} is the tested leg, {other} the other one.
TESTS: dict[str, dict[str, str]] = {
    "thomas": {
        "name": "Thomas test",
        "what": "How far your thigh drops when it hangs off a bench: hip extension.",
        "needs": "A firm bench, bed or table you can lie back on, with its edge at your seat.",
        "place": (
            "Stand the phone on its side at bench height, two to three metres away, looking "
            "straight at the side of the bench. Lie down so the leg you test is nearest the phone."
        ),
        "position": (
            "{Side} side. Sit on the very edge of the bench, lie back, hug your {other} knee "
            "to your chest and let your {side} leg hang loose."
        ),
        "hold": "Hold still. Let the {side} leg hang.",
        "relax": "Relax. Let go of the knee and sit up slowly.",
    },
    "lunge": {
        "name": "Half-kneeling lunge",
        "what": "How far your back thigh reaches behind your trunk: hip extension.",
        "needs": "A soft mat or folded towel under the knee. No bench needed.",
        "place": (
            "Stand the phone on its side at hip height when kneeling, two to three metres away, "
            "looking straight at the side of the mat. Kneel so the leg you test is nearest the phone."
        ),
        "position": (
            "{Side} side. Kneel on your {side} knee with your {other} foot forward, trunk "
            "upright. Squeeze your {side} buttock and ease your hips forward."
        ),
        "hold": "Hold still, trunk upright.",
        "relax": "Relax. Step back and stand up slowly.",
    },
}

TEST_NOTES = (
    "Stop at once if anything hurts: say stop, or tap the screen.",
    "Not after an injury or surgery to the hip, knee or back until whoever treats you agrees.",
    "Use a bench that will not tip, and get up slowly: lying back off an edge can make you dizzy.",
)

# What the page runs: three trials a side, seconds of each phase.
PROTOCOL = {
    "trials": 3,
    "get_ready_seconds": 12,
    "hold_seconds": 8,
    "rest_seconds": 8,
    "model_complexity": 1,
}


def pose_model() -> str | None:
    """Which pose model the page runs, as kept with each reading: its package, version, complexity."""
    try:
        package = json.loads((POSE_FOLDER / "package.json").read_text(encoding="utf-8"))
        named = f"{package['name']} {package['version']}"
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return f"{named}, model complexity {PROTOCOL['model_complexity']}"


def page_data() -> dict[str, Any]:
    return {
        "limits": limits_json(),
        "tests": TESTS,
        "protocol": PROTOCOL,
        "pose_url": POSE_URL,
        "pose_model": pose_model(),
        "uncertainty_source": UNCERTAINTY_SOURCE,
        "caveat": CAVEAT,
    }


@router.get("/check", response_class=HTMLResponse)
def check_page(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "check.html",
        {
            "page": "check",
            "check": page_data(),
            "tests": TESTS,
            "safety_notes": SAFETY_NOTES,
            "test_notes": TEST_NOTES,
            "pose_installed": (POSE_FOLDER / "pose.js").is_file(),
            "pose_url": POSE_URL,
            "caveat": CAVEAT,
            "uncertainty_source": UNCERTAINTY_SOURCE,
        },
    )
