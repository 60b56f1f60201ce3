"""Single key presses from a terminal, without waiting for Enter."""

from __future__ import annotations

import os
import select
import sys
import termios
import tty
from types import TracebackType
from typing import Any


class KeyReader:
    """Puts the terminal in cbreak mode for its lifetime and reads one key at a time."""

    def __init__(self) -> None:
        self._fd = sys.stdin.fileno()
        self._saved: list[Any] | None = None

    def __enter__(self) -> KeyReader:
        self._saved = termios.tcgetattr(self._fd)
        tty.setcbreak(self._fd)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.restore()

    def restore(self) -> None:
        if self._saved is not None:
            termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)

    def suspend(self) -> None:
        """Give the terminal back for a line prompt; call ``resume`` after."""
        self.restore()

    def resume(self) -> None:
        tty.setcbreak(self._fd)

    def read(self, timeout: float) -> str | None:
        """A key pressed within ``timeout`` seconds, or None."""
        ready, _, _ = select.select([self._fd], [], [], max(timeout, 0.0))
        if not ready:
            return None
        data = os.read(self._fd, 8)
        return data.decode(errors="ignore")[:1] or None
