"""The JSON every face prints: the CLI's `--json` and the web API return these same objects.

They live here, outside both faces, so `gethip stats --json` and `GET /api/stats`
cannot drift apart: each renders the same use case's answer with the same function.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gethip.core.catalog import Move, describe_dose

# Only the types at import: `gethip moves --json` should not pay for the planner,
# the compiler and the stats models it never uses.
if TYPE_CHECKING:
    from gethip.core.hipcheck_comparison import Difference
    from gethip.core.hipcheck_history import CheckHistory, CheckReading
    from gethip.core.planner import Plan, PlanItem
    from gethip.core.practice import PracticeSummary
    from gethip.core.profile import Profile
    from gethip.core.run_summary import RunSummary
    from gethip.core.sessions import Session
    from gethip.core.stats import Stats
    from gethip.core.timeline import Timeline


def move_json(move: Move) -> dict[str, Any]:
    data = move.model_dump(mode="json")
    data["dose_text"] = describe_dose(move.dose)
    return data


def demos_json(moves: Sequence[Move]) -> dict[str, dict[str, Any]]:
    """What static/js/demo.js needs to draw each move, keyed by id; zero angles left out."""
    return {
        move.id: {
            "id": move.id,
            "name": move.name,
            "dose": move.dose.model_dump(mode="json"),
            "demo": move.demo.model_dump(mode="json", exclude_defaults=True),
        }
        for move in moves
    }


def session_json(session: Session, total_seconds: float) -> dict[str, Any]:
    """A session as `gethip sessions --json` lists it, with its length as written."""
    data = session.model_dump(mode="json")
    data["total_seconds"] = total_seconds
    return data


def timeline_json(timeline: Timeline) -> dict[str, Any]:
    """`gethip go SESSION --dry-run --json` and `GET /api/sessions/{id}/timeline`."""
    return timeline.model_dump(mode="json")


def practice_json(summary: PracticeSummary) -> dict[str, Any]:
    return summary.model_dump(mode="json")


def stats_json(stats: Stats) -> dict[str, Any]:
    return stats.model_dump(mode="json")


def play_path(item: PlanItem) -> str | None:
    """Where the web player plays an item as planned: at the plan's budget when it has one."""
    if item.session is None:
        return None
    path = f"/play/{item.session}"
    return path if item.budget_minutes is None else f"{path}?minutes={item.budget_minutes}"


def play_command(item: PlanItem) -> str | None:
    """The same, for the terminal."""
    if item.session is None:
        return None
    command = f"gethip go {item.session}"
    return command if item.budget_minutes is None else f"{command} --minutes {item.budget_minutes}"


def plan_item_json(item: PlanItem) -> dict[str, Any]:
    """The issue's item keys first, then the details (start instant, moves, labels)."""
    data = item.model_dump(mode="json")
    data["play"] = play_path(item)
    head = ("date", "time", "kind", "session", "minutes", "rule", "reason", "done", "play")
    return {key: data[key] for key in head} | {k: v for k, v in data.items() if k not in head}


def plan_json(plans: Sequence[Plan], timezone: str) -> dict[str, Any]:
    """`gethip plan --json` and `GET /api/plan`: the first week's Monday and every item in order."""
    return {
        "week_start": plans[0].week_start.isoformat(),
        "timezone": timezone,
        "items": [plan_item_json(item) for plan in plans for item in plan.items],
    }


def profile_json(profile: Profile | None) -> dict[str, Any] | None:
    """`gethip profile --json` and `GET /api/profile`: null before the first save."""
    return None if profile is None else profile.model_dump(mode="json")


def run_json(summary: RunSummary) -> dict[str, Any]:
    """`gethip runs --json` and `GET /api/runs`: one imported run."""
    return summary.model_dump(mode="json")


def _tenth(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def check_json(reading: CheckReading) -> dict[str, Any]:
    """One kept hip check reading, in tenths of a degree as `gethip check --json` prints them."""
    result = reading.result
    return {
        "id": reading.id,
        "measured_at": reading.measured_at.isoformat(),
        "test": result.test.value,
        "side": result.side.value,
        "thigh_angle_deg": _tenth(result.thigh_angle_deg),
        "hip_extension_deg": _tenth(result.hip_extension_deg),
        "knee_angle_deg": _tenth(result.knee_angle_deg),
        "spread_deg": _tenth(result.spread_deg),
        "uncertainty_deg": _tenth(result.uncertainty_deg),
        "frames_used": result.frames_used,
        "frames_total": result.frames_total,
        "verdict": result.verdict.value,
        "pose_model": reading.pose_model,
    }


def _difference_json(difference: Difference) -> dict[str, Any]:
    return {
        "difference_deg": _tenth(difference.difference_deg),
        "combined_uncertainty_deg": _tenth(difference.combined_uncertainty_deg),
        "beyond_uncertainty": difference.beyond_uncertainty,
        "message": difference.message,
    }


def checks_json(history: CheckHistory) -> dict[str, Any]:
    """`gethip checks --json` and `GET /api/checks`: the readings newest first, compared."""
    return {
        "checks": [check_json(reading) for reading in history.readings],
        "sides": [
            {
                "test": compared.difference.test.value,
                "date": compared.on.isoformat(),
                "left": compared.left,
                "right": compared.right,
            }
            | _difference_json(compared.difference)
            for compared in history.sides
        ],
        "over_time": [
            {
                "test": compared.difference.test.value,
                "side": compared.side.value,
                "since": compared.since.isoformat(),
                "earlier": compared.earlier,
                "later": compared.later,
            }
            | _difference_json(compared.difference)
            for compared in history.over_time
        ],
        "advice": history.advice,
    }
