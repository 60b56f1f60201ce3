"""Kept hip checks read together: which readings are compared, and when a professional is named."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from gethip.core.hipcheck import CheckResult, CheckTest, Side, Verdict
from gethip.core.hipcheck_history import CheckReading, PainRating, read_history

NOW = datetime(2026, 3, 20, 18, 0, tzinfo=UTC)
SYDNEY = ZoneInfo("Australia/Sydney")


def reading(
    name: str,
    at: datetime,
    side: str = "left",
    angle: float = 0.0,
    test: str = "thomas",
    uncertainty: float = 7.0,
    verdict: Verdict | None = None,
) -> CheckReading:
    thomas = test == "thomas"
    if verdict is None:
        if thomas:
            verdict = (
                Verdict.THIGH_ABOVE_HORIZONTAL
                if angle < -uncertainty
                else Verdict.THIGH_BELOW_HORIZONTAL
                if angle > uncertainty
                else Verdict.THIGH_ABOUT_HORIZONTAL
            )
        else:
            verdict = Verdict.THIGH_ON_TRUNK
    return CheckReading(
        id=name,
        measured_at=at,
        pose_model=None,
        result=CheckResult(
            test=CheckTest(test),
            side=Side(side),
            thigh_angle_deg=angle if thomas else None,
            hip_extension_deg=None if thomas else angle,
            knee_angle_deg=100.0,
            spread_deg=0.0,
            uncertainty_deg=uncertainty,
            frames_used=100,
            frames_total=120,
            verdict=verdict,
        ),
    )


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def test_readings_come_newest_first() -> None:
    history = read_history(
        [reading("a", days_ago(9)), reading("c", days_ago(1)), reading("b", days_ago(5))], UTC, NOW
    )
    assert [r.id for r in history.readings] == ["c", "b", "a"]


def test_left_and_right_are_compared_on_the_latest_day_that_has_both() -> None:
    history = read_history(
        [
            reading("old-left", days_ago(30), "left", -2.0),
            reading("old-right", days_ago(30), "right", 8.0),
            reading(
                "left",
                days_ago(
                    3,
                ),
                "left",
                0.0,
            ),
            reading("left-again", days_ago(3) + timedelta(minutes=5), "left", 1.0),
            reading("right", days_ago(3) + timedelta(minutes=2), "right", 10.5),
            # A right side alone on a later day pairs with no left.
            reading("right-alone", days_ago(1), "right", 30.0),
        ],
        UTC,
        NOW,
    )
    (sides,) = history.sides
    assert (sides.left, sides.right, sides.on) == ("left-again", "right", date(2026, 3, 17))
    assert sides.difference.difference_deg == 9.5
    assert not sides.difference.beyond_uncertainty  # ±9.9° for two ±7° readings
    assert sides.difference.message.startswith("Your left and right thighs sit within 10°")


def test_the_day_is_the_runners_own() -> None:
    # 23:30 and 00:10 in Sydney fall on two days there, though on one day in UTC.
    evening = datetime(2026, 3, 10, 12, 30, tzinfo=UTC)  # 23:30 in Sydney
    after_midnight = evening + timedelta(minutes=40)
    readings = [reading("l", evening, "left"), reading("r", after_midnight, "right")]
    assert len(read_history(readings, UTC, NOW).sides) == 1
    assert read_history(readings, SYDNEY, NOW).sides == ()


def test_each_test_is_compared_on_its_own() -> None:
    history = read_history(
        [
            reading("tl", days_ago(2), "left", 0.0),
            reading("tr", days_ago(2), "right", 15.0),
            reading("ll", days_ago(2), "left", 20.0, test="lunge"),
            reading("lr", days_ago(2), "right", 5.0, test="lunge"),
        ],
        UTC,
        NOW,
    )
    assert [(s.difference.test, s.left, s.right) for s in history.sides] == [
        (CheckTest.THOMAS, "tl", "tr"),
        (CheckTest.LUNGE, "ll", "lr"),
    ]
    assert history.sides[0].difference.message == (
        "Your left thigh sits about 15° higher than your right, more than the ±10° "
        "the camera can tell apart between two readings."
    )


def test_each_side_over_time_is_its_latest_against_its_first() -> None:
    history = read_history(
        [
            reading("first", datetime(2026, 1, 5, 8, tzinfo=UTC), "right", -12.0),
            reading("middle", days_ago(20), "right", -5.0),
            reading("latest", days_ago(1), "right", 3.0),
            reading("only-left", days_ago(1), "left", 3.0),
        ],
        UTC,
        NOW,
    )
    (over_time,) = history.over_time
    assert (over_time.side, over_time.earlier, over_time.later) == (Side.RIGHT, "first", "latest")
    assert over_time.since == date(2026, 1, 5)
    assert over_time.difference.message == (
        "Your right thigh now hangs about 15° lower than on 5 January 2026, more than the "
        "±10° the camera can tell apart between two readings."
    )


def uneven_sides() -> list[CheckReading]:
    return [reading("l", days_ago(2), "left", -4.0), reading("r", days_ago(2), "right", 12.0)]


def test_recent_pain_and_sides_apart_point_to_a_professional() -> None:
    pain = [PainRating(5, days_ago(3)), PainRating(1, days_ago(30))]
    history = read_history(uneven_sides(), UTC, NOW, pain)
    assert history.advice == (
        "You rated your pain 5 of 10 on 17 March, and your latest hip checks show that your "
        "two sides differ by more than the camera's margin in the Thomas test. Have a "
        "physiotherapist or doctor look at that hip before you stretch it harder: the camera "
        "measures an angle, it cannot tell why."
    )


def test_a_thigh_that_stays_high_on_a_painful_hip_points_to_a_professional_too() -> None:
    history = read_history(
        [reading("l", days_ago(2), "left", -11.0)], UTC, NOW, [PainRating(4, days_ago(1))]
    )
    assert history.advice is not None
    assert "your left thigh stays above horizontal" in history.advice


def test_no_advice_without_recent_pain_of_four_or_without_a_flag() -> None:
    flagged, calm = uneven_sides(), [reading("l", days_ago(2), "left", 2.0)]
    assert read_history(flagged, UTC, NOW, [PainRating(3, days_ago(1))]).advice is None
    assert read_history(flagged, UTC, NOW, [PainRating(8, days_ago(15))]).advice is None
    assert read_history(flagged, UTC, NOW, []).advice is None
    assert read_history(calm, UTC, NOW, [PainRating(8, days_ago(1))]).advice is None


def test_the_newest_recent_rating_decides() -> None:
    # Pain of 6 last week, then 2 yesterday: it has settled, no advice.
    pain = [PainRating(6, days_ago(7)), PainRating(2, days_ago(1))]
    assert read_history(uneven_sides(), UTC, NOW, pain).advice is None


def test_nothing_kept_reads_as_nothing() -> None:
    history = read_history([], UTC, NOW, [PainRating(9, days_ago(1))])
    assert history.readings == () and history.sides == () and history.over_time == ()
    assert history.advice is None
