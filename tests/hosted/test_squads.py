"""Squads: the coach reads and never writes, members see the squad only, strangers see nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from fastapi import FastAPI

from gethip.app import profiles
from tests.contexts import context_at
from tests.hosted.conftest import NOW, Runner
from tests.hosted.play import play
from tests.web.conftest import assert_error

PROFILE = {
    "run_days": ["mon", "wed", "sat"],
    "run_times": {"mon": "07:00", "wed": "07:00", "sat": "08:00"},
    "timezone": "UTC",
}


def squad_of(coach: Runner, *members: Runner) -> dict[str, Any]:
    made = coach.client.post("/api/squads", json={"name": "Tuesday track"}, headers=coach.csrf)
    assert made.status_code == 201, made.text
    squad: dict[str, Any] = made.json()
    assert set(squad) >= {"id", "name", "invite_code"}
    for member in members:
        joined = member.client.post(
            "/api/squads/join", json={"code": squad["invite_code"]}, headers=member.csrf
        )
        assert joined.status_code == 200, joined.text
        assert joined.json()["id"] == squad["id"]
    return squad


def test_the_coach_sees_each_members_four_weeks_with_pain_flags_first(
    hosted_app: FastAPI, runner: Callable[[str], Runner]
) -> None:
    coach, ana, ben = runner("Coach"), runner("Ana"), runner("Ben")
    squad = squad_of(coach, ana, ben)
    # Ana has kept a plan for ten days: some of it is due, and one session done.
    profiles.update(context_at(hosted_app.state.store, NOW - timedelta(days=10), ana.id), PROFILE)
    play(ana, "openers", tightness=3, pain=1, started_at="2026-03-02T08:00:00+00:00")
    play(ben, "warmup", tightness=6, pain=8)
    view = coach.client.get(f"/api/squads/{squad['id']}")
    assert view.status_code == 200, view.text
    data = view.json()
    assert [m["name"] for m in data["members"]] == ["Ben", "Ana"]
    ben_row, ana_row = data["members"]
    assert ben_row["pain_flag"] is True and ben_row["pain"] == 8 and ben_row["tightness"] == 6
    assert ana_row["pain_flag"] is False and ana_row["pain"] == 1
    assert ana_row["minutes"] > 0 and 0 < ana_row["adherence"] < 1
    assert ben_row["adherence"] is None  # no profile, so no plan to keep to
    assert isinstance(ana_row["stride"], str) and ana_row["stride"]
    assert len(data["weeks"]) == len(data["weekly_minutes"]) == 4
    assert data["weekly_minutes"][-1] == round(ana_row["minutes"] + ben_row["minutes"], 1)


def test_members_see_the_squads_name_and_coach_and_not_each_other(
    runner: Callable[[str], Runner],
) -> None:
    coach, ana, ben = runner("Coach"), runner("Ana"), runner("Ben")
    squad = squad_of(coach, ana, ben)
    seen = ana.client.get(f"/api/squads/{squad['id']}").json()
    assert seen == {
        "id": squad["id"],
        "name": "Tuesday track",
        "coach": {"id": coach.id, "name": "Coach"},
        "role": "member",
    }
    assert_error(ana.client.get(f"/api/squads/{squad['id']}/members/{ben.id}/history"), 404)
    assert [s["id"] for s in ana.client.get("/api/squads").json()] == [squad["id"]]


def test_the_coach_reads_a_members_history_and_can_never_write_it(
    runner: Callable[[str], Runner],
) -> None:
    coach, ana = runner("Coach"), runner("Ana")
    squad = squad_of(coach, ana)
    practice = play(ana, "openers", tightness=2, pain=0)
    history = coach.client.get(f"/api/squads/{squad['id']}/members/{ana.id}/history")
    assert [p["id"] for p in history.json()] == [practice]
    # The coach's own session is the coach's: the member's practice is not theirs to touch.
    assert_error(coach.client.delete(f"/api/practices/{practice}", headers=coach.csrf), 404)
    assert_error(coach.client.get(f"/api/practices/{practice}"), 404)
    finish = coach.client.put(
        f"/api/practices/{practice}/finish", json={"pain": 9}, headers=coach.csrf
    )
    assert_error(finish, 404)
    assert ana.client.get(f"/api/practices/{practice}").json()["practice"]["pain"] == 0
    assert ana.client.get("/api/history").json()[0]["id"] == practice


def test_a_non_member_sees_nothing_of_a_squad(runner: Callable[[str], Runner]) -> None:
    coach, ana, eve = runner("Coach"), runner("Ana"), runner("Eve")
    squad = squad_of(coach, ana)
    assert_error(eve.client.get(f"/api/squads/{squad['id']}"), 404)
    assert_error(eve.client.get(f"/api/squads/{squad['id']}/members/{ana.id}/history"), 404)
    assert_error(eve.client.get(f"/api/squads/{squad['id']}/assignments"), 404)
    assert eve.client.get("/api/squads").json() == []
    nope = eve.client.post(
        f"/api/squads/{squad['id']}/assignments",
        json={"date": "2026-03-05", "session": "openers", "note": "x"},
        headers=eve.csrf,
    )
    assert_error(nope, 404)


def test_removal_ends_access_and_leaving_is_a_members_own_choice(
    runner: Callable[[str], Runner],
) -> None:
    coach, ana, ben = runner("Coach"), runner("Ana"), runner("Ben")
    squad = squad_of(coach, ana, ben)
    play(ana, "warmup")
    # A member cannot remove another member.
    assert_error(
        ana.client.delete(f"/api/squads/{squad['id']}/members/{ben.id}", headers=ana.csrf), 404
    )
    removed = coach.client.delete(f"/api/squads/{squad['id']}/members/{ana.id}", headers=coach.csrf)
    assert removed.status_code == 204
    assert_error(coach.client.get(f"/api/squads/{squad['id']}/members/{ana.id}/history"), 404)
    assert [
        m["user"] for m in coach.client.get(f"/api/squads/{squad['id']}").json()["members"]
    ] == [ben.id]
    assert_error(ana.client.get(f"/api/squads/{squad['id']}"), 404)
    left = ben.client.delete(f"/api/squads/{squad['id']}/members/{ben.id}", headers=ben.csrf)
    assert left.status_code == 204
    assert coach.client.get(f"/api/squads/{squad['id']}").json()["members"] == []


def test_a_coach_assignment_appears_on_each_members_plan_and_today_with_its_note(
    runner: Callable[[str], Runner],
) -> None:
    coach, ana = runner("Coach"), runner("Ana")
    squad = squad_of(coach, ana)
    ana.client.put("/api/profile", json=PROFILE, headers=ana.csrf)
    made = coach.client.post(
        f"/api/squads/{squad['id']}/assignments",
        json={
            "date": "2026-03-04",
            "session": "openers",
            "minutes": 15,
            "note": "Easy, long breaths",
        },
        headers=coach.csrf,
    )
    assert made.status_code == 201, made.text
    today = ana.client.get("/api/today").json()
    coached = [item for item in today["items"] if item["rule"] == "coach"]
    assert len(coached) == 1
    item = coached[0]
    assert item["session"] == "openers" and item["note"] == "Easy, long breaths"
    assert "Easy, long breaths" in item["reason"]
    assert item["play"].startswith("/play/openers?minutes=")
    plan = ana.client.get("/api/plan", params={"week": "2026-03-04"}).json()
    assert [i["note"] for i in plan["items"] if i["rule"] == "coach"] == ["Easy, long breaths"]
    # The coach's own plan is the coach's: nothing assigned there.
    coach.client.put("/api/profile", json=PROFILE, headers=coach.csrf)
    assert all(i["rule"] != "coach" for i in coach.client.get("/api/today").json()["items"])


def test_only_the_coach_sets_the_squads_plan(runner: Callable[[str], Runner]) -> None:
    coach, ana = runner("Coach"), runner("Ana")
    squad = squad_of(coach, ana)
    refused = ana.client.post(
        f"/api/squads/{squad['id']}/assignments",
        json={"date": "2026-03-05", "session": "openers", "note": "Me too"},
        headers=ana.csrf,
    )
    assert_error(refused, 403)
    unknown = coach.client.post(
        f"/api/squads/{squad['id']}/assignments",
        json={"date": "2026-03-05", "session": "no-such", "note": "?"},
        headers=coach.csrf,
    )
    assert assert_error(unknown, 422)["details"][0]["field"] == "session"


def test_a_wrong_invite_code_finds_no_squad(runner: Callable[[str], Runner]) -> None:
    eve = runner("Eve")
    assert_error(eve.client.post("/api/squads/join", json={"code": "nope"}, headers=eve.csrf), 404)
