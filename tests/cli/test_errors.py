"""The command line never shows a traceback: a bug is one line too, and deleting asks nothing twice."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gethip import content
from gethip.cli.main import run
from tests.cli.runner import gethip, gethip_json


def test_a_bug_is_one_line_on_stderr_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> None:
        raise RuntimeError("a bug in the catalog")

    monkeypatch.setattr(content, "load_catalog", broken)
    monkeypatch.setattr(sys, "argv", ["gethip", "moves", "--json"])
    with pytest.raises(SystemExit) as ended:
        run()
    assert ended.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("error: something went wrong on our side (RuntimeError")
    assert "Traceback" not in err[0]


def test_a_practice_is_deleted_with_its_steps_and_an_unknown_one_is_exit_2(
    tmp_path: Path,
) -> None:
    gethip(tmp_path, "go", "warmup", "--speed", "1000")
    [practice] = gethip_json(tmp_path, "history", "--json")
    gone = gethip(tmp_path, "delete", practice["id"], "--yes")
    assert gone.returncode == 0 and gone.stdout.startswith("Deleted warmup on ")
    assert gethip_json(tmp_path, "history", "--json") == []
    again = gethip(tmp_path, "delete", practice["id"], "--yes")
    assert again.returncode == 2
    assert again.stderr.strip() == f"error: no practice with id {practice['id']}"
    assert gethip(tmp_path, "delete", "not-an-id").returncode == 2


def test_an_imported_run_is_deleted_by_its_id(tmp_path: Path) -> None:
    from tests.runs.factories import RunSpec, write_run

    run_file = write_run(tmp_path / "runs", "easy", RunSpec(minutes=4))
    gethip(tmp_path, "import", str(run_file))
    [listed] = gethip_json(tmp_path, "runs", "--json")
    assert gethip(tmp_path, "delete-run", str(listed["id"]), "--yes").returncode == 0
    assert gethip_json(tmp_path, "runs", "--json") == []
    missing = gethip(tmp_path, "delete-run", str(listed["id"]), "--yes")
    assert missing.returncode == 2 and "no run with id" in missing.stderr
