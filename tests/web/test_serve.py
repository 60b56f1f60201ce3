"""`gethip serve`: the real command starts the app on the given port and says where."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.cli.runner import GETHIP, environment, gethip
from tests.web.server import free_port, serving


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


# --- an address others can reach ---------------------------------------------------------


def test_serve_refuses_an_address_others_can_reach_without_being_told(tmp_path: Path) -> None:
    port = free_port()
    for host in ("0.0.0.0", "::", "192.0.2.10"):
        result = gethip(tmp_path, "serve", "--host", host, "--port", str(port), timeout=30)
        assert result.returncode == 2, result.stdout
        assert "anyone on the network could read and change your data" in result.stderr
        assert "--lan" in result.stderr and "--i-know-this-is-open" in result.stderr
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{port}/api/today", timeout=2)


def test_serve_on_an_open_address_when_told_warns_that_anyone_can_read_and_change(
    tmp_path: Path,
) -> None:
    port = free_port()
    database = f"sqlite:///{tmp_path / 'served.db'}"
    args = ["--db", database, "serve", "--host", "0.0.0.0", "--port", str(port)]
    with serving(
        tmp_path, *args, "--i-know-this-is-open", probe=f"http://127.0.0.1:{port}/api/today"
    ) as served:
        # Open, but still not to a page that rebinds a name of its own to this machine.
        foreign = httpx.get(
            f"http://127.0.0.1:{port}/api/today", headers={"host": "evil.example"}, timeout=5
        )
        assert foreign.status_code == 400
    warning = " ".join(served.output.split())
    assert "anyone on the network can read and change your data" in warning
