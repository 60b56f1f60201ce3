"""The plan as an iCalendar file: one event per session, with its moves and a reminder.

Written with the `icalendar` library rather than by hand, so folding, escaping
and the time-zone definitions follow RFC 5545. Timed events carry the
profile's zone (a VTIMEZONE is included), so a calendar shows 07:00 as 07:00
on both sides of a clock change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from gethip.core.catalog import Catalog, describe_dose
from gethip.core.planner import Difficulty, ItemKind, Plan, PlanItem, Rule
from gethip.core.sessions import SessionBook
from gethip.shapes import play_command, play_path

# How long before a session its reminder goes off.
REMINDER_MINUTES = 10
# An untimed session (a run day with no usual time) is an all-day event; its
# reminder comes at this hour of that day.
ALL_DAY_REMINDER_HOUR = 8
PRODUCT_ID = "-//gethip//hip coach plan//EN"
# A word in the event title for each labelled change, so it shows in a month view.
_TITLE_TAGS = {
    Rule.SHORTENED_TO_FIT: "shortened",
    Rule.BUDGET_TOO_SMALL: "longer than your minutes",
    Rule.PROGRESS_AFTER_TWO_GOOD_WEEKS: "harder",
    Rule.STEP_BACK_AFTER_PAIN: "easier",
    Rule.RESTART_AFTER_MISSED_WEEK: "gentle restart",
}


def plan_calendar(
    plans: Sequence[Plan],
    book: SessionBook,
    generated_at: datetime,
    reminder_minutes: int = REMINDER_MINUTES,
    base_url: str | None = None,
) -> bytes:
    """The sessions of ``plans`` as one calendar; runs are left to the runner's own calendar.

    With ``base_url`` (the web coach's address) each event links to its player,
    at the plan's budget.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "gethip plan")
    if plans:
        calendar.add("x-wr-timezone", plans[0].timezone)
    for plan in plans:
        ordinal: dict[tuple[date, ItemKind], int] = {}
        for item in plan.items:
            if item.session is None:
                continue
            key = (item.date, item.kind)
            ordinal[key] = ordinal.get(key, 0) + 1
            uid = f"{item.date.isoformat()}-{item.kind.value}-{ordinal[key]}@gethip"
            calendar.add_component(
                _event(item, uid, book, generated_at, reminder_minutes, base_url)
            )
    if plans:
        first = plans[0].week_start
        last = plans[-1].week_start + timedelta(days=7)
        # Only the transitions near the plan: a VTIMEZONE back to 1970 would dwarf the events.
        calendar.add_missing_timezones(
            first_date=first - timedelta(days=366), last_date=last + timedelta(days=366)
        )
    ical: bytes = calendar.to_ical()
    return ical


def _event(
    item: PlanItem,
    uid: str,
    book: SessionBook,
    generated_at: datetime,
    reminder_minutes: int,
    base_url: str | None,
) -> Event:
    assert item.session is not None and item.minutes is not None
    title = book.get(item.session).name
    tags = [_TITLE_TAGS[a.rule] for a in item.adjustments if a.rule in _TITLE_TAGS]
    if tags:
        title += f" ({', '.join(tags)})"
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", generated_at.astimezone(UTC))
    event.add("summary", title)
    event.add("description", describe_item(item, book.catalog))
    event.add("categories", ["gethip", item.kind.value])
    path = play_path(item)
    if base_url is not None and path is not None:
        event.add("url", base_url.rstrip("/") + path)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{title} in {reminder_minutes} minutes")
    if item.starts_at is not None:
        # Arithmetic on the UTC instant, then back to local: a session crossing
        # a clock change still lasts its real minutes.
        end = (item.starts_at.astimezone(UTC) + timedelta(minutes=item.minutes)).astimezone(
            item.starts_at.tzinfo
        )
        event.add("dtstart", item.starts_at)
        event.add("dtend", end)
        alarm.add("trigger", timedelta(minutes=-reminder_minutes))
    else:
        event.add("dtstart", item.date)
        event.add("dtend", item.date + timedelta(days=1))
        alarm.add("trigger", timedelta(hours=ALL_DAY_REMINDER_HOUR))
    event.add_component(alarm)
    return event


def describe_item(item: PlanItem, catalog: Catalog) -> str:
    """The event text: how long, why, each move with its dose, and any labelled change."""
    lines = [f"{item.minutes} min · {item.reason}", ""]
    for move_id in item.moves:
        move = catalog.get(move_id)
        name = move.name
        if item.variant == Difficulty.HARDER:
            name = f"{move.name} → harder: {move.harder.name}"
        elif item.variant == Difficulty.EASIER:
            name = f"{move.name} → easier: {move.easier.name}"
        lines.append(f"- {name}: {describe_dose(move.dose)}")
    for adjustment in item.adjustments:
        lines.append("")
        lines.append(f"{adjustment.label} [{adjustment.rule.value}]")
    command = play_command(item)
    if command is not None:
        lines.append("")
        lines.append(f"Play it: {command}")
    return "\n".join(lines)
