"""The live screen in a real pseudo-terminal: keys pause, skip and quit, and the log keeps up."""

from __future__ import annotations

import json
from pathlib import Path

import pexpect

from tests.cli.runner import GETHIP, environment, gethip


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    env = environment(tmp_path) | {"TERM": "xterm-256color"}
    return pexpect.spawn(
        GETHIP, list(args), env=env, dimensions=(50, 110), encoding="utf-8", timeout=20
    )


def test_keys_drive_the_live_screen_and_quitting_keeps_progress(tmp_path: Path) -> None:
    child = spawn(tmp_path, "go", "openers", "--speed", "20")
    child.expect("Before your first session")
    child.expect("Press Enter to start")
    child.sendline("")
    child.expect("Skating Squat")
    child.expect("Get ready")
    child.send(" ")
    child.expect("PAUSED")
    child.send(" ")
    child.send("n")  # skip the get-ready step
    child.expect("Go. ")
    child.send("n")  # skip the skating squat
    child.expect("Low Lunge Variation")
    child.expect("RIGHT SIDE")
    child.expect("breath 2 of 5")  # the hold plays on by itself and logs the transition
    child.send("q")
    child.expect("How tight")
    child.sendline("4")
    child.expect("Any pain")
    child.sendline("1")
    child.expect("Stopped")
    child.expect("gethip go --resume")
    child.expect(pexpect.EOF)

    [practice] = json.loads(gethip(tmp_path, "history", "--json").stdout)
    assert practice["status"] == "stopped"
    assert (practice["tightness"], practice["pain"]) == (4, 1)
    # the transition into the low lunge finished on its own; the skipped steps were not logged
    assert practice["segments_done"] == 1


def test_a_rating_out_of_range_is_asked_again(tmp_path: Path) -> None:
    gethip(tmp_path, "go", "warmup", "--speed", "1000")  # past the first-session screen
    child = spawn(tmp_path, "go", "warmup", "--speed", "1000")
    child.expect("How tight", timeout=30)
    child.sendline("12")
    child.expect("or press Enter to skip")
    child.sendline("2")
    child.expect("Any pain")
    child.sendline("")
    child.expect("Completed")
    child.expect(pexpect.EOF)
