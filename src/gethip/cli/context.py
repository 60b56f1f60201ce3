"""What commands share: the configuration and, when they need it, the open practice log."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gethip.config import Config

if TYPE_CHECKING:
    from gethip.store.database import Store
    from gethip.store.practices import PracticeLog


@dataclass
class AppContext:
    config: Config
    _store: Store | None = field(default=None, init=False)

    @property
    def store(self) -> Store:
        """Opened on first use: commands that need no database never load its driver."""
        if self._store is None:
            from gethip.store.database import Store

            self._store = Store.open(self.config.database_url)
        return self._store

    @property
    def log(self) -> PracticeLog:
        from gethip.store.practices import PracticeLog

        return PracticeLog(self.store)
