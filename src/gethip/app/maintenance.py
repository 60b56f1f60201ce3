"""Looking after the database itself: migrations, run as a step of their own."""

from __future__ import annotations

from gethip.config import Config
from gethip.store.database import describe, upgrade


def upgrade_database(config: Config) -> tuple[str | None, str]:
    """Migrate to the newest schema; several processes doing so at once migrate it once."""
    return upgrade(config.database_url), describe(config.database_url)
