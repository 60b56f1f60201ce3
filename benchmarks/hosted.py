"""Hosted mode under load: signed-in Today and History beside a bare FastAPI endpoint, and the coach's view.

    .venv/bin/python benchmarks/hosted.py            # 10 s per figure
    .venv/bin/python benchmarks/hosted.py --quick    # 4 s per figure

On this machine's PostgreSQL (GETHIP_TEST_POSTGRES_URL, or the local `test`
database), in a schema of its own, dropped afterwards. For 1 and 2 server
workers: `GET /api/today` and `GET /api/history` for a signed-in runner with
a profile and 100 practices, and a bare FastAPI endpoint run by the same
uvicorn with the same workers, all under 50 connections from wrk (Debian's,
installed here when missing). Then the coach's squad view of 200 members
with 100 practices each, one request at a time, after one request that
computes every member's report (its time is printed too).

Targets: each signed-in route at least half the bare rate at the same
worker count; p99 under 50 ms for Today, under 100 ms for the squad view.
Skips, saying why, when PostgreSQL or wrk cannot be had.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ADMIN_URL = os.environ.get(
    "GETHIP_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SECRET = "benchmark-secret-" + "b" * 40
CONNECTIONS = 50
TODAY_P99_MS, SQUAD_P99_MS, RATE_SHARE = 50.0, 100.0, 0.5
MEMBERS, PER_MEMBER = 200, 100


def skip(reason: str) -> None:
    print(f"benchmarks/hosted.py skipped: {reason}")
    sys.exit(0)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            capture_output=True,
            check=False,
        )
        found = shutil.which("wrk")
    if not found:
        skip("wrk is not installed and could not be (apt-get install wrk, as root)")
    return found


@contextmanager
def fresh_schema() -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    try:
        admin = create_engine(
            ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
        )
        with admin.connect() as connection:
            schema = f"bench_{uuid.uuid4().hex[:10]}"
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except (OperationalError, ModuleNotFoundError) as error:
        skip(f"no PostgreSQL at {ADMIN_URL}: {str(error).splitlines()[0]}")
    try:
        yield f"{ADMIN_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def server(command: list[str], env: dict[str, str], probe: str) -> Iterator[None]:
    import httpx

    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(probe, timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    error = process.stderr.read().decode() if process.stderr else ""
                    sys.exit(f"the server did not start: {' '.join(command)}\n{error}")
                time.sleep(0.2)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def bare_command(python: str, port: int, workers: int) -> list[str]:
    """The baseline: a FastAPI endpoint with nothing of gethip, under the same uvicorn."""
    return [
        python,
        "-m",
        "uvicorn",
        "benchmarks.hosted_bare:app",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]


def wrk(
    binary: str, url: str, seconds: int, connections: int, cookie: str | None
) -> tuple[float, float]:
    """Requests per second and the p99 latency in ms."""
    # A generous timeout: a slow answer is measured as slow, not dropped from the figures.
    command = [
        binary,
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "--latency",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])  # type: ignore[index]
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)\b", output).groups()  # type: ignore[union-attr]
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        sys.exit(f"{url}: {errors[1]} error answers under load\n{output}")
    return rate, p99


def session_cookie(store: object, email: str) -> str:
    from benchmarks.hosted_seed import PASSWORD

    from gethip.app.accounts import login

    signed = login(store, SECRET, email, PASSWORD, "127.0.0.1", datetime.now(UTC))  # type: ignore[arg-type]
    return f"gethip_session={signed.token}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="4 s per figure instead of 10")
    seconds = 4 if parser.parse_args().quick else 10
    binary = ensure_wrk()
    python = sys.executable
    gethip = str(Path(python).parent / "gethip")

    from benchmarks.hosted_seed import seed

    from gethip.store.database import Store, upgrade

    with fresh_schema() as url:
        upgrade(url)
        store = Store.open(url, upgrade=False)
        started = time.perf_counter()
        ids = seed(store, MEMBERS, PER_MEMBER)
        print(
            f"seeded {MEMBERS} members x {PER_MEMBER} practices in {time.perf_counter() - started:.0f} s"
        )
        runner = session_cookie(store, "runner@bench.example")
        coach = session_cookie(store, "coach@bench.example")
        store.close()

        env = {k: v for k, v in os.environ.items() if not k.startswith("GETHIP_")}
        env |= {
            "GETHIP_SECRET_KEY": SECRET,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        }
        rows = []
        for workers in (1, 2):
            port = free_port()
            bare = bare_command(python, port, workers)
            with server(bare, env | {"PYTHONPATH": str(ROOT)}, f"http://127.0.0.1:{port}/bare"):
                wrk(binary, f"http://127.0.0.1:{port}/bare", 2, CONNECTIONS, None)  # warm-up
                bare_rate, bare_p99 = wrk(
                    binary, f"http://127.0.0.1:{port}/bare", seconds, CONNECTIONS, None
                )
            port = free_port()
            hosted = [
                gethip,
                "--db",
                url,
                "serve",
                "--hosted",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ]
            base = f"http://127.0.0.1:{port}"
            with server(hosted, env, f"{base}/api/moves"):
                for path in ("/api/today", "/api/history"):
                    wrk(binary, base + path, 2, CONNECTIONS, runner)  # warm-up
                    rate, p99 = wrk(binary, base + path, seconds, CONNECTIONS, runner)
                    rows.append((workers, path, rate, p99, bare_rate, bare_p99))
                if workers == 2:
                    squad = f"{base}/api/squads/{ids['squad']}"
                    import httpx

                    cold = time.perf_counter()
                    for _ in range(workers):  # each worker computes its reports once
                        httpx.get(squad, headers={"Cookie": coach}, timeout=600).raise_for_status()
                    cold_s = time.perf_counter() - cold
                    squad_rate, squad_p99 = wrk(binary, squad, seconds, 1, coach)

        print(f"\nhosted mode on PostgreSQL, {CONNECTIONS} connections, {seconds} s each (wrk)")
        print(
            f"{'workers':>7}  {'route':<13} {'req/s':>8} {'p99 ms':>8}   {'bare req/s':>10} {'bare p99':>8}   {'share':>6}  target"
        )
        ok = True
        for workers, path, rate, p99, bare_rate, bare_p99 in rows:
            share = rate / bare_rate
            good = share >= RATE_SHARE and (path != "/api/today" or p99 < TODAY_P99_MS)
            ok &= good
            target = f">= {RATE_SHARE:.0%}" + (
                f", p99 < {TODAY_P99_MS:.0f} ms" if path == "/api/today" else ""
            )
            print(
                f"{workers:>7}  {path:<13} {rate:>8.0f} {p99:>8.1f}   {bare_rate:>10.0f} {bare_p99:>8.1f}   {share:>6.1%}  {target} {'ok' if good else 'MISSED'}"
            )
        squad_ok = squad_p99 < SQUAD_P99_MS
        ok &= squad_ok
        print(
            f"\ncoach's squad view, {MEMBERS} members x {PER_MEMBER} practices, 2 workers, one request at a time:"
            f" {squad_rate:.1f} req/s, p99 {squad_p99:.1f} ms (target < {SQUAD_P99_MS:.0f} ms: {'ok' if squad_ok else 'MISSED'});"
            f" first request per worker, computing every report: {cold_s:.1f} s in all"
        )
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the end")
        if not ok:
            print("some targets were missed (see MISSED above)")


if __name__ == "__main__":
    main()
