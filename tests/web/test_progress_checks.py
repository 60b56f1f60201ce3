"""The hip check on Progress: each side over time inside its margin, the plain sentences, never a diagnosis."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import Request
from fastapi.testclient import TestClient

from gethip.app.context import Context, context_for
from gethip.store.users import add_user
from gethip.web.app import create_app
from gethip.web.dependencies import request_context
from gethip.web.pages.check_charts import CheckPoint, check_chart
from tests.core.pose_factories import recording
from tests.web.conftest import BASE_URL, form_token, new_id, play

HTML = {"accept": "text/html"}


def keep(client: TestClient, side: str, angle: float, when: datetime, test: str = "thomas") -> Any:
    body = recording(test, side, angle) | {"measured_at": when.isoformat()}
    response = client.put(f"/api/checks/{new_id()}", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def section(client: TestClient) -> str:
    html = client.get("/progress", headers=HTML).text
    found = re.search(r'<section aria-labelledby="checks-title".*?</section>', html, re.S)
    assert found, "no hip check section on Progress"
    return found[0]


def test_without_checks_progress_links_to_the_hip_check(client: TestClient) -> None:
    part = section(client)
    assert "No hip checks yet" in part
    assert 'href="/check"' in part
    assert "<svg" not in part


def test_progress_draws_each_side_over_time_with_its_margin_and_a_table(client: TestClient) -> None:
    now = datetime.now(UTC)
    keep(client, "left", -12.0, now - timedelta(days=40))
    keep(client, "right", -2.0, now - timedelta(days=40, minutes=-5))
    keep(client, "left", -8.0, now - timedelta(days=2))
    keep(client, "right", 3.0, now - timedelta(days=2, minutes=-5))
    part = section(client)
    assert 'href="/check"' in part
    # One chart for the one test done: both sides' bands, dots with whiskers, the 0° line.
    assert part.count("<svg") == 1
    assert (
        'class="check-band check-band-left"' in part
        and 'class="check-band check-band-right"' in part
    )
    assert part.count('class="check-margin"') == 4
    assert part.count('class="check-dot check-dot-left"') == 2
    assert 'class="check-zero"' in part
    table = re.search(r'<table data-testid="check-table-thomas">.*?</table>', part, re.S)
    assert table is not None
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td class=\"num\">(.*?)</td>", table[0])
    assert [(side, reading) for _, side, reading in rows] == [
        ("right", "+3° ±7°"),
        ("left", "−8° ±7°"),
        ("right", "−2° ±7°"),
        ("left", "−12° ±7°"),
    ]
    # The plain sentences: left against right, and each side over time.
    assert "Your left thigh sits about 11° higher than your right, more than the ±10°" in part
    assert "Your left thigh sits within 4° of where it was on" in part
    assert "Your right thigh sits within 5° of where it was on" in part
    assert "not a diagnosis" in part
    assert 'data-testid="check-advice"' not in part


def test_recent_pain_with_a_flagged_check_points_to_a_professional(client: TestClient) -> None:
    now = datetime.now(UTC)
    keep(client, "left", -3.0, now - timedelta(hours=2))
    keep(client, "right", 10.0, now - timedelta(hours=1))
    assert 'data-testid="check-advice"' not in section(client)
    play(client, "warmup", segments=1, pain=6)
    advice = re.search(
        r'<p class="advice" data-testid="check-advice">(.*?)</p>', section(client), re.S
    )
    assert advice is not None
    assert advice[1].startswith("You rated your pain 6 of 10 on ")
    assert "your two sides differ by more than the camera&#39;s margin" in advice[1]
    assert "physiotherapist or doctor" in advice[1]


def test_a_reading_is_deleted_from_progress_once_confirmed(client: TestClient) -> None:
    now = datetime.now(UTC)
    keep(client, "left", -12.0, now - timedelta(hours=2))
    slipped = keep(client, "right", 2.0, now - timedelta(hours=1))["id"]
    part = section(client)
    assert f'action="/progress/checks/{slipped}/delete"' in part
    assert part.count('name="csrf_token"') == 2
    assert "Your left thigh sits about 14° higher than your right" in part
    address = f"/progress/checks/{slipped}/delete"
    assert client.post(address, data={"confirm": "yes"}).status_code == 403
    token = form_token(client, "/progress")
    unticked = client.post(address, data={"csrf_token": token}, follow_redirects=False)
    assert unticked.status_code == 303
    assert unticked.headers["location"] == f"/progress#check-{slipped}"
    assert len(client.get("/api/checks").json()["checks"]) == 2
    ticked = client.post(
        address, data={"csrf_token": token, "confirm": "yes"}, follow_redirects=False
    )
    assert ticked.status_code == 303
    shown = client.get(ticked.headers["location"], headers=HTML).text
    assert '<p class="saved" role="status">Deleted one reading.</p>' in shown
    # Read again from the one reading left: no right side, nothing to set it against.
    part = section(client)
    assert "Deleted one reading." not in part
    assert slipped not in part and "Your left thigh sits" not in part
    assert [c["side"] for c in client.get("/api/checks").json()["checks"]] == ["left"]
    again = client.post(address, data={"csrf_token": token, "confirm": "yes"}, headers=HTML)
    assert again.status_code == 404


def test_another_runners_reading_cannot_be_deleted_from_progress(database_url: str) -> None:
    app = create_app(database_url)
    with TestClient(app, base_url=BASE_URL) as client:
        kept = keep(client, "left", -12.0, datetime.now(UTC) - timedelta(hours=1))
        other = add_user(app.state.store, "coach", datetime.now(UTC))

        def as_the_other_runner(request: Request) -> Context:
            return context_for(request.app.state.store, other, request.app.state.clock)

        app.dependency_overrides[request_context] = as_the_other_runner
        token = form_token(client)
        address = f"/progress/checks/{kept['id']}/delete"
        refused = client.post(address, data={"csrf_token": token, "confirm": "yes"}, headers=HTML)
        assert refused.status_code == 404
        app.dependency_overrides.clear()
        assert client.get("/api/checks").json()["checks"] == [kept]


def test_each_test_gets_its_own_chart(client: TestClient) -> None:
    now = datetime.now(UTC)
    keep(client, "left", 4.0, now - timedelta(days=1))
    keep(client, "right", 12.0, now - timedelta(days=1), test="lunge")
    part = section(client)
    assert part.count("<svg") == 2
    assert "Thomas test" in part and "Half-kneeling lunge" in part
    # One reading a side: a whisker each, no band to join.
    assert "check-band" not in part


def test_the_chart_spans_every_margin_and_marks_zero() -> None:
    chart = check_chart(
        {
            "left": [CheckPoint(0, -9.0, 7.0, "a"), CheckPoint(30, -4.0, 7.5, "b")],
            "right": [CheckPoint(30, 5.0, 7.0, "c")],
        }
    )
    values = [tick.value for tick in chart.ticks]
    assert values[0] <= -16.0 - 2 and values[-1] >= 12.0 + 2
    left, right = chart.sides
    assert left.band and not right.band
    # Up is more extension: the higher reading sits higher (a smaller y).
    assert left.dots[1].y < left.dots[0].y
    assert all(dot.high < dot.y < dot.low for trace in chart.sides for dot in trace.dots)
    assert chart.zero is not None
    assert left.dots[0].x < left.dots[1].x == right.dots[0].x


def test_a_chart_of_one_day_sits_in_the_middle_and_may_not_reach_zero() -> None:
    chart = check_chart({"left": [CheckPoint(0, 40.0, 7.0, "a")]})
    (trace,) = chart.sides
    assert trace.dots[0].x == 174.0 and trace.band == "" and chart.zero is None
