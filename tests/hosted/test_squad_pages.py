"""The squad pages: the coach's table with pain flags first, the join page, nothing for strangers."""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.hosted.conftest import Runner
from tests.hosted.play import play


def _form(runner: Runner, path: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    return runner.client.post(
        path,
        data={"csrf_token": runner.client.cookies["gethip_csrf"], **data},
        follow_redirects=False,
    )


def test_a_coach_makes_a_squad_a_runner_joins_by_link_and_the_table_flags_pain(
    runner: Callable[[str], Runner],
) -> None:
    coach, ana, ben = runner("Coach"), runner("Ana"), runner("Ben")
    made = _form(coach, "/squads", {"name": "Club"})
    assert made.status_code == 303
    squad_path = made.headers["location"]
    page = coach.client.get(squad_path).text
    link = re.search(r'data-testid="join-url">([^<]+)<', page)
    assert link, page
    code = link[1].split("code=")[1]
    assert code in ana.client.get(f"/squads/join?code={code}").text
    for member in (ana, ben):
        joined = _form(member, "/squads/join", {"code": code})
        assert joined.headers["location"] == squad_path
    play(ben, "warmup", pain=7)
    table = coach.client.get(squad_path).text
    rows = re.findall(r'<th scope="row"><a [^>]+>(\w+)</a>', table)
    assert rows == ["Ben", "Ana"]
    assert "pain ≥ 7 in 14 days" in table
    assert '<svg class="chart"' in table
    # A member's page: the name and the coach, no table.
    member_page = ana.client.get(squad_path).text
    assert (
        "Coach: <strong>Coach</strong>" in member_page
        and 'data-testid="members"' not in member_page
    )


def test_a_stranger_gets_the_same_not_found_page_as_for_no_squad(
    runner: Callable[[str], Runner],
) -> None:
    coach, eve = runner("Coach"), runner("Eve")
    squad_path = _form(coach, "/squads", {"name": "Club"}).headers["location"]
    theirs = eve.client.get(squad_path, headers={"accept": "text/html"})
    missing = eve.client.get("/squads/999999", headers={"accept": "text/html"})
    assert theirs.status_code == missing.status_code == 404
    assert theirs.text == missing.text


def test_the_coach_puts_a_session_on_the_plan_from_the_page(
    runner: Callable[[str], Runner],
) -> None:
    coach = runner("Coach")
    squad_path = _form(coach, "/squads", {"name": "Club"}).headers["location"]
    added = _form(
        coach,
        f"{squad_path}/assignments",
        {"date": "2026-03-06", "session": "openers", "minutes": "", "note": "After the track"},
    )
    assert added.status_code == 303
    assert "After the track" in coach.client.get(squad_path).text
