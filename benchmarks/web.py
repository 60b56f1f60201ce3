"""The local web coach under load, beside a bare FastAPI endpoint, and what a first visit downloads.

    .venv/bin/python benchmarks/web.py            # 10 s per figure
    .venv/bin/python benchmarks/web.py --quick    # 4 s per figure

A year of one runner's use is seeded in-process through the application
layer (a profile, about 300 practices of every session, some stopped early
and some rated, and 40 runs imported from generated FIT files) into a fresh
SQLite file. `gethip serve` then serves it as a runner starts it (uvicorn,
one process), and `GET /api/today` and the Today page `/` are each loaded by
50 connections, beside a FastAPI endpoint returning a small JSON served the
same way (uvicorn, one worker), measured in the same run. The load comes
from Debian's wrk (installed here when missing and possible); without it, a
small Python load generator (threads of httpx clients) stands in, slower,
and the table says which was used.

Then the first load of Today and of the player (/play/openers): the page
and everything it pulls in (stylesheets, scripts and the modules they
import, icons, the manifest, images), as the server sends them: gzipped
when it answers `Accept-Encoding: gzip` with gzip, otherwise as they are
(the gzipped size is shown beside, for what compression would save).

Targets: each route at least half the bare rate, p99 under 50 ms; each
first load under 150 KB.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from random import Random
from urllib.parse import urljoin, urlparse

import httpx
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.hosted import bare_command, ensure_wrk, free_port, server, wrk  # noqa: E402
from benchmarks.hosted_seed import PROFILE  # noqa: E402

CONNECTIONS = 50
RATE_SHARE, P99_MS, FIRST_LOAD_KB = 0.5, 50.0, 150.0
PRACTICES, RUNS = 300, 40
# How often each session turns up in a runner's year: the short ones most.
SESSION_MIX = {"warmup": 40, "openers": 25, "desk-break": 20, "strength": 10, "offday": 5}


# --- Seeding -------------------------------------------------------------------------


def seed(url: str, runs_folder: Path, now: datetime) -> None:
    """A year of one local runner, written through the same use cases the API calls."""
    from gethip.app import practices, profiles
    from gethip.app.clock import FixedClock
    from gethip.app.context import context_for
    from gethip.app.imports import import_runs
    from gethip.app.timelines import compiled_for
    from gethip.core.practice import Ending, StepOutcome
    from gethip.core.timeline import Settings
    from gethip.store.database import Store

    store = Store.open(url)
    user = store.local_user()
    year_ago = now - timedelta(days=365)
    profiles.update(context_for(store, user, FixedClock(year_ago)), PROFILE)
    ctx = context_for(store, user, FixedClock(now))
    rng = Random(7)
    sessions = list(SESSION_MIX)
    weights = list(SESSION_MIX.values())
    for n in range(PRACTICES):
        started = year_ago + timedelta(days=n * 365 / PRACTICES, hours=rng.uniform(6, 20))
        session = rng.choices(sessions, weights)[0]
        settings = Settings()
        timeline = compiled_for(session, settings)
        practice_id = str(uuid.UUID(int=rng.getrandbits(128)))
        practices.start(ctx, practice_id, session, settings, started)
        # One in ten is stopped part-way, as a phone call or a crying child stops one.
        steps = timeline.segments
        if rng.random() < 0.1:
            steps = steps[: rng.randint(1, len(steps))]
        for segment in steps:
            done_at = started + timedelta(seconds=segment.start + segment.duration)
            practices.record_step(ctx, practice_id, segment, StepOutcome.DONE, None, done_at)
        ending = Ending.FINISHED if len(steps) == len(timeline.segments) else Ending.STOPPED
        rated = rng.random() < 0.6
        practices.finish(
            ctx,
            practice_id,
            ending,
            started + timedelta(seconds=timeline.total_seconds),
            rng.randint(1, 7) if rated else None,
            rng.choice([0, 0, 0, 1, 2, 3]) if rated else None,
        )
    import_runs(ctx, [runs_folder], workers=1)
    store.close()


def write_runs(folder: Path, now: datetime) -> None:
    """RUNS simulated FIT files, one every nine days or so over the year."""
    from tests.runs.factories import RunSpec, fit_bytes, simulate

    for n in range(RUNS):
        spec = RunSpec(
            start=now - timedelta(days=365 - n * 9, hours=-7),
            minutes=30 + (n % 4) * 10,
            speed=2.8 + (n % 9) * 0.04,
            step_length=0.97 + (n % 5) * 0.01,
            seed=n,
        )
        (folder / f"run-{n:03d}.fit").write_bytes(fit_bytes(simulate(spec)))


# --- Load ----------------------------------------------------------------------------


def python_load(url: str, seconds: int, connections: int) -> tuple[float, float]:
    """Requests per second and p99 in ms from ``connections`` threads, each a keep-alive client.

    The stand-in for wrk: it shares the processor with the server and holds the
    GIL while it parses answers, so its rates are lower than wrk's would be.
    """
    latencies: list[list[float]] = [[] for _ in range(connections)]
    failures: list[str] = []
    deadline = time.monotonic() + seconds

    def hammer(mine: list[float]) -> None:
        with httpx.Client(timeout=30) as client:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                response = client.get(url)
                mine.append(time.perf_counter() - started)
                if response.status_code >= 400:
                    failures.append(f"{response.status_code}")

    threads = [threading.Thread(target=hammer, args=(mine,)) for mine in latencies]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    if failures:
        sys.exit(f"{url}: {len(failures)} error answers under load ({failures[0]} first)")
    every = sorted(latency for mine in latencies for latency in mine)
    p99 = statistics.quantiles(every, n=100)[98] * 1000
    return len(every) / elapsed, p99


@dataclass
class Loader:
    """wrk when it can be had, else the Python stand-in; ``name`` says which."""

    wrk: str | None

    @property
    def name(self) -> str:
        return "wrk" if self.wrk else "Python threads (httpx)"

    def measure(self, url: str, seconds: int) -> tuple[float, float]:
        if self.wrk:
            wrk(self.wrk, url, 2, CONNECTIONS, None)  # warm-up: first answers fill caches
            return wrk(self.wrk, url, seconds, CONNECTIONS, None)
        python_load(url, 2, CONNECTIONS)
        return python_load(url, seconds, CONNECTIONS)


def find_loader() -> Loader:
    if shutil.which("wrk") is None and not (shutil.which("apt-get") and os.geteuid() == 0):
        return Loader(None)
    try:
        return Loader(ensure_wrk())
    except SystemExit:  # hosted.py's ensure_wrk gives up by exiting; here Python takes over
        return Loader(None)


# --- First load ----------------------------------------------------------------------


class References(HTMLParser):
    """The URLs a browser fetches on the first load of a page: styles, scripts, icons, images."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("href"):
            self.found.append(values["href"] or "")
        elif tag in {"script", "img"} and values.get("src"):
            self.found.append(values["src"] or "")


# Static `import ... from "x"`, bare `import "x"`, and dynamic `import("x")` with a literal.
JS_IMPORT = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+\.m?js)["']""")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


@dataclass
class FirstLoad:
    files: int
    sent: int  # bytes as the server sent them
    gzipped: int  # bytes had every answer been gzipped
    compressed: bool  # whether the server gzipped anything


def first_load(base: str, path: str) -> FirstLoad:
    seen: set[str] = set()
    queue = [urljoin(base, path)]
    sent = gzipped = 0
    compressed = False
    with httpx.Client(headers={"Accept-Encoding": "gzip"}, timeout=30) as client:
        while queue:
            url = queue.pop()
            if url in seen or urlparse(url).netloc != urlparse(base).netloc:
                continue
            seen.add(url)
            response = client.get(url)
            response.raise_for_status()
            body = response.content  # decoded, when it came gzipped
            on_wire = response.num_bytes_downloaded  # the body's bytes as they came
            compressed |= response.headers.get("content-encoding") == "gzip"
            sent += on_wire
            gzipped += len(gzip.compress(body, 6))
            kind = response.headers.get("content-type", "")
            text = body.decode("utf-8", "replace")
            if "html" in kind:
                parser = References()
                parser.feed(text)
                found = parser.found
            elif "javascript" in kind:
                found = JS_IMPORT.findall(text)
            elif "css" in kind:
                found = [u for u in CSS_URL.findall(text) if not u.startswith("data:")]
            else:
                found = []
            queue += [urljoin(url, reference) for reference in found]
    return FirstLoad(len(seen), sent, gzipped, compressed)


def offline_copy(base: str) -> FirstLoad:
    """What the service worker fetches after the first load to work offline (not a target:
    it comes in the background, once, while the runner already uses the page)."""
    from gethip.web.app import personal_urls, shell_urls

    sent = gzipped = 0
    urls = ["/sw.js", *shell_urls(), *personal_urls()]
    with httpx.Client(base_url=base, headers={"Accept-Encoding": "gzip"}, timeout=30) as client:
        for url in urls:
            response = client.get(url)
            response.raise_for_status()
            sent += response.num_bytes_downloaded
            gzipped += len(gzip.compress(response.content, 6))
    return FirstLoad(len(urls), sent, gzipped, compressed=False)


# --- The run -------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="4 s per figure instead of 10")
    seconds = 4 if parser.parse_args().quick else 10
    console = Console(width=110)
    loader = find_loader()
    python = sys.executable
    gethip = str(Path(python).parent / "gethip")
    now = datetime.now(UTC)

    with tempfile.TemporaryDirectory(prefix="gethip-web-bench-") as folder:
        here = Path(folder)
        (here / "runs").mkdir()
        url = f"sqlite:///{here / 'bench.db'}"
        started = time.perf_counter()
        write_runs(here / "runs", now)
        seed(url, here / "runs", now)
        console.print(
            f"seeded {PRACTICES} practices over a year and {RUNS} runs through the application"
            f" layer in {time.perf_counter() - started:.0f} s"
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("GETHIP_")}
        env |= {"GETHIP_DATA_DIR": str(here / "data")}

        port = free_port()
        bare = bare_command(python, port, 1)
        bare_url = f"http://127.0.0.1:{port}/bare"
        with server(bare, env | {"PYTHONPATH": str(ROOT)}, bare_url):
            bare_rate, bare_p99 = loader.measure(bare_url, seconds)

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        local = [gethip, "--db", url, "serve", "--port", str(port)]
        rows = []
        with server(local, env, f"{base}/api/moves"):
            for path in ("/api/today", "/"):
                rate, p99 = loader.measure(base + path, seconds)
                rows.append((path, rate, p99))
            loads = {path: first_load(base, path) for path in ("/", "/play/openers")}
            offline = offline_copy(base)

    ok = True
    table = Table(
        title=f"local coach (SQLite, one process), {CONNECTIONS} connections, {seconds} s each"
        f" ({loader.name})"
    )
    for heading in ("route", "req/s", "p99 ms", "share of bare", "target", ""):
        table.add_column(heading, justify="left" if heading in {"route", "target"} else "right")
    table.add_row("bare FastAPI", f"{bare_rate:.0f}", f"{bare_p99:.1f}", "100%", "baseline", "")
    for path, rate, p99 in rows:
        share = rate / bare_rate
        good = share >= RATE_SHARE and p99 < P99_MS
        ok &= good
        table.add_row(
            f"GET {path}",
            f"{rate:.0f}",
            f"{p99:.1f}",
            f"{share:.0%}",
            f">= {RATE_SHARE:.0%}, p99 < {P99_MS:.0f} ms",
            "ok" if good else "[bold red]MISSED[/]",
        )
    console.print(table)

    sizes = Table(title="first load: the page and everything it references")
    for heading in ("page", "files", "KB as sent", "KB gzipped", "target", ""):
        sizes.add_column(heading, justify="left" if heading in {"page", "target"} else "right")
    for path, load in loads.items():
        kb = load.sent / 1024
        good = kb < FIRST_LOAD_KB
        ok &= good
        sizes.add_row(
            path,
            str(load.files),
            f"{kb:.1f}",
            f"{load.gzipped / 1024:.1f}",
            f"< {FIRST_LOAD_KB:.0f} KB",
            "ok" if good else "[bold red]MISSED[/]",
        )
    sizes.add_row(
        "then, for offline use",
        str(offline.files),
        f"{offline.sent / 1024:.1f}",
        f"{offline.gzipped / 1024:.1f}",
        "(none: in the background)",
        "",
    )
    console.print(sizes)
    any_compressed = any(load.compressed for load in loads.values())
    console.print(
        "the server "
        + ("gzips its answers" if any_compressed else "sends its answers uncompressed")
        + f"; machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the end"
    )
    if not ok:
        console.print("some targets were missed (see MISSED above)")


if __name__ == "__main__":
    main()
