"""Settings from the environment and flags, read in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from gethip.core.errors import GethipError

ENV_DATABASE_URL = "GETHIP_DATABASE_URL"
ENV_DATA_DIR = "GETHIP_DATA_DIR"
# Pretend it is this instant (ISO 8601 with its offset): for demos,
# screenshots and tests that need "today" to be a known day.
ENV_NOW = "GETHIP_NOW"


class ConfigError(GethipError):
    """A setting that cannot be used; the message names it."""


@dataclass(frozen=True)
class Config:
    database_url: str
    data_dir: Path
    now: datetime | None = None

    @classmethod
    def load(cls, database_url: str | None = None) -> Config:
        """Flags win over the environment, which wins over the defaults."""
        data_dir = Path(os.environ.get(ENV_DATA_DIR) or _default_data_dir())
        url = database_url or os.environ.get(ENV_DATABASE_URL)
        if not url:
            url = f"sqlite:///{data_dir / 'gethip.db'}"
        return cls(
            database_url=_normalise_url(url),
            data_dir=data_dir,
            now=_instant(os.environ.get(ENV_NOW)),
        )


def _default_data_dir() -> str:
    from platformdirs import user_data_dir

    return user_data_dir("gethip", appauthor=False)


def _normalise_url(url: str) -> str:
    # People paste "postgresql://..."; SQLAlchemy would then look for psycopg2.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _instant(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(
            f"{ENV_NOW}: {text!r} is not an instant like 2026-03-02T07:30:00+00:00"
        ) from None
    if value.tzinfo is None:
        raise ConfigError(f"{ENV_NOW}: {text!r} needs its offset, like +00:00")
    return value
