"""`gethip serve --hosted`: PostgreSQL and a secret or no start; several servers at once; never a migration."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.cli.runner import GETHIP, environment, gethip
from tests.conftest import fresh_schema
from tests.hosted.conftest import SECRET
from tests.web.server import free_port


@pytest.fixture
def empty_url(postgres_base_url: str) -> Iterator[str]:
    with fresh_schema(postgres_base_url, "e") as url:
        yield url


def hosted_env(data_dir: Path, secret: str | None = SECRET) -> dict[str, str]:
    env = environment(data_dir)
    if secret is not None:
        env["GETHIP_SECRET_KEY"] = secret
    return env


def serve(
    data_dir: Path, url: str, port: int, *extra: str, secret: str | None = SECRET
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [GETHIP, "--db", url, "serve", "--hosted", "--port", str(port), *extra],
        env=hosted_env(data_dir, secret),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_hosted_mode_refuses_sqlite_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [GETHIP, "--db", f"sqlite:///{tmp_path / 'x.db'}", "serve", "--hosted"],
        env=hosted_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: hosted mode needs PostgreSQL")
    assert "running" not in result.stdout


def test_hosted_mode_refuses_to_start_without_a_secret(tmp_path: Path, empty_url: str) -> None:
    proc = serve(tmp_path, empty_url, free_port(), secret=None)
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert "GETHIP_SECRET_KEY" in output and "running" not in output


def test_hosted_servers_never_migrate_and_name_the_command_that_does(
    tmp_path: Path, empty_url: str
) -> None:
    proc = serve(tmp_path, empty_url, free_port())
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "gethip db upgrade" in output


@pytest.mark.slow
def test_three_servers_start_at_once_on_an_empty_database_after_db_upgrade(
    tmp_path: Path, empty_url: str
) -> None:
    upgraded = gethip(tmp_path, "--db", empty_url, "db", "upgrade", timeout=120)
    assert upgraded.returncode == 0, upgraded.stderr
    ports = [free_port() for _ in range(3)]
    procs = [
        serve(tmp_path, empty_url, port, *(("--workers", "2") if n == 0 else ()))
        for n, port in enumerate(ports)
    ]
    try:
        for port, proc in zip(ports, procs, strict=True):
            deadline = time.monotonic() + 60
            while True:
                try:
                    answer = httpx.get(f"http://127.0.0.1:{port}/api/moves", timeout=2)
                    break
                except httpx.TransportError:
                    if proc.poll() is not None:
                        pytest.fail(f"a server exited: {proc.stdout.read() if proc.stdout else ''}")
                    assert time.monotonic() < deadline, "a server did not answer in 60 s"
                    time.sleep(0.2)
            assert answer.status_code == 200
            assert httpx.get(f"http://127.0.0.1:{port}/api/today").status_code == 401
        # An account made through one server signs in through another: one database, no local state.
        first, second = (f"http://127.0.0.1:{port}" for port in ports[:2])
        made = httpx.post(
            f"{first}/api/auth/register",
            json={"email": "sam@club.example", "password": "correct horse battery", "name": "Sam"},
        )
        assert made.status_code == 201, made.text
        signed = httpx.post(
            f"{second}/api/auth/login",
            json={"email": "sam@club.example", "password": "correct horse battery"},
        )
        assert signed.status_code == 200
        me = httpx.get(f"{first}/api/auth/me", cookies=signed.cookies)
        assert me.json()["name"] == "Sam"
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
