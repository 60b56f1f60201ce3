"""Left against right, and a runner against themself over time: only differences the camera can see.

Two readings each carry their own uncertainty; the difference between them is
uncertain by both together. Treating their errors as independent, the
combined uncertainty is the square root of the sum of their squares (two ±7°
readings: ±9.9°). A difference inside it is reported as none the camera can
see, whatever its sign; one beyond it is said plainly, with the margin beside
it. Neither is ever a diagnosis.
"""

from __future__ import annotations

import math
from datetime import date
from enum import StrEnum

from gethip.core.catalog import Frozen
from gethip.core.errors import GethipError
from gethip.core.hipcheck import CheckResult, CheckTest, Side, whole


class Between(StrEnum):
    SIDES = "sides"
    TIMES = "times"


class Difference(Frozen):
    between: Between
    test: CheckTest
    # In the test's own reading: right minus left, or later minus earlier. A
    # larger thigh angle hangs lower; a larger hip extension reaches further back.
    difference_deg: float
    combined_uncertainty_deg: float
    beyond_uncertainty: bool
    message: str


class IncomparableChecks(GethipError):
    """Two readings of different tests, or of different sides over time."""


def combined_uncertainty(first: CheckResult, second: CheckResult) -> float:
    return math.sqrt(first.uncertainty_deg**2 + second.uncertainty_deg**2)


def compare_sides(left: CheckResult, right: CheckResult) -> Difference:
    """The right side's reading against the left's, from the same test."""
    if left.test is not right.test:
        raise IncomparableChecks(
            f"a {left.test} reading cannot be compared with a {right.test} one"
        )
    if (left.side, right.side) != (Side.LEFT, Side.RIGHT):
        raise IncomparableChecks("compare_sides takes the left reading first, then the right")
    difference = right.angle_deg - left.angle_deg
    margin = combined_uncertainty(left, right)
    beyond = abs(difference) > margin
    about, plus = whole(abs(difference)), f"±{whole(margin)}°"
    if beyond:
        # The side that hangs lower (or reaches further) is named first.
        first, second = ("right", "left") if difference > 0 else ("left", "right")
        if left.test is CheckTest.THOMAS:
            said = f"Your {second} thigh sits about {about}° higher than your {first}"
        else:
            said = f"Your {first} hip extends about {about}° further than your {second}"
        message = f"{said}, more than the {plus} the camera can tell apart between two readings."
    else:
        body = "thighs sit" if left.test is CheckTest.THOMAS else "hips extend"
        message = (
            f"Your left and right {body} within {about}° of each other, inside the {plus} "
            "the camera can tell apart: no difference it can see."
        )
    return Difference(
        between=Between.SIDES,
        test=left.test,
        difference_deg=difference,
        combined_uncertainty_deg=margin,
        beyond_uncertainty=beyond,
        message=message,
    )


def compare_over_time(earlier: CheckResult, later: CheckResult, since: date) -> Difference:
    """A later reading of the same test and side against one taken on ``since``."""
    if earlier.test is not later.test or earlier.side is not later.side:
        raise IncomparableChecks(
            "over time, only readings of the same test and side compare: "
            f"{earlier.test} {earlier.side} and {later.test} {later.side} do not"
        )
    difference = later.angle_deg - earlier.angle_deg
    margin = combined_uncertainty(earlier, later)
    beyond = abs(difference) > margin
    about, plus = whole(abs(difference)), f"±{whole(margin)}°"
    when = f"{since.day} {since:%B %Y}"
    side = later.side.value
    if beyond:
        if later.test is CheckTest.THOMAS:
            way = "lower" if difference > 0 else "higher"
            said = f"Your {side} thigh now hangs about {about}° {way} than on {when}"
        else:
            way = "further" if difference > 0 else "less far"
            said = f"Your {side} hip now extends about {about}° {way} than on {when}"
        message = f"{said}, more than the {plus} the camera can tell apart between two readings."
    else:
        part = "thigh sits" if later.test is CheckTest.THOMAS else "hip extends"
        message = (
            f"Your {side} {part} within {about}° of where it was on {when}, inside the {plus} "
            "the camera can tell apart: no change it can see."
        )
    return Difference(
        between=Between.TIMES,
        test=later.test,
        difference_deg=difference,
        combined_uncertainty_deg=margin,
        beyond_uncertainty=beyond,
        message=message,
    )
