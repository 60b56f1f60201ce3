"""`--voice`: every cue goes to espeak-ng when it is there, and a clear note when it is not."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.cli.runner import GETHIP, environment, gethip_json


def run_with_path(tmp_path: Path, path: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = environment(tmp_path) | {"PATH": path}
    return subprocess.run(
        [GETHIP, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_each_cue_is_spoken_through_espeak_ng(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    spoken = tmp_path / "spoken.txt"
    # A stand-in with espeak-ng's command line that writes down what it was asked to say.
    fake = bin_dir / "espeak-ng"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$3" >> "{spoken}"\n')
    fake.chmod(0o755)
    result = run_with_path(
        tmp_path, f"{bin_dir}:{os.environ['PATH']}", "go", "warmup", "--voice", "--speed", "10"
    )
    assert result.returncode == 0, result.stderr
    cues = gethip_json(tmp_path, "go", "warmup", "--dry-run", "--json")["cues"]
    said = spoken.read_text().splitlines()
    # A new cue cuts off the one still speaking, so a cue followed within a
    # blink may be cut before the stand-in writes it down; the others must all
    # be there, in order.
    spaced = [
        c["text"]
        for c, after in zip(cues, [*cues[1:], None], strict=True)
        if after is None or after["at"] - c["at"] >= 2
    ]
    assert [text for text in said if text in spaced] == spaced
    assert said == [c["text"] for c in cues if c["text"] in said]
    assert "espeak-ng" not in result.stdout


def test_without_espeak_ng_the_session_runs_with_a_note(tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    result = run_with_path(tmp_path, str(empty), "go", "warmup", "--voice", "--speed", "1000")
    assert result.returncode == 0, result.stderr
    assert "voice needs espeak-ng" in result.stdout
    assert "Done. Well worked." in result.stdout
