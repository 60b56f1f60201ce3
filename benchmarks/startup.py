"""How long `gethip moves --json` takes to start, print and exit, beside `python -c pass`.

    .venv/bin/python benchmarks/startup.py            # 20 runs of each
    .venv/bin/python benchmarks/startup.py --quick    # 5 runs of each

Both run as fresh processes with this interpreter: the installed entry point
(`.venv/bin/gethip`, as a user types it) and a bare interpreter that does
nothing, which is the floor no Python command can go under. A third row
imports Typer, Pydantic and PyYAML and does nothing with them: the part of
the time that belongs to the libraries rather than to gethip. The runs
alternate, one of each in turn after a warm-up, so a busy spell on the
machine falls on both. Wall time is the figure (median and p90); processor
time is shown too, as it moves less when other work shares the machine.

Bytecode is cached as on any install: the runs are made without
PYTHONDONTWRITEBYTECODE, which would otherwise make every run recompile each
module changed since the cache was written. Target: median under 250 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_MS = 250.0
# What the command cannot start without: the CLI framework, the models' library
# and the catalog's file format. Only imported: no command, no model, no file.
LIBRARIES = "import typer, yaml; from pydantic import BaseModel, Field"
RUNS, QUICK_RUNS, WARM_UPS = 20, 5, 2


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and processor milliseconds of one run, and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}): {result.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000, result.stdout


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.9 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_RUNS} runs of each")
    runs = QUICK_RUNS if parser.parse_args().quick else RUNS

    python = sys.executable
    gethip = str(Path(python).parent / "gethip")
    if not Path(gethip).exists():
        sys.exit(
            f"no entry point at {gethip}: install the project first (make test or pip install -e .)"
        )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "libraries alone": [python, "-c", LIBRARIES],
        "gethip moves --json": [gethip, "moves", "--json"],
    }

    for _ in range(WARM_UPS):
        for name, command in commands.items():
            _, _, output = run_once(command, env)
            if name.startswith("gethip"):
                moves = json.loads(output)
                assert isinstance(moves, list) and moves, "gethip moves --json printed no moves"
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            elapsed, processor, _ = run_once(command, env)
            wall[name].append(elapsed)
            cpu[name].append(processor)

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{runs} runs of each, alternating; {os.cpu_count()} cores, load average {load}")
    print(f"\n{'':22s} {'median':>8s} {'p90':>8s} {'min':>8s}   processor median")
    for name in commands:
        print(
            f"{name:22s} {statistics.median(wall[name]):6.0f} ms {p90(wall[name]):5.0f} ms "
            f"{min(wall[name]):5.0f} ms   {statistics.median(cpu[name]):6.0f} ms"
        )
    ours = statistics.median(wall["gethip moves --json"])
    floor = statistics.median(wall["python -c pass"])
    libraries = statistics.median(wall["libraries alone"])
    print(
        f"\ngethip takes {ours - floor:.0f} ms more than an empty interpreter "
        f"({ours / floor:.1f}x its time); importing its libraries takes {libraries - floor:.0f} ms "
        f"of that, the rest {ours - libraries:.0f} ms"
    )
    verdict = "met" if ours < TARGET_MS else "MISSED"
    print(f"target: median under {TARGET_MS:.0f} ms: {verdict} ({ours:.0f} ms)")


if __name__ == "__main__":
    main()
