"""The Today page: the same answer as `gethip today --json`, drawn for a phone."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from gethip.app.timelines import compiled
from gethip.app.today import today, today_json
from gethip.web.dependencies import Ctx
from gethip.web.pages.onboarding import STEPS
from gethip.web.pages.templating import page

router = APIRouter(include_in_schema=False)

# How each day of the week strip reads, to the eye and to a screen reader.
MARKS = {
    "done": ("✓", "done"),
    "missed": ("✗", "missed"),
    "open": ("•", "planned"),
    "rest": ("", "nothing planned"),
}


@router.get("/", response_class=HTMLResponse)
def today_page(request: Request, ctx: Ctx) -> HTMLResponse:
    view = today(ctx)
    data = today_json(view)
    sessions = [
        {"session": session, "total_seconds": compiled(session.id).total_seconds}
        for session in ctx.book
    ]
    items = data["items"]
    return page(
        request,
        "today.html",
        "today",
        today=view,
        items=items,
        next_item=None if view.next is None else items[view.next],
        # The rest of today: everything but the next item, which has its own card.
        later=[item for item in items if not item["next"]],
        week=view.week,
        marks=MARKS,
        get_started=STEPS[0].path,
        names={s.id: s.name for s in ctx.book},
        sessions=sessions,
        # The very JSON the API answers, for scripts and tests to read off the page.
        today_data=data,
    )
