"""The README's JSON table must match what the commands print: docs cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.runner import gethip, gethip_json
from tests.core.pose_factories import recording, write
from tests.runs.factories import RunSpec, write_run

README = Path(__file__).resolve().parent.parent / "README.md"
ROW = re.compile(r"^\| `gethip (?P<command>[^`]+)` \| [^|]+ \| (?P<keys>.+) \|$")


def documented_shapes() -> dict[str, set[str]]:
    shapes = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if not match:
            continue
        same_as = re.fullmatch(r"as in `gethip (.+)`", match["keys"].strip())
        if same_as:
            shapes[match["command"]] = shapes[same_as[1]]
        else:
            shapes[match["command"]] = set(re.findall(r"`([a-z_0-9]+)`", match["keys"]))
    return shapes


def runnable(command: str, folder: Path) -> list[str]:
    words = command.replace("MOVE_ID", "skating-squat").replace("SESSION", "openers").split()
    if "FILE" in words:  # a hip check recording, as the /check page downloads it
        landmarks = write(folder / "landmarks.json", recording("thomas", "left", 4.0))
        words[words.index("FILE")] = str(landmarks)
    return words


def test_the_readme_documents_every_json_command() -> None:
    assert set(documented_shapes()) >= {
        "moves --json",
        "sessions --json",
        "go SESSION --dry-run --json",
        "history --json",
        "stats --json",
        "check --landmarks FILE --json",
        "check --landmarks FILE --save --json",
        "checks --json",
    }


@pytest.mark.parametrize("command", sorted(documented_shapes()))
def test_each_documented_json_shape_matches_the_output(tmp_path: Path, command: str) -> None:
    if command.startswith(("plan", "today", "profile")):
        gethip(
            tmp_path, "profile", "--run-days", "mon,thu", "--long-run", "thu", "--timezone", "UTC"
        )
    if command.startswith("runs"):
        spec = RunSpec(minutes=5, utc_offset_minutes=0)
        gethip(tmp_path, "import", str(write_run(tmp_path / "runs", "easy", spec)))
    if command.startswith("history"):
        # history is empty on a fresh database: make one practice first
        gethip(tmp_path, "go", "warmup", "--speed", "1000")
    output = gethip_json(tmp_path, *runnable(command, tmp_path))
    sample = output[0] if isinstance(output, list) else output
    assert set(sample) == documented_shapes()[command]
