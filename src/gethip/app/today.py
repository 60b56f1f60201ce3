"""Today: one answer for `gethip today`, `GET /api/today` and the Today page.

With a profile it is today's part of the plan, in the profile's time zone,
with the next item to do marked and each session's way to play it as planned.
Without one it is the rule of thumb's pick and an invitation to make a
profile. Either way: a practice left unfinished today is offered to resume.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel

from gethip.app import practices
from gethip.app.context import Context
from gethip.app.plans import planned_weeks
from gethip.app.timelines import compiled_for
from gethip.app.views import what
from gethip.core.planner import ItemKind, PlanItem
from gethip.core.stats import streak_days
from gethip.core.steps import place
from gethip.core.today import pick_for_today
from gethip.core.week_strip import StripDay, week_strip
from gethip.shapes import plan_item_json

SETUP_INVITATION = (
    "Tell gethip when you run and how long you sit, and Today follows your own week: "
    "set up your profile."
)


class Pick(BaseModel):
    session: str
    name: str
    reason: str
    play: str


class ResumeOffer(BaseModel):
    practice: str
    session: str
    name: str
    started_at: datetime
    from_index: int
    steps_total: int
    # The same place in a runner's words ("move 3 of 5, left side"): what both faces show.
    where: str
    play: str
    command: str


class Today(BaseModel):
    date: date
    timezone: str
    now: datetime
    profile: bool
    items: list[dict[str, Any]]
    # Index into items of the next thing to do, if there is one.
    next: int | None
    pick: Pick | None
    setup: str | None
    resume: ResumeOffer | None
    done_today: list[str]
    streak_days: int
    # This week, Monday to Sunday, one mark a day (empty without a profile: no plan to keep).
    week: list[StripDay] = []


def today(ctx: Context) -> Today:
    summaries = ctx.practices
    done_today = list(
        dict.fromkeys(
            p.session
            for p in sorted(summaries, key=lambda p: p.started_at)
            if p.credited and p.started_at.astimezone(ctx.zone).date() == ctx.today
        )
    )
    items: list[dict[str, Any]] = []
    next_index = None
    pick = None
    week: list[StripDay] = []
    if ctx.profile is not None:
        this_week = planned_weeks(ctx, practices=summaries).plans[0]
        planned = this_week.on(ctx.today)
        credited = {p.started_at.astimezone(ctx.zone).date() for p in summaries if p.credited}
        week = list(week_strip(this_week, credited, ctx.today))
        next_index = next_to_do(planned, ctx.now)
        long_run = ctx.profile.long_run_day
        items = [
            plan_item_json(item)
            | {"name": what(item, long_run, ctx.book), "next": position == next_index}
            for position, item in enumerate(planned)
        ]
    else:
        chosen = pick_for_today(ctx.local_now, summaries, ctx.book)
        session = ctx.book.get(chosen.session)
        pick = Pick(
            session=session.id, name=session.name, reason=chosen.reason, play=f"/play/{session.id}"
        )
    return Today(
        date=ctx.today,
        timezone=ctx.zone_name,
        now=ctx.local_now,
        profile=ctx.profile is not None,
        items=items,
        next=next_index,
        pick=pick,
        setup=None if ctx.profile is not None else SETUP_INVITATION,
        resume=_resume_offer(ctx),
        done_today=done_today,
        streak_days=streak_days(summaries, ctx.today, ctx.zone),
        week=week,
    )


def next_to_do(items: tuple[PlanItem, ...], now: datetime) -> int | None:
    """The first session not yet done whose time has not passed; else the last one still open.

    Openers missed at 07:45 are still worth doing at 20:00: when every open item's
    time is past, the latest of them is the next thing to do, a planned session
    before a desk break (breaks are a bonus on a sitting day, not the day's work).
    """
    open_items = [
        (position, item)
        for position, item in enumerate(items)
        if item.session is not None and item.done is not True
    ]
    for position, item in open_items:
        if item.starts_at is None:
            return position
        ends = item.starts_at + timedelta(minutes=item.minutes or 0)
        if ends >= now:
            return position
    planned = [
        (position, item) for position, item in open_items if item.kind != ItemKind.DESK_BREAK
    ]
    latest = planned or open_items
    return latest[-1][0] if latest else None


def _resume_offer(ctx: Context) -> ResumeOffer | None:
    found = practices.resumable(ctx, within=practices.RESUME_OFFERED_WITHIN)
    if found is None or found.resume_from is None:
        return None
    practice = found.practice
    return ResumeOffer(
        practice=practice.id,
        session=practice.session,
        name=ctx.book.get(practice.session).name,
        started_at=practice.started_at.astimezone(ctx.zone),
        from_index=found.resume_from,
        steps_total=practice.segments_total,
        where=place(compiled_for(practice.session, practice.settings), found.resume_from).text,
        play=f"/play/{practice.session}?resume={practice.id}",
        command="gethip go --resume",
    )


def today_json(view: Today) -> dict[str, Any]:
    return view.model_dump(mode="json")
