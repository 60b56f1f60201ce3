"""`gethip serve`: the real command starts the app on the given port and says where."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import httpx

from tests.cli.runner import GETHIP, environment
from tests.web.server import free_port


def test_serve_starts_the_web_coach_and_prints_its_address(tmp_path: Path) -> None:
    port = free_port()
    database = f"sqlite:///{tmp_path / 'served.db'}"
    process = subprocess.Popen(
        [GETHIP, "--db", database, "serve", "--port", str(port)],
        env=environment(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/today", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
                assert time.monotonic() < deadline, "the server did not start in 30 s"
                time.sleep(0.2)
        assert response.status_code == 200
        assert response.json()["pick"]["session"] in {"warmup", "openers"}
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in output


def test_serve_on_a_busy_port_says_so_in_one_line_without_claiming_to_run(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [GETHIP, "--db", f"sqlite:///{tmp_path / 'busy.db'}", "serve", "--port", str(port)],
            env=environment(tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert "running" not in result.stdout
    assert result.stderr.strip().splitlines() == [
        f"error: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]
