"""A use case's context in tests: a store, a user (the local one unless named), a fixed now."""

from __future__ import annotations

from datetime import datetime

from gethip.app.clock import FixedClock
from gethip.app.context import Context, context_for
from gethip.store.database import Store


def context_at(store: Store, now: datetime, user: int | None = None) -> Context:
    return context_for(store, store.local_user() if user is None else user, FixedClock(now))
