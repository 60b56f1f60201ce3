"""Runs the installed `gethip` command the way a user does: a real process, real exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

GETHIP = str(Path(sys.executable).parent / "gethip")


def environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GETHIP_")}
    env["GETHIP_DATA_DIR"] = str(data_dir)
    env["COLUMNS"] = "120"
    return env


def gethip(data_dir: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [GETHIP, *args],
        capture_output=True,
        text=True,
        env=environment(data_dir),
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def gethip_json(data_dir: Path, *args: str) -> Any:
    result = gethip(data_dir, *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
