"""The hip check's part of Progress: each test's chart and table, the comparisons, any advice.

Everything said comes from the application's one reading of the kept checks
(the same sentences `gethip checks` prints and `GET /api/checks` returns);
this module only lays it out per test and dates it where the runner is.
"""

from __future__ import annotations

from dataclasses import dataclass

from gethip.app.checks import history
from gethip.app.context import Context
from gethip.core.hipcheck import CAVEAT, CheckTest, Side, Verdict, whole
from gethip.core.hipcheck_history import CheckHistory, CheckReading, SidesCompared, TimesCompared
from gethip.web.pages.check_charts import CheckChart, CheckPoint, check_chart

TEST_NAMES = {CheckTest.THOMAS: "Thomas test", CheckTest.LUNGE: "Half-kneeling lunge"}
MEASURES = {
    CheckTest.THOMAS: "thigh angle, + below horizontal",
    CheckTest.LUNGE: "hip extension, + behind the trunk line",
}
# What each verdict means, in a table cell.
VERDICT_WORDS = {
    Verdict.THIGH_ABOVE_HORIZONTAL: "above horizontal",
    Verdict.THIGH_ABOUT_HORIZONTAL: "about level",
    Verdict.THIGH_BELOW_HORIZONTAL: "below horizontal",
    Verdict.THIGH_AHEAD_OF_TRUNK: "in front of the trunk line",
    Verdict.THIGH_ON_TRUNK: "on the trunk line",
    Verdict.THIGH_BEHIND_TRUNK: "behind the trunk line",
}


@dataclass(frozen=True)
class CheckRow:
    id: str
    when: str
    side: str
    reading: str  # "+4° ±7°"
    knee: str
    verdict: str


@dataclass(frozen=True)
class TestPanel:
    test: str  # "thomas" | "lunge"
    name: str
    measures: str
    chart: CheckChart
    rows: tuple[CheckRow, ...]  # newest first, as the table reads
    sides: SidesCompared | None
    over_time: tuple[TimesCompared, ...]


@dataclass(frozen=True)
class ChecksSection:
    history: CheckHistory
    panels: tuple[TestPanel, ...]
    caveat: str = CAVEAT


def _degrees(value: float) -> str:
    rounded = whole(value)
    sign = "+" if rounded > 0 else "−" if rounded < 0 else ""
    return f"{sign}{abs(rounded)}°"


def _row(reading: CheckReading, ctx: Context) -> CheckRow:
    result = reading.result
    return CheckRow(
        id=reading.id,
        when=reading.measured_at.astimezone(ctx.zone).strftime("%d %b %Y"),
        side=result.side.value,
        reading=f"{_degrees(result.angle_deg)} ±{whole(result.uncertainty_deg)}°",
        knee=f"{whole(result.knee_angle_deg)}°",
        verdict=VERDICT_WORDS[result.verdict],
    )


def _panel(test: CheckTest, kept: CheckHistory, ctx: Context) -> TestPanel | None:
    readings = [r for r in kept.readings if r.result.test is test]
    if not readings:
        return None
    first = min(r.measured_at.astimezone(ctx.zone).date() for r in readings)
    sides: dict[str, list[CheckPoint]] = {}
    days: dict[float, str] = {}
    for r in readings:
        on = r.measured_at.astimezone(ctx.zone).date()
        days[(on - first).days] = on.strftime("%d %b %Y")
    for side in Side:
        own = [r for r in reversed(readings) if r.result.side is side]  # oldest first
        if own:
            sides[side.value] = [
                CheckPoint(
                    day=(r.measured_at.astimezone(ctx.zone).date() - first).days,
                    angle=r.result.angle_deg,
                    uncertainty=r.result.uncertainty_deg,
                    label=f"{r.measured_at.astimezone(ctx.zone):%d %b %Y}: "
                    f"{_degrees(r.result.angle_deg)} ±{whole(r.result.uncertainty_deg)}°",
                )
                for r in own
            ]
    return TestPanel(
        test=test.value,
        name=TEST_NAMES[test],
        measures=MEASURES[test],
        chart=check_chart(sides, days),
        rows=tuple(_row(r, ctx) for r in readings),
        sides=next((s for s in kept.sides if s.difference.test is test), None),
        over_time=tuple(o for o in kept.over_time if o.difference.test is test),
    )


def checks_section(ctx: Context) -> ChecksSection:
    kept = history(ctx)
    panels = (_panel(test, kept, ctx) for test in CheckTest)
    return ChecksSection(history=kept, panels=tuple(p for p in panels if p is not None))
