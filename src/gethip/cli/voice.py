"""Spoken cues through espeak-ng when it is installed, and the terminal bell at side switches."""

from __future__ import annotations

import shutil
import subprocess
import sys

ESPEAK = "espeak-ng"
INSTALL_HINT = (
    "voice needs espeak-ng (Debian/Ubuntu: sudo apt install espeak-ng); cues stay on screen"
)


class Voice:
    def __init__(self, enabled: bool, words_per_minute: int = 165) -> None:
        self.program = shutil.which(ESPEAK) if enabled else None
        self.missing = enabled and self.program is None
        self.words_per_minute = words_per_minute
        self._speaking: subprocess.Popen[bytes] | None = None

    def say(self, text: str) -> None:
        if self.program is None:
            return
        # A new cue cuts the old one off: a late word is worse than a clipped one.
        if self._speaking is not None and self._speaking.poll() is None:
            self._speaking.terminate()
        try:
            self._speaking = subprocess.Popen(
                [self.program, "-s", str(self.words_per_minute), text],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            self.program = None

    def close(self) -> None:
        if self._speaking is not None and self._speaking.poll() is None:
            self._speaking.wait(timeout=5)


def ring_bell() -> None:
    sys.stdout.write("\a")
    sys.stdout.flush()
