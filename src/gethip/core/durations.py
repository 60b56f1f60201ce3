"""Lengths of time as a runner reads them: the one formatter every face uses."""

from __future__ import annotations


def mmss(seconds: float) -> str:
    """22:30, 3:05, 0:40; an hour or more reads 1:02:03."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
