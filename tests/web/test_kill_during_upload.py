"""The server killed (kill -9) in the middle of an import: nothing of ours is left running,
and the next start leaves no scratch folder behind."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.cli.runner import GETHIP, environment
from tests.runs.factories import RunSpec, write_run
from tests.web.server import free_port

pytestmark = pytest.mark.slow


def children_of(pid: int) -> set[int]:
    """Every process descended from ``pid``, read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_server(tmp_path: Path, scratch: Path, port: int) -> subprocess.Popen[str]:
    env = environment(tmp_path) | {"TMPDIR": str(scratch)}
    process = subprocess.Popen(
        [GETHIP, "--db", f"sqlite:///{tmp_path / 'killed.db'}", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/today", timeout=2).raise_for_status()
            return process
        except httpx.TransportError:
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            assert time.monotonic() < deadline
            time.sleep(0.1)


def test_a_server_killed_mid_import_leaves_no_process_and_after_restart_no_scratch(
    tmp_path: Path,
) -> None:
    runs = tmp_path / "runs"
    start = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
    for day in range(40):
        write_run(
            runs, f"run-{day:02d}", RunSpec(start=start + timedelta(days=day), minutes=25, seed=day)
        )
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(runs.iterdir()):
            archive.write(path, f"activities/{path.name}")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    port = free_port()
    server = start_server(tmp_path, scratch, port)

    def upload() -> None:
        # The server is killed under it: that is the test.
        with contextlib.suppress(httpx.TransportError):
            httpx.post(
                f"http://127.0.0.1:{port}/api/runs/import",
                files=[("files", ("export.zip", export.read_bytes()))],
                timeout=180,
            )

    sending = threading.Thread(target=upload)
    sending.start()
    # Wait until the import's decoding workers are at it (the fork server and its workers).
    # Generous: on a busy machine the fork server alone takes seconds to start.
    deadline = time.monotonic() + 120
    while len(children_of(server.pid)) < 2:
        assert time.monotonic() < deadline, "the import never started its workers"
        time.sleep(0.05)
    ours = children_of(server.pid)
    assert any(p.name.startswith(f"gethip-{server.pid}-") for p in scratch.iterdir())
    os.kill(server.pid, signal.SIGKILL)
    server.wait(timeout=10)
    sending.join(timeout=180)

    deadline = time.monotonic() + 15
    while any(alive(pid) for pid in ours) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in ours if alive(pid)]
    assert left == [], [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in left]

    # The next start sweeps what the killed one left.
    restarted = start_server(tmp_path, scratch, free_port())
    try:
        assert [p.name for p in scratch.iterdir() if p.name.startswith("gethip-")] == []
    finally:
        restarted.terminate()
        restarted.communicate(timeout=10)
