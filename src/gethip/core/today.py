"""Which session fits right now when there is no profile: a small rule of thumb.

Without the runner's running week the coach cannot know whether a run is
still ahead, so it guesses from the hour and from what the log already holds
for today: the warm-up goes before a run, the openers after one (or on a day
off). With a profile the plan decides instead (see the application's Today).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from gethip.core.catalog import Frozen
from gethip.core.practice import PracticeSummary
from gethip.core.sessions import Role, SessionBook

# Before this hour a run is more likely ahead than behind.
MORNING_ENDS_HOUR = 11


class TodayPick(Frozen):
    session: str
    reason: str
    done_today: tuple[str, ...]


def pick_for_today(
    now: datetime, practices: Sequence[PracticeSummary], book: SessionBook
) -> TodayPick:
    """The session to offer at ``now`` (an aware local time), given every logged practice."""
    if now.tzinfo is None:
        raise ValueError("now must carry its time zone")
    warmup = book.for_role(Role.WARMUP).id
    openers = book.for_role(Role.OPENERS).id
    done = tuple(
        dict.fromkeys(
            p.session
            for p in sorted(practices, key=lambda p: p.started_at)
            if p.credited and p.started_at.astimezone(now.tzinfo).date() == now.date()
        )
    )
    if book.with_all_openers() & set(done):
        return TodayPick(
            session=warmup,
            reason="The openers are done for today. If a run is still to come, warm up first.",
            done_today=done,
        )
    if warmup in done:
        return TodayPick(
            session=openers,
            reason="You warmed up today: once the run is over, do the five openers.",
            done_today=done,
        )
    if now.hour < MORNING_ENDS_HOUR:
        return TodayPick(
            session=warmup,
            reason="Morning, and nothing logged yet: if you run soon, warm up first. "
            "No run today? Do the openers instead.",
            done_today=done,
        )
    return TodayPick(
        session=openers,
        reason="After a run, or on a day without one: the five openers.",
        done_today=done,
    )
