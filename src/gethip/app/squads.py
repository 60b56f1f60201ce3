"""Squads: a coach, their runners, and what the coach may see and set. The rules live here.

- Whoever makes a squad is its coach; runners join with its invite code.
- The coach sees each member's summary and history; that is all the coach
  reads, through the same read-only use cases the runner has (history, the
  plan's adherence, trends), never a way to write a member's data.
- A member sees the squad's name and its coach, not one another.
- Anyone else sees nothing: a squad they do not belong to does not exist.
- The coach removes a member; a member leaves. Either way access ends at once.
- The coach puts sessions on the squad's plan; each member's plan and Today
  show them (rule coach, with the note).
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from gethip.app import accounts, practices
from gethip.app.clock import FixedClock
from gethip.app.context import Context, context_for
from gethip.app.errors import Forbidden, InvalidInput, NotFound
from gethip.app.timelines import compiled_for
from gethip.core.errors import GethipError
from gethip.core.practice import PracticeSummary
from gethip.core.timeline import Settings
from gethip.store.practices import PracticeLog
from gethip.store.squads import COACH, AssignmentRow, SquadRow, fingerprints

MAX_NAME = 120
MAX_NOTE = 500
REPORT_WEEKS = 4
PAIN_FLAG = 7
PAIN_FLAG_DAYS = 14
NO_SQUAD = "no squad here is yours"


@dataclass(frozen=True)
class MemberReport:
    """One member as the coach sees them (the rest of their data stays theirs)."""

    user: int
    name: str
    adherence: float | None  # share of due plan items done in the last four weeks
    minutes: float  # minutes worked in the last four weeks
    weekly_minutes: list[float]  # oldest first, one per week of the four
    tightness: int | None  # the latest rating given
    pain: int | None
    pain_flag: bool  # pain of 7 or more in the last 14 days
    stride: str


@dataclass(frozen=True)
class CoachView:
    squad: SquadRow
    members: list[MemberReport]
    weeks: list[date]
    weekly_minutes: list[float]  # the squad's, summed


def create(ctx: Context, name: str) -> SquadRow:
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise InvalidInput("name", f"must be 1 to {MAX_NAME} characters")
    return ctx.squads.create(name, secrets.token_urlsafe(9), ctx.now)


def join(ctx: Context, code: str) -> SquadRow:
    found = ctx.squads.join(code.strip(), ctx.now) if 0 < len(code) <= 32 else None
    if found is None:
        raise NotFound("no squad has that invite code; ask your coach for it again")
    return found


def mine(ctx: Context) -> list[SquadRow]:
    return ctx.squads.mine()


def visible(ctx: Context, squad_id: int) -> SquadRow:
    found = ctx.squads.visible(squad_id)
    if found is None:
        raise NotFound(NO_SQUAD)
    return found


def coached(ctx: Context, squad_id: int) -> SquadRow:
    """A squad this user coaches; a member is told no, anyone else that it does not exist."""
    squad = visible(ctx, squad_id)
    if squad.role != COACH:
        raise Forbidden("only the squad's coach can do that")
    return squad


def _member(ctx: Context, squad_id: int, member_id: int) -> SquadRow:
    squad = visible(ctx, squad_id)
    if squad.role != COACH or member_id not in ctx.squads.members(squad_id):
        raise NotFound("no member of yours at this address")
    return squad


def coach_view(ctx: Context, squad_id: int) -> CoachView:
    squad = coached(ctx, squad_id)
    members = ctx.squads.members(squad_id)
    names = accounts.member_names(ctx.store, members)
    today = ctx.today
    first_week = today - timedelta(days=today.weekday(), weeks=REPORT_WEEKS - 1)
    weeks = [first_week + timedelta(weeks=n) for n in range(REPORT_WEEKS)]
    marks = fingerprints(ctx.store, members)
    reports = [
        _kept_report(ctx, member, names.get(member, "?"), weeks, marks.get(member, ()))
        for member in members
    ]
    reports.sort(key=lambda r: (not r.pain_flag, r.name.lower(), r.user))
    totals = [round(sum(r.weekly_minutes[n] for r in reports), 1) for n in range(REPORT_WEEKS)]
    return CoachView(squad, reports, weeks, totals)


# Reports already made, by member, day and the fingerprint of their data: a
# coach opening the page again recomputes only the runners whose data changed.
# Each server process keeps its own; what is kept is never stale, only missing.
_REPORTS: OrderedDict[tuple[object, ...], MemberReport] = OrderedDict()
MAX_KEPT_REPORTS = 20_000


def _kept_report(
    ctx: Context, member: int, name: str, weeks: list[date], mark: tuple[object, ...]
) -> MemberReport:
    # The database is part of the key: a process may serve (or test) more than one.
    key = (ctx.store.engine.url.render_as_string(), member, name, ctx.today, mark)
    found = _REPORTS.get(key)
    if found is None:
        found = _report(ctx, member, name, weeks)
        _REPORTS[key] = found
        if len(_REPORTS) > MAX_KEPT_REPORTS:
            _REPORTS.popitem(last=False)
    else:
        _REPORTS.move_to_end(key)
    return found


def _report(ctx: Context, member: int, name: str, weeks: list[date]) -> MemberReport:
    from gethip.app.plans import adherence
    from gethip.app.trends import trends

    theirs = context_for(ctx.store, member, FixedClock(ctx.now))
    # The report, the plan and the trend each read the whole log: read it once.
    theirs.__dict__["log"] = _ReadOnce(ctx.store, member)
    since = datetime.combine(weeks[0], datetime.min.time(), theirs.zone)
    recent = theirs.log.summaries()
    in_window = [p for p in recent if p.started_at >= since]
    weekly = [0.0] * REPORT_WEEKS
    for p in in_window:
        week = (p.started_at.astimezone(theirs.zone).date() - weeks[0]).days // 7
        if 0 <= week < REPORT_WEEKS:
            weekly[week] += p.seconds_done / 60
    rated = _latest_ratings(recent)
    flag_since = ctx.now - timedelta(days=PAIN_FLAG_DAYS)
    share = None
    if theirs.profile is not None:
        _, counted = adherence(theirs, count=REPORT_WEEKS)
        due = sum(week.due for week in counted)
        share = None if due == 0 else round(sum(week.done for week in counted) / due, 3)
    return MemberReport(
        user=member,
        name=name,
        adherence=share,
        minutes=round(sum(weekly), 1),
        weekly_minutes=[round(m, 1) for m in weekly],
        tightness=rated[0],
        pain=rated[1],
        pain_flag=any(
            p.pain is not None and p.pain >= PAIN_FLAG and p.started_at >= flag_since
            for p in recent
        ),
        stride=trends(theirs).message,
    )


class _ReadOnce(PracticeLog):
    """A member's log as a report reads it: every practice, loaded once for all its parts."""

    @cached_property
    def _all(self) -> list[PracticeSummary]:
        return super().summaries()

    def summaries(
        self, limit: int | None = None, before: datetime | None = None
    ) -> list[PracticeSummary]:
        if limit is None and before is None:
            return self._all
        return super().summaries(limit, before)


def _latest_ratings(newest_first: list[PracticeSummary]) -> tuple[int | None, int | None]:
    tightness = next((p.tightness for p in newest_first if p.tightness is not None), None)
    pain = next((p.pain for p in newest_first if p.pain is not None), None)
    return tightness, pain


def member_history(
    ctx: Context,
    squad_id: int,
    member_id: int,
    limit: int | None = None,
    before: datetime | None = None,
) -> list[PracticeSummary]:
    """A member's practices, for their coach to read; nobody else, and never to write."""
    _member(ctx, squad_id, member_id)
    return practices.history(context_for(ctx.store, member_id, FixedClock(ctx.now)), limit, before)


def remove(ctx: Context, squad_id: int, member_id: int) -> None:
    """The coach removes a member, or a member leaves; anything else is not yours to do."""
    squad = visible(ctx, squad_id)
    allowed = squad.role == COACH or member_id == ctx.user
    if not allowed or not ctx.squads.remove(squad_id, member_id):
        raise NotFound("no member of yours at this address")


def assign(
    ctx: Context, squad_id: int, day: date, session: str, minutes: int | None, note: str
) -> AssignmentRow:
    coached(ctx, squad_id)
    if len(note) > MAX_NOTE:
        raise InvalidInput("note", f"is too long: at most {MAX_NOTE} characters")
    try:
        compiled_for(session, Settings(minutes=minutes))
    except GethipError as error:
        field = "session" if session not in ctx.book.ids else "minutes"
        raise InvalidInput(field, str(error)) from None
    made = ctx.squads.assign(squad_id, day, session, minutes, note.strip(), ctx.now)
    return next(a for a in ctx.squads.assignments(squad_id) if a.id == made)


def assignments(ctx: Context, squad_id: int) -> list[AssignmentRow]:
    visible(ctx, squad_id)
    return ctx.squads.assignments(squad_id)


def squad_json(squad: SquadRow) -> dict[str, Any]:
    """A member sees the name and the coach; the coach sees the invite code too."""
    data: dict[str, Any] = {
        "id": squad.id,
        "name": squad.name,
        "coach": {"id": squad.coach_id, "name": squad.coach_name},
        "role": squad.role,
    }
    if squad.role == COACH:
        data["invite_code"] = squad.invite_code
    return data
