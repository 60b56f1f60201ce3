"""Settings from the environment and flags, read in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_DATABASE_URL = "GETHIP_DATABASE_URL"
ENV_DATA_DIR = "GETHIP_DATA_DIR"


@dataclass(frozen=True)
class Config:
    database_url: str
    data_dir: Path

    @classmethod
    def load(cls, database_url: str | None = None) -> Config:
        """Flags win over the environment, which wins over the defaults."""
        data_dir = Path(os.environ.get(ENV_DATA_DIR) or _default_data_dir())
        url = database_url or os.environ.get(ENV_DATABASE_URL)
        if not url:
            url = f"sqlite:///{data_dir / 'gethip.db'}"
        return cls(database_url=_normalise_url(url), data_dir=data_dir)


def _default_data_dir() -> str:
    from platformdirs import user_data_dir

    return user_data_dir("gethip", appauthor=False)


def _normalise_url(url: str) -> str:
    # People paste "postgresql://..."; SQLAlchemy would then look for psycopg2.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
