"""An imported run is a run that happened: the plan shows it and puts the openers after it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.cli.runner import gethip, gethip_json
from tests.runs.factories import RunSpec, write_run


def test_an_imported_run_appears_in_the_plan_with_openers_after_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    gethip(data, "profile", "--run-days", "mon,thu", "--long-run", "thu", "--timezone", "UTC")
    # A Tuesday run the profile did not plan.
    spec = RunSpec(start=datetime(2026, 11, 17, 7, 0, tzinfo=UTC), minutes=8, utc_offset_minutes=0)
    run_file = write_run(tmp_path / "runs", "tuesday", spec)
    assert gethip_json(data, "import", str(run_file), "--json")["imported"] == 1

    plan = gethip_json(data, "plan", "--week", "2026-11-16", "--json")
    tuesday = [item for item in plan["items"] if item["date"] == "2026-11-17"]
    kinds = [item["kind"] for item in tuesday]
    assert "run" in kinds
    assert kinds.index("openers") > kinds.index("run")
    [run] = [item for item in tuesday if item["kind"] == "run"]
    assert run["time"] == "07:00"
