"""The rule of thumb behind Today without a profile (core/today.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from gethip.content import load_sessions
from gethip.core.practice import PracticeStatus, PracticeSummary
from gethip.core.timeline import Settings
from gethip.core.today import pick_for_today

BERLIN_WINTER = timezone(timedelta(hours=1))
BOOK = load_sessions()


def at(hour: int, day: int = 2) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=BERLIN_WINTER)


def practice(
    session: str, started: datetime, status: PracticeStatus = PracticeStatus.COMPLETED
) -> PracticeSummary:
    return PracticeSummary(
        id=f"{session}-{started.isoformat()}",
        session=session,
        started_at=started.astimezone(UTC),
        ended_at=None,
        status=status,
        segments_done=1,
        segments_total=1,
        seconds_done=60,
        work_seconds_done=60,
        work_seconds_total=60,
        settings=Settings(),
    )


def test_a_morning_with_nothing_done_offers_the_warmup() -> None:
    pick = pick_for_today(at(7), [], BOOK)
    assert pick.session == "warmup"
    assert "warm up" in pick.reason


def test_later_in_the_day_with_nothing_done_offers_the_openers() -> None:
    assert pick_for_today(at(18), [], BOOK).session == "openers"


def test_after_the_warmup_come_the_openers_whatever_the_hour() -> None:
    pick = pick_for_today(at(8), [practice("warmup", at(7))], BOOK)
    assert pick.session == "openers"
    assert pick.done_today == ("warmup",)


@pytest.mark.parametrize("done", ["openers", "offday"])
def test_once_the_openers_are_done_today_only_the_warmup_is_left(done: str) -> None:
    pick = pick_for_today(at(20), [practice(done, at(19))], BOOK)
    assert pick.session == "warmup"
    assert pick.done_today == (done,)


def test_unfinished_practices_and_other_days_do_not_count() -> None:
    log = [
        practice("openers", at(19, day=1)),
        practice("openers", at(9), PracticeStatus.INTERRUPTED),
    ]
    pick = pick_for_today(at(18), log, BOOK)
    assert pick.session == "openers"
    assert pick.done_today == ()


def test_today_is_the_runners_local_day_not_utc() -> None:
    # 00:30 in UTC+1 is still the previous day in UTC
    late = datetime(2026, 3, 2, 0, 30, tzinfo=BERLIN_WINTER)
    pick = pick_for_today(at(9), [practice("openers", late)], BOOK)
    assert pick.done_today == ("openers",)


def test_now_must_carry_a_time_zone() -> None:
    with pytest.raises(ValueError):
        pick_for_today(datetime(2026, 3, 2, 9, 0), [], BOOK)
