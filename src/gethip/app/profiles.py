"""The runner's profile: read it, change some fields of it, read its history of changes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gethip.app.context import Context
from gethip.core.profile import Profile
from gethip.store.profiles import ProfileRecord as ProfileRecord


def profile(ctx: Context) -> Profile | None:
    return ctx.profile


def update(ctx: Context, changes: Mapping[str, Any]) -> ProfileRecord:
    """Apply ``changes`` and keep the result as a new version; a wrong value changes nothing."""
    return ctx.profiles.update(changes, ctx.now)


def history(ctx: Context) -> list[ProfileRecord]:
    return ctx.profiles.history()
