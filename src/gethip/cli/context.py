"""What commands share: the configuration, the store (opened once, on first use) and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gethip.config import Config

if TYPE_CHECKING:
    from gethip.app.context import Context, Store


@dataclass
class AppContext:
    config: Config
    _store: Store | None = field(default=None, init=False)

    @property
    def store(self) -> Store:
        """Opened on first use: commands that need no database never load its driver."""
        if self._store is None:
            from gethip.app.context import open_store

            self._store = open_store(self.config)
        return self._store

    def context(self) -> Context:
        """This command's context: the local runner, their time zone, and now."""
        from gethip.app.clock import clock_for
        from gethip.app.context import context_for

        return context_for(self.store, self.store.local_user(), clock_for(self.config.now))
