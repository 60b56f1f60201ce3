"""The real clock the coaches play against, optionally sped up for demos and tests."""

from __future__ import annotations

import time


class MonotonicClock:
    """Session seconds on the monotonic clock, ``speed`` times faster than real time."""

    def __init__(self, speed: float = 1.0) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self._anchor = time.monotonic()

    def now(self) -> float:
        return (time.monotonic() - self._anchor) * self.speed

    def real_seconds(self, session_seconds: float) -> float:
        return max(session_seconds, 0.0) / self.speed

    def sleep_until(self, due: float) -> None:
        """Sleep until the clock reads ``due``: an absolute target, so oversleeps never add up."""
        remaining = self.real_seconds(due - self.now())
        if remaining > 0:
            time.sleep(remaining)
