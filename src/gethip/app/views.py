"""The plan's rows as both faces draw them: what each item is called, its marks and its link.

The terminal's table and the web's list show the same rows: a day's desk
breaks share one row (three rows of the same advice say nothing more), runs
say whether they are planned or recorded, and each session carries the way
to play it as planned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gethip.core.planner import ItemKind, PlanItem, Rule
from gethip.core.profile import Weekday
from gethip.core.sessions import SessionBook
from gethip.shapes import play_command, play_path

DONE_TEXT = {True: ("✓", "done"), False: ("✗", "missed"), None: None}


@dataclass(frozen=True)
class Row:
    date: date
    time: str
    what: str
    kind: ItemKind
    minutes: int | None
    reason: str
    notes: tuple[str, ...]
    done: tuple[str, str] | None
    play: str | None
    command: str | None
    times: tuple[str, ...] = ()


def what(item: PlanItem, long_run: Weekday | None, book: SessionBook) -> str:
    if item.kind == ItemKind.RUN:
        text = "Long run" if Weekday.of(item.date) == long_run else "Run"
        return text + " (planned)" if item.rule == Rule.PLANNED_RUN else text
    assert item.session is not None
    return book.get(item.session).name


def rows(items: tuple[PlanItem, ...], long_run: Weekday | None, book: SessionBook) -> list[Row]:
    """One row per item, but one row for each day's desk breaks."""
    result: list[Row] = []
    for group in _group_desk_breaks(items):
        item = group[0]
        if len(group) > 1:
            moves = len(book.get(item.session or "").moves)
            result.append(
                Row(
                    date=item.date,
                    time=", ".join(i.time or "" for i in group),
                    what=f"{len(group)} desk breaks: {moves} openers each",
                    kind=item.kind,
                    minutes=item.minutes,
                    reason=item.reason.rsplit(" (", 1)[0] + ".",
                    notes=(),
                    done=_desk_breaks_done(group),
                    play=play_path(item),
                    command=play_command(item),
                    times=tuple(i.time or "" for i in group),
                )
            )
            continue
        result.append(
            Row(
                date=item.date,
                time=item.time or "",
                what=what(item, long_run, book),
                kind=item.kind,
                minutes=item.minutes,
                reason=item.reason,
                notes=tuple(adjustment.label for adjustment in item.adjustments),
                done=DONE_TEXT[item.done],
                play=play_path(item),
                command=play_command(item),
            )
        )
    return result


def _desk_breaks_done(group: list[PlanItem]) -> tuple[str, str] | None:
    done = sum(1 for item in group if item.done)
    return None if not done else ("✓", f"{done} of {len(group)} done")


def _group_desk_breaks(items: tuple[PlanItem, ...]) -> list[list[PlanItem]]:
    groups: list[list[PlanItem]] = []
    for item in items:
        last = groups[-1] if groups else None
        if (
            last is not None
            and item.kind == ItemKind.DESK_BREAK
            and last[0].kind == ItemKind.DESK_BREAK
            and last[0].date == item.date
        ):
            last.append(item)
        else:
            groups.append([item])
    return groups


def week_labels(starts: list[date]) -> list[str]:
    """'02 Mar' for each week, with the year wherever the weeks shown span more than one."""
    years = {start.year for start in starts}
    pattern = "%d %b" if len(years) <= 1 else "%d %b %Y"
    return [start.strftime(pattern) for start in starts]
