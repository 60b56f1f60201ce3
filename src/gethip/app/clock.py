"""The one clock: every use case reads "now" from the context it is given, made from this."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware instant."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class FixedClock:
    """Always the same instant: for demos, screenshots and tests (GETHIP_NOW)."""

    instant: datetime

    def now(self) -> datetime:
        return self.instant


def clock_for(now: datetime | None) -> Clock:
    return SystemClock() if now is None else FixedClock(now)
