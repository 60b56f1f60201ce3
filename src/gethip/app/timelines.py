"""Compiled timelines, kept once per settings: the compiler is pure, so its answer never changes."""

from __future__ import annotations

from functools import lru_cache

from gethip.content import load_catalog, load_sessions
from gethip.core.limits import DEFAULT_BREATH_SECONDS
from gethip.core.timeline import Settings, Timeline, compile_session


@lru_cache(maxsize=256)
def compiled(
    session_id: str, breath_seconds: float = DEFAULT_BREATH_SECONDS, minutes: int | None = None
) -> Timeline:
    # Fitting a time budget tries up to a hundred scales (a tenth of a second
    # or more): worth doing once per settings, not once per request.
    session = load_sessions().get(session_id)
    return compile_session(
        session, load_catalog(), Settings(breath_seconds=breath_seconds, minutes=minutes)
    )


def compiled_for(session_id: str, settings: Settings) -> Timeline:
    return compiled(session_id, settings.breath_seconds, settings.minutes)
