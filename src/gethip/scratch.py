"""Scratch folders for imports and uploads, named for the process that made them.

A folder whose process is gone was left by a crash (the server killed during an
upload); the next start sweeps it away, so nothing piles up in the temp folder.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_NAME = re.compile(r"^gethip-(?P<pid>\d+)-[a-z]+-")
# Even a live process with a reused id has no business with a week-old folder.
STALE_AFTER_SECONDS = 7 * 86_400


@contextmanager
def scratch(kind: str) -> Iterator[Path]:
    """A fresh folder for ``kind`` of work (upload, import), removed when the work ends."""
    with tempfile.TemporaryDirectory(prefix=f"gethip-{os.getpid()}-{kind}-") as folder:
        yield Path(folder)


def sweep_stale(root: Path | None = None) -> list[Path]:
    """Remove the scratch folders of processes no longer running; the folders removed."""
    removed = []
    for entry in (root or Path(tempfile.gettempdir())).glob("gethip-*"):
        match = _NAME.match(entry.name)
        if match is None or not entry.is_dir():
            continue
        try:
            old = time.time() - entry.stat().st_mtime > STALE_AFTER_SECONDS
        except OSError:
            continue
        if old or not _running(int(match["pid"])):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: not ours to judge
    return True
