"""A real `gethip serve` in a child process, for tests that need a server on a socket."""

from __future__ import annotations

import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.cli.runner import GETHIP, environment


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Served:
    """A `gethip serve` process; ``output`` is all it printed, once it has stopped."""

    process: subprocess.Popen[str]
    output: str = ""


@contextmanager
def serving(
    data_dir: Path,
    *args: str,
    probe: str,
    verify: ssl.SSLContext | bool = True,
    start_timeout: float = 30,
) -> Iterator[Served]:
    """`gethip ARGS...` (a serve command) until ``probe`` answers; stopped on leaving."""
    process = subprocess.Popen(
        [GETHIP, *args],
        env=environment(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    served = Served(process)
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                httpx.get(probe, timeout=2, verify=verify).raise_for_status()
                break
            except httpx.TransportError:
                if process.poll() is not None:
                    output = process.stdout.read() if process.stdout else ""
                    raise RuntimeError(f"gethip serve exited: {output}") from None
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"gethip serve did not answer in {start_timeout} s"
                    ) from None
                time.sleep(0.1)
        yield served
    finally:
        process.terminate()
        try:
            served.output, _ = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            served.output, _ = process.communicate()


@contextmanager
def served(data_dir: Path, database_url: str, start_timeout: float = 30) -> Iterator[str]:
    """Start `gethip serve` on a free loopback port; yields its base URL, stops it after."""
    port = free_port()
    process = subprocess.Popen(
        [GETHIP, "--db", database_url, "serve", "--port", str(port)],
        env=environment(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                httpx.get(f"{base}/api/today", timeout=2).raise_for_status()
                break
            except httpx.TransportError:
                if process.poll() is not None:
                    output = process.stdout.read() if process.stdout else ""
                    raise RuntimeError(f"gethip serve exited: {output}") from None
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"gethip serve did not answer in {start_timeout} s"
                    ) from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
