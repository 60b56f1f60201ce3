"""A run as the runner sees it listed: when, how far, how fast, and the file it came from."""

from __future__ import annotations

from gethip.core.catalog import Frozen


class RunSummary(Frozen):
    """A run as ``gethip runs --json`` and the web API show it."""

    id: int
    start: str  # ISO 8601, in the run's own time zone where the file gave it, else UTC
    sport: str
    sub_sport: str | None
    elapsed_s: float
    moving_s: float | None
    distance_m: float | None
    pace_s_per_km: float | None
    cadence_spm: float | None
    step_length_m: float | None
    ascent_m: float | None
    source: str
    sha256: str
