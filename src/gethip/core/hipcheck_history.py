"""A runner's kept hip checks read together: left against right, each side over time, and when to ask a professional.

A reading is one test on one side, kept with the instant it was made. What
every face shows of them is decided here, once:

- left against right, per test: the latest day on which both sides were
  measured, and on it the latest reading of each. The page measures both
  sides minutes apart; a left from March against a right from May would mix
  in whatever changed between;
- each side over time, per test and side: its latest reading against its
  first, the baseline the runner started from;
- a professional: pain of 4 or more rated in the last two weeks, with a latest
  check that flags something (the two sides apart by more than the camera's
  margin, or a thigh that stays high: above horizontal in the Thomas test, in
  front of the trunk line in the lunge) means have it looked at. Never a
  diagnosis: the camera measures an angle, it cannot say why.

Days are the runner's own: a check at 23:30 in Sydney belongs to that day there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from pydantic import AwareDatetime

from gethip.core.catalog import Frozen
from gethip.core.hipcheck import CheckResult, CheckTest, Side, Verdict
from gethip.core.hipcheck_comparison import Difference, compare_over_time, compare_sides
from gethip.core.safety import PAIN_LOOK_THRESHOLD, PAIN_RECENT_DAYS

# The readings that, on a hip that hurts, are for a professional to look at.
HIGH_READINGS = {
    Verdict.THIGH_ABOVE_HORIZONTAL: "your {side} thigh stays above horizontal",
    Verdict.THIGH_AHEAD_OF_TRUNK: "your {side} hip does not reach the line of your trunk",
}


class CheckReading(Frozen):
    """One kept reading: the core's result, when it was made, and which pose model saw it."""

    id: str
    measured_at: AwareDatetime
    pose_model: str | None
    result: CheckResult


class SidesCompared(Frozen):
    on: date
    left: str  # the readings' ids
    right: str
    difference: Difference


class TimesCompared(Frozen):
    side: Side
    since: date
    earlier: str
    later: str
    difference: Difference


@dataclass(frozen=True)
class PainRating:
    """A pain rating from the practice log (0-10) and when it was given."""

    pain: int
    at: datetime


class CheckHistory(Frozen):
    readings: tuple[CheckReading, ...]  # newest first
    sides: tuple[SidesCompared, ...]
    over_time: tuple[TimesCompared, ...]
    advice: str | None


def newest_first(readings: Iterable[CheckReading]) -> list[CheckReading]:
    return sorted(readings, key=lambda r: (r.measured_at, r.id), reverse=True)


def _day(reading: CheckReading, zone: tzinfo) -> date:
    return reading.measured_at.astimezone(zone).date()


def _latest(readings: Iterable[CheckReading]) -> CheckReading:
    return max(readings, key=lambda r: (r.measured_at, r.id))


def latest_sides(readings: Sequence[CheckReading], zone: tzinfo) -> list[SidesCompared]:
    """Per test, left against right on the latest day that has both."""
    compared = []
    for test in CheckTest:
        days: dict[date, dict[Side, list[CheckReading]]] = {}
        for reading in readings:
            if reading.result.test is test:
                sides = days.setdefault(_day(reading, zone), {})
                sides.setdefault(reading.result.side, []).append(reading)
        both = [day for day, sides in days.items() if len(sides) == 2]
        if not both:
            continue
        on = max(both)
        left, right = _latest(days[on][Side.LEFT]), _latest(days[on][Side.RIGHT])
        compared.append(
            SidesCompared(
                on=on,
                left=left.id,
                right=right.id,
                difference=compare_sides(left.result, right.result),
            )
        )
    return compared


def each_side_over_time(readings: Sequence[CheckReading], zone: tzinfo) -> list[TimesCompared]:
    """Per test and side with two readings or more, the latest against the first."""
    compared = []
    for test in CheckTest:
        for side in Side:
            own = [r for r in readings if r.result.test is test and r.result.side is side]
            if len(own) < 2:
                continue
            first = min(own, key=lambda r: (r.measured_at, r.id))
            last = _latest(own)
            since = _day(first, zone)
            compared.append(
                TimesCompared(
                    side=side,
                    since=since,
                    earlier=first.id,
                    later=last.id,
                    difference=compare_over_time(first.result, last.result, since),
                )
            )
    return compared


def recent_pain(ratings: Iterable[PainRating], now: datetime) -> PainRating | None:
    """The newest pain rating given within the last PAIN_RECENT_DAYS, if any."""
    since = now - timedelta(days=PAIN_RECENT_DAYS)
    recent = [rating for rating in ratings if since <= rating.at <= now]
    return max(recent, key=lambda rating: rating.at, default=None)


def flags(readings: Sequence[CheckReading], sides: Sequence[SidesCompared]) -> list[str]:
    """What the latest checks show that a hip which hurts should have looked at, in words."""
    found = []
    for compared in sides:
        if compared.difference.beyond_uncertainty:
            name = "Thomas test" if compared.difference.test is CheckTest.THOMAS else "lunge"
            found.append(f"your two sides differ by more than the camera's margin in the {name}")
    for test in CheckTest:
        for side in Side:
            own = [r for r in readings if r.result.test is test and r.result.side is side]
            if own:
                high = HIGH_READINGS.get(_latest(own).result.verdict)
                if high is not None:
                    found.append(high.format(side=side.value))
    return found


def advice(
    readings: Sequence[CheckReading],
    sides: Sequence[SidesCompared],
    pain: PainRating | None,
    zone: tzinfo,
) -> str | None:
    """Have it looked at, when a recent rating says it hurts and the checks flag something."""
    if pain is None or pain.pain < PAIN_LOOK_THRESHOLD:
        return None
    found = flags(readings, sides)
    if not found:
        return None
    when = pain.at.astimezone(zone).date()
    shown = found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]
    return (
        f"You rated your pain {pain.pain} of 10 on {when.day} {when:%B}, and your latest hip "
        f"checks show that {shown}. Have a physiotherapist or doctor look at that hip before "
        "you stretch it harder: the camera measures an angle, it cannot tell why."
    )


def read_history(
    readings: Iterable[CheckReading],
    zone: tzinfo,
    now: datetime,
    pain_ratings: Iterable[PainRating] = (),
) -> CheckHistory:
    """The readings newest first, with their comparisons and, when called for, the advice."""
    ordered = newest_first(readings)
    sides = latest_sides(ordered, zone)
    pain = recent_pain(pain_ratings, now)
    return CheckHistory(
        readings=tuple(ordered),
        sides=tuple(sides),
        over_time=tuple(each_side_over_time(ordered, zone)),
        advice=advice(ordered, sides, pain, zone),
    )
