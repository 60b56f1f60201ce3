"""`gethip profile`, `gethip plan` and `gethip today` as a user types them (CliRunner)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner, Result

from gethip.cli.main import app
from gethip.store.database import Store
from gethip.store.profiles import Profiles

DESK_RUNNER = [
    "--run-days", "mon,wed,sat",
    "--run-time", "07:00",
    "--run-time", "sat=08:30",
    "--long-run", "sat",
    "--sitting-hours", "9",
    "--minutes", "25",
    "--timezone", "Europe/London",
]  # fmt: skip
ITEM_KEYS = {"date", "time", "kind", "session", "minutes", "rule", "reason", "done"}


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'gethip.db'}"


def gethip(url: str, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, ["--db", url, *args], input=input, env={"COLUMNS": "120"})


def gethip_json(url: str, *args: str) -> Any:
    result = gethip(url, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_three_commands_are_listed_in_help(sqlite_url: str) -> None:
    result = gethip(sqlite_url, "--help")
    for command in ("profile", "plan", "today"):
        assert command in result.stdout


def test_profile_flags_set_fields_and_json_shows_them(sqlite_url: str) -> None:
    saved = gethip_json(sqlite_url, "profile", *DESK_RUNNER, "--json")
    assert saved == gethip_json(sqlite_url, "profile", "--json")
    assert saved["run_days"] == ["mon", "wed", "sat"]
    assert saved["run_times"] == {"mon": "07:00", "wed": "07:00", "sat": "08:30"}
    assert (saved["long_run_day"], saved["sitting_hours"], saved["minutes"]) == ("sat", 9, 25)
    shown = gethip(sqlite_url, "profile")
    assert "Mon, Wed, Sat" in shown.stdout and "Europe/London" in shown.stdout


def test_each_flag_changes_only_its_field_and_history_keeps_versions(sqlite_url: str) -> None:
    gethip(sqlite_url, "profile", *DESK_RUNNER)
    gethip(sqlite_url, "profile", "--notes", "tight left hip", "--level", "beginner")
    changed = gethip_json(sqlite_url, "profile", "--minutes", "none", "--json")
    assert (changed["notes"], changed["level"], changed["minutes"]) == (
        "tight left hip",
        "beginner",
        None,
    )
    assert changed["run_days"] == ["mon", "wed", "sat"]
    history = gethip_json(sqlite_url, "profile", "--history", "--json")
    assert [h["version"] for h in history] == [1, 2, 3]
    assert history[2]["changed"] == ["minutes"]


BAD_INPUT = [
    (["--run-days", ""], "run_days"),
    (["--run-days", "mon,blursday"], "run_days"),
    (["--sitting-hours", "25"], "sitting_hours"),
    (["--sitting-hours", "lots"], "sitting_hours"),
    (["--minutes", "0"], "minutes"),
    (["--timezone", "Europe/Neverland"], "timezone"),
    (["--long-run", "tue"], "long_run_day"),
    (["--run-time", "7am"], "run_times"),
    (["--level", "olympian"], "level"),
]


@pytest.mark.parametrize(("flags", "field"), BAD_INPUT)
def test_bad_profile_input_is_one_line_exit_2_and_stores_nothing(
    sqlite_url: str, flags: list[str], field: str
) -> None:
    _assert_refused(sqlite_url, flags, field)


@pytest.mark.parametrize(("flags", "field"), [BAD_INPUT[0], BAD_INPUT[2], BAD_INPUT[5]])
def test_bad_profile_input_stores_nothing_on_either_database(
    database_url: str, flags: list[str], field: str
) -> None:
    _assert_refused(database_url, flags, field)


def _assert_refused(database_url: str, flags: list[str], field: str) -> None:
    gethip(database_url, "profile", *DESK_RUNNER)
    result = gethip(database_url, "profile", *flags, "--notes", "must not be saved")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert f"profile field '{field}'" in result.stderr
    assert "Traceback" not in result.output
    store = Store.open(database_url)
    try:
        profiles = Profiles(store, store.local_user())
        assert len(profiles.history()) == 1
        current = profiles.current()
        assert current is not None and current.notes == ""
    finally:
        store.close()


def test_interactive_profile_asks_each_field_and_re_asks_a_wrong_one(sqlite_url: str) -> None:
    answers = "\n".join(
        [
            "mon,wed,sat",  # run days
            "07:00 sat=08:30",  # run times
            "sat",  # long run
            "",  # work days: keep mon-fri
            "30",  # sitting hours: impossible, asked again below
            "25",  # minutes
            "",  # level
            "Europe/London",  # time zone
            "",  # notes
            "9",  # sitting hours, again
        ]
    )
    result = gethip(sqlite_url, "profile", "--interactive", input=answers + "\n")
    assert result.exit_code == 0, result.output
    assert "profile field 'sitting_hours'" in result.output
    saved = gethip_json(sqlite_url, "profile", "--json")
    assert (saved["sitting_hours"], saved["long_run_day"], saved["timezone"]) == (
        9,
        "sat",
        "Europe/London",
    )


def test_plan_without_a_profile_says_how_to_make_one(sqlite_url: str) -> None:
    result = gethip(sqlite_url, "plan")
    assert result.exit_code == 2
    assert "no profile yet" in result.stderr and "gethip profile --run-days" in result.stderr


def test_plan_json_has_the_week_the_zone_and_the_items(sqlite_url: str) -> None:
    gethip(sqlite_url, "profile", *DESK_RUNNER)
    plan = gethip_json(sqlite_url, "plan", "--week", "2026-03-04", "--json")
    assert set(plan) == {"week_start", "timezone", "items"}
    assert (plan["week_start"], plan["timezone"]) == ("2026-03-02", "Europe/London")
    for item in plan["items"]:
        assert set(item) >= ITEM_KEYS
        assert item["kind"] in {"run", "warmup", "openers", "strength", "offday", "desk-break"}
        assert (item["session"] is None) == (item["kind"] == "run")
    monday = [i for i in plan["items"] if i["date"] == "2026-03-02" and i["kind"] != "desk-break"]
    assert [(i["time"], i["kind"], i["rule"]) for i in monday] == [
        ("06:57", "warmup", "warmup-before-run"),
        ("07:00", "run", "planned-run"),
        ("07:45", "openers", "openers-after-run"),
    ]
    tuesday = next(i for i in plan["items"] if i["date"] == "2026-03-03" and i["kind"] == "offday")
    assert tuesday["adjustments"][0]["label"].startswith("Shortened to fit 25 min")


def test_plan_json_for_several_weeks_carries_all_their_items(sqlite_url: str) -> None:
    gethip(sqlite_url, "profile", *DESK_RUNNER)
    plan = gethip_json(sqlite_url, "plan", "--week", "2026-03-02", "--weeks", "2", "--json")
    assert {i["date"] for i in plan["items"]} >= {"2026-03-02", "2026-03-15"}


def test_plan_prints_a_week_table(sqlite_url: str) -> None:
    gethip(sqlite_url, "profile", *DESK_RUNNER)
    result = gethip(sqlite_url, "plan", "--week", "2026-03-02")
    assert result.exit_code == 0, result.output
    for text in (
        "Week of Mon 02 Mar 2026",
        "Active warm-up",
        "Long run",
        "3 desk breaks",
        "Off-day strength and openers",
        "Shortened to fit 25 min",
    ):
        assert text in result.stdout


def test_a_bad_week_is_exit_2(sqlite_url: str) -> None:
    gethip(sqlite_url, "profile", *DESK_RUNNER)
    result = gethip(sqlite_url, "plan", "--week", "next tuesday")
    assert result.exit_code == 2 and "--week" in result.stderr


def test_today_lists_today_in_the_profile_zone(sqlite_url: str) -> None:
    gethip(sqlite_url, "profile", *DESK_RUNNER)
    today = gethip_json(sqlite_url, "today", "--json")
    expected = datetime.now(ZoneInfo("Europe/London")).date()
    assert set(today) == {
        "date",
        "timezone",
        "now",
        "profile",
        "items",
        "next",
        "pick",
        "setup",
        "resume",
        "done_today",
        "streak_days",
        "week",
    }
    assert today["profile"] is True and today["pick"] is None
    # Near midnight the date may roll over between the two reads: allow that.
    assert date.fromisoformat(today["date"]) - expected in {date.resolution * 0, date.resolution}
    assert today["items"] and all(i["date"] == today["date"] for i in today["items"])
    assert gethip(sqlite_url, "today").exit_code == 0


def test_adherence_counts_planned_against_done_per_week(sqlite_url: str) -> None:
    gethip(sqlite_url, "profile", *DESK_RUNNER)
    report = gethip_json(sqlite_url, "plan", "--adherence", "--weeks", "3", "--json")
    assert len(report["weeks"]) == 3
    assert set(report["weeks"][0]) == {"week_start", "planned", "due", "done"}
    # The profile was made today: the weeks before it planned nothing, so missed nothing.
    before, _, this_week = report["weeks"]
    assert before == {"week_start": before["week_start"], "planned": 0, "due": 0, "done": 0}
    assert 0 < this_week["planned"] <= 10 and this_week["done"] == 0
    table = gethip(sqlite_url, "plan", "--adherence")
    assert "planned against done" in table.stdout


def test_plan_ics_writes_a_calendar(sqlite_url: str, tmp_path: Path) -> None:
    from icalendar import Calendar

    gethip(sqlite_url, "profile", *DESK_RUNNER)
    target = tmp_path / "plan.ics"
    result = gethip(
        sqlite_url, "plan", "--week", "2026-03-02", "--ics", str(target), "--weeks", "2"
    )
    assert result.exit_code == 0, result.output
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    # Per week: 10 sessions and 15 desk breaks.
    assert len(events) == 2 * 25
    assert "Wrote 50 sessions" in result.stdout


def test_the_cli_starts_without_loading_the_planner_or_the_calendar() -> None:
    code = (
        "import sys, gethip.cli.main; "
        "print(sorted(m for m in ('icalendar', 'gethip.core.planner', 'sqlalchemy', "
        "'gethip.exports.ics') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_core_planner_imports_no_edge() -> None:
    code = (
        "import sys, gethip.core.planner, gethip.core.profile; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'typer', 'rich', 'fastapi', 'icalendar', 'yaml'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
