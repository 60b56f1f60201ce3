"""The planner: a week of hip work fitted around the runner's runs and desk hours.

``plan_week`` is pure: the profile, the practice log, the runs and the dates
all come in as arguments, and the same arguments always give the same week.
Each placement or change is made by one small named rule below, and every
item carries that rule's stable name and a reason in plain words, so the
runner (and a test) can see why anything is where it is.

Clock times are local to the profile's time zone. They are computed as aware
datetimes and all arithmetic is done in UTC, so "three minutes before the
run" stays three real minutes on the days the clocks change.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, Field, computed_field

from gethip.core.catalog import Catalog, Frozen
from gethip.core.durations import mmss
from gethip.core.errors import InvalidSettings
from gethip.core.practice import PracticeStatus, PracticeSummary
from gethip.core.profile import Profile, Weekday
from gethip.core.sessions import Role, Session, SessionBook
from gethip.core.timeline import Settings, Timeline, compile_session

# A planned run has no length until it happens; these place the openers after
# it. Recorded runs use their real length.
ASSUMED_RUN_MINUTES = 45
ASSUMED_LONG_RUN_MINUTES = 90
# Openers started this long after a run ends still count as "after the run".
OPENERS_AFTER_RUN_WINDOW = timedelta(hours=3)

# Desk breaks: below this many hours sat there is no "long sitting" to break up.
LONG_SITTING_HOURS = 4.0
MAX_DESK_BREAKS = 6
# Sitting is assumed to start at nine; the breaks are spread over the hours
# sat from then, and never past ten in the evening.
DESK_DAY_START = time(9, 0)
DESK_DAY_LONGEST_HOURS = 13.0

# Progression: the thresholds on the 0-10 ratings the coach asks after a session.
LOW_TIGHTNESS = 3
PAIN_STEP_BACK_ABOVE = 3
PROGRESSION_WEEKS = 2


class ItemKind(StrEnum):
    """A run, or a session named by its role (the values are the roles' own)."""

    RUN = "run"
    WARMUP = "warmup"
    OPENERS = "openers"
    STRENGTH = "strength"
    OFFDAY = "offday"
    DESK_BREAK = "desk-break"

    @property
    def role(self) -> Role:
        return Role(self.value)


class Difficulty(StrEnum):
    AS_WRITTEN = "as-written"
    HARDER = "harder"
    EASIER = "easier"


class Rule(StrEnum):
    """Stable names: tests, the JSON and the calendar all refer to them."""

    PLANNED_RUN = "planned-run"
    RECORDED_RUN = "recorded-run"
    WARMUP_BEFORE_RUN = "warmup-before-run"
    OPENERS_AFTER_RUN = "openers-after-run"
    STRENGTH_TWO_DAYS = "strength-two-days"
    OPENERS_ON_OFF_DAYS = "openers-on-off-days"
    DESK_BREAKS = "desk-breaks"
    PROGRESS_AFTER_TWO_GOOD_WEEKS = "progress-after-two-good-weeks"
    STEP_BACK_AFTER_PAIN = "step-back-after-pain"
    RESTART_AFTER_MISSED_WEEK = "restart-after-missed-week"
    SHORTENED_TO_FIT = "shortened-to-fit"
    BUDGET_TOO_SMALL = "budget-too-small"
    COACH = "coach"


# Kinds whose practice the log can show; desk breaks are too short to log.
TRACKED_KINDS = frozenset({ItemKind.WARMUP, ItemKind.OPENERS, ItemKind.STRENGTH, ItemKind.OFFDAY})
_KIND_ORDER = {kind: rank for rank, kind in enumerate(ItemKind)}
_KIND_ORDER[ItemKind.WARMUP] = -1  # at the same minute, the warm-up comes before the run


class RecordedRun(Frozen):
    """A run that happened, from a watch or an import."""

    start: AwareDatetime
    duration: timedelta = Field(gt=timedelta(0))

    @property
    def end(self) -> datetime:
        return self.start + self.duration


class CoachAssignment(Frozen):
    """A session a squad's coach put on the plan for a day, with a note for the runner."""

    date: date
    session: str
    minutes: int | None = None
    note: str
    squad: str


class Adjustment(Frozen):
    """A labelled departure from the item as the program writes it."""

    rule: Rule
    label: str


class PlanItem(Frozen):
    date: date
    starts_at: AwareDatetime | None
    kind: ItemKind
    session: str | None
    moves: tuple[str, ...] = ()
    minutes: int | None
    rule: Rule
    reason: str
    variant: Difficulty = Difficulty.AS_WRITTEN
    adjustments: tuple[Adjustment, ...] = ()
    # The minutes to play the session in when the plan shortened it to fit the
    # runner's budget; None when it is played as written.
    budget_minutes: int | None = None
    done: bool | None = None
    # The coach's words, on an item the coach assigned (rule coach).
    note: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def time(self) -> str | None:
        """Local wall-clock time, HH:MM."""
        return None if self.starts_at is None else self.starts_at.strftime("%H:%M")


class WeekAdherence(Frozen):
    week_start: date
    planned: int
    due: int
    done: int


class Plan(Frozen):
    week_start: date
    timezone: str
    items: tuple[PlanItem, ...]
    # False when no run history was given: runs cannot be marked done or missed.
    runs_known: bool
    # The first day the plan holds the runner to: before it there was no
    # profile, so nothing was planned and nothing can have been missed.
    tracked_from: date | None = None

    def on(self, day: date) -> tuple[PlanItem, ...]:
        return tuple(item for item in self.items if item.date == day)

    def adherence(self) -> WeekAdherence:
        tracked = [
            item
            for item in self.items
            if (item.kind in TRACKED_KINDS or (item.kind == ItemKind.RUN and self.runs_known))
            and (self.tracked_from is None or item.date >= self.tracked_from)
        ]
        return WeekAdherence(
            week_start=self.week_start,
            planned=len(tracked),
            due=sum(1 for item in tracked if item.done is not None),
            done=sum(1 for item in tracked if item.done is True),
        )


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def plan_week(
    profile: Profile,
    practices: Sequence[PracticeSummary],
    runs: Sequence[RecordedRun] | None,
    week_start: date,
    *,
    book: SessionBook,
    today: date | None = None,
    since: date | None = None,
    assigned: Sequence[CoachAssignment] = (),
) -> Plan:
    """The week holding ``week_start``, Monday to Sunday.

    ``runs`` None means no run history is known (runs are then neither done nor
    missed). ``today`` decides what is past: items before it that were not
    done are missed, items from it on are still open. Without it the whole
    week is judged as past. ``since`` is the day the profile was first made:
    nothing before it is missed. ``assigned``: sessions the runner's coaches
    put on the plan (rule coach), placed as the coach set them.
    """
    week = _Week(profile, book, monday_of(week_start), today, since, tuple(practices))
    placed: list[_Placed] = []
    strength_days = choose_strength_days(profile)
    for day in week.dates:
        day_runs = runs_of_day(week, day, runs)
        for run in day_runs:
            placed.append(_Placed(run.item))
            placed.append(_Placed(warmup_before_run(week, run)))
            placed.append(openers_after_run(week, run))
        if Weekday.of(day) in strength_days:
            placed.append(_Placed(strength_day(week, day, day_runs, strength_days)))
        elif not day_runs:
            placed.append(_Placed(openers_on_off_day(week, day)))
        placed.extend(_Placed(item) for item in desk_breaks(week, day))

    progressed = [
        placement.with_item(progress(week, placement.item, practices)) for placement in placed
    ]
    labelled = [p.with_item(label_shortened(week, p.item)) for p in progressed]
    labelled += [_Placed(item) for item in coach_items(week, assigned)]
    checked = mark_done(week, labelled, practices, runs is not None)
    return Plan(
        week_start=week.monday,
        timezone=profile.timezone,
        items=tuple(sorted(checked, key=_item_order)),
        runs_known=runs is not None,
        tracked_from=since,
    )


def plan_weeks(
    profile: Profile,
    practices: Sequence[PracticeSummary],
    runs: Sequence[RecordedRun] | None,
    first_week: date,
    weeks: int,
    *,
    book: SessionBook,
    today: date | None = None,
    since: date | None = None,
    assigned: Sequence[CoachAssignment] = (),
) -> tuple[Plan, ...]:
    start = monday_of(first_week)
    return tuple(
        plan_week(
            profile,
            practices,
            runs,
            start + timedelta(weeks=n),
            book=book,
            today=today,
            since=since,
            assigned=assigned,
        )
        for n in range(weeks)
    )


# --- the week being planned ------------------------------------------------------------------


@dataclass
class _Week:
    profile: Profile
    book: SessionBook
    monday: date
    today: date | None
    since: date | None = None
    practices: tuple[PracticeSummary, ...] = ()

    # What the rules ask of the log, worked out once per week rather than once per item.

    @cached_property
    def days(self) -> dict[str, date]:
        """Each practice's local day, by id."""
        return {p.id: self.local(p.started_at).date() for p in self.practices}

    @cached_property
    def pain_ratings(self) -> list[tuple[date, PracticeSummary, frozenset[str]]]:
        """Practices rated for pain and known by now, newest first, with the moves they held."""
        rated = [
            (self.days[p.id], p, frozenset(self.book.get(p.session).moves))
            for p in self.practices
            if p.pain is not None
            and p.session in self.book
            and self.days[p.id] < self.ratings_until
        ]
        return sorted(rated, key=lambda entry: entry[1].started_at, reverse=True)

    @cached_property
    def credited_days(self) -> list[date]:
        return [self.days[p.id] for p in self.practices if p.credited]

    @cached_property
    def zone(self) -> ZoneInfo:
        return self.profile.zone

    @property
    def dates(self) -> list[date]:
        return [self.monday + timedelta(days=n) for n in range(7)]

    @property
    def as_of(self) -> date:
        """Progression judges whole weeks that are over: those before this Monday."""
        if self.today is None:
            return self.monday
        return min(self.monday, monday_of(self.today))

    @property
    def ratings_until(self) -> date:
        """Ratings from before this date are known (a future week sees today's)."""
        if self.today is None:
            return self.monday + timedelta(days=7)
        return self.today + timedelta(days=1)

    def at(self, day: date, clock: time) -> datetime:
        """The aware instant ``clock`` reads on ``day``.

        A time the clocks skip (01:30 on a spring-forward night in London) is
        moved forward by the gap, to what the wall clock shows then; a time that
        happens twice is its first occurrence.
        """
        naive = datetime.combine(day, clock)
        return naive.replace(tzinfo=self.zone).astimezone(UTC).astimezone(self.zone)

    def local(self, instant: datetime) -> datetime:
        return instant.astimezone(self.zone)

    def day_bounds(self, day: date) -> tuple[datetime, datetime]:
        first = self.at(day, time(0, 0))
        last = self.at(day, time(23, 59))
        return first, last

    def within_day(self, day: date, instant: datetime) -> datetime:
        """Keep an item on its own day: a warm-up for a run just after midnight
        starts at midnight, openers after a run ending past midnight at 23:59."""
        first, last = self.day_bounds(day)
        return self.local(min(max(instant, first), last))

    def fitted(self, session_id: str) -> tuple[Timeline, bool]:
        """The session compiled into the profile's minutes, and whether it still did not fit."""
        return _compile_within(self.book.get(session_id), self.book.catalog, self.profile.minutes)

    def seconds(self, role: Role) -> float:
        return self.fitted(self.book.for_role(role).id)[0].total_seconds

    def usual_time(self) -> time | None:
        """The runner's most common run time: the slot they keep free, used on off days."""
        times = list(self.profile.run_times.values())
        if not times:
            return None
        return min(set(times), key=lambda t: (-times.count(t), t))


# Fitting a session into a budget compiles it many times over; the answer
# depends only on these arguments, and a plan of several weeks asks again and again.
@lru_cache(maxsize=1024)
def _compile_within(
    session: Session, catalog: Catalog, minutes: int | None
) -> tuple[Timeline, bool]:
    try:
        return compile_session(session, catalog, Settings(minutes=minutes)), False
    except InvalidSettings:
        # Too few minutes even for the shortest version: plan it as written and
        # say so, rather than drop below what the program calls a session.
        return compile_session(session, catalog, Settings()), True


def _minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60 - 1e-9))


@dataclass(frozen=True)
class _Placed:
    """An item and, for openers after a run, the span in which doing them counts."""

    item: PlanItem
    window: tuple[datetime, datetime] | None = None

    def with_item(self, item: PlanItem) -> _Placed:
        return _Placed(item, self.window)


def _item_order(item: PlanItem) -> tuple[date, int, datetime, int]:
    untimed = item.starts_at is None
    instant = item.starts_at.astimezone(UTC) if item.starts_at else datetime.max.replace(tzinfo=UTC)
    return (item.date, int(untimed), instant, _KIND_ORDER[item.kind])


def _session_item(
    week: _Week,
    day: date,
    starts_at: datetime | None,
    kind: ItemKind,
    rule: Rule,
    reason: str,
) -> PlanItem:
    session = week.book.for_role(kind.role)
    return PlanItem(
        date=day,
        starts_at=starts_at,
        kind=kind,
        session=session.id,
        moves=session.moves,
        minutes=_minutes(week.seconds(kind.role)),
        rule=rule,
        reason=reason,
    )


# --- runs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Run:
    item: PlanItem
    # UTC, so that adding minutes adds real minutes.
    start: datetime | None
    end: datetime | None


def runs_of_day(week: _Week, day: date, runs: Sequence[RecordedRun] | None) -> list[_Run]:
    """Rules planned-run and recorded-run: the runs a day holds.

    Runs that happened count as they happened; a planned run day with no
    recorded run keeps the run the profile plans.
    """
    recorded = sorted(
        (run for run in runs or () if week.local(run.start).date() == day),
        key=lambda run: run.start,
    )
    weekday = Weekday.of(day)
    is_long = weekday == week.profile.long_run_day
    if recorded:
        return [
            _Run(
                PlanItem(
                    date=day,
                    starts_at=week.local(run.start),
                    kind=ItemKind.RUN,
                    session=None,
                    minutes=_minutes(run.duration.total_seconds()),
                    rule=Rule.RECORDED_RUN,
                    reason="A run you recorded: it counts, and gets its warm-up and openers.",
                ),
                run.start.astimezone(UTC),
                run.end.astimezone(UTC),
            )
            for run in recorded
        ]
    if weekday not in week.profile.run_days:
        return []
    clock = week.profile.run_time(weekday)
    start = None if clock is None else week.at(day, clock)
    minutes = ASSUMED_LONG_RUN_MINUTES if is_long else ASSUMED_RUN_MINUTES
    what = "long run of the week" if is_long else f"{weekday.label} run"
    item = PlanItem(
        date=day,
        starts_at=start,
        kind=ItemKind.RUN,
        session=None,
        minutes=minutes,
        rule=Rule.PLANNED_RUN,
        reason=f"Your {what}, from your profile"
        + ("." if clock else " (no usual time set, so no clock time)."),
    )
    if start is None:
        return [_Run(item, None, None)]
    # In UTC: on the night the clocks go back, 45 minutes after 01:30 is 01:15.
    start_utc = start.astimezone(UTC)
    return [_Run(item, start_utc, start_utc + timedelta(minutes=minutes))]


def warmup_before_run(week: _Week, run: _Run) -> PlanItem:
    """Rule warmup-before-run: the drills end as the run begins."""
    starts_at = None
    if run.start is not None:
        starts_at = week.within_day(
            run.item.date, run.start - timedelta(minutes=_minutes(week.seconds(Role.WARMUP)))
        )
    return _session_item(
        week,
        run.item.date,
        starts_at,
        ItemKind.WARMUP,
        Rule.WARMUP_BEFORE_RUN,
        "Right before you set off: drills open the hips to the front, side and back.",
    )


def openers_after_run(week: _Week, run: _Run) -> _Placed:
    """Rule openers-after-run: the five openers as soon as the run is over."""
    starts_at = None if run.end is None else week.within_day(run.item.date, run.end)
    item = _session_item(
        week,
        run.item.date,
        starts_at,
        ItemKind.OPENERS,
        Rule.OPENERS_AFTER_RUN,
        "While still warm: running only ever shortens the hip flexors, so lengthen them.",
    )
    window = None
    if run.start is not None and run.end is not None:
        window = (run.start, run.end + OPENERS_AFTER_RUN_WINDOW)
    return _Placed(item, window)


# --- strength and off days ------------------------------------------------------------------


def choose_strength_days(profile: Profile) -> tuple[Weekday, Weekday]:
    """Rule strength-two-days: two days, never back to back, never the day before the long run.

    The week is taken as a circle (Sunday sits next to Monday) so the rule also
    holds from one week into the next. Among the pairs allowed, days without a
    run come first, then keeping away from the long run and the day after it,
    then three days apart over two; ties go to the earlier days.
    """
    days = list(Weekday)
    long_run = profile.long_run_day
    before_long = None if long_run is None else days[(long_run.number - 1) % 7]
    after_long = None if long_run is None else days[(long_run.number + 1) % 7]

    def cost(pair: tuple[Weekday, Weekday]) -> tuple[int, int, int]:
        gap = _cyclic_gap(*pair)
        runs = sum(1 for d in pair if d in profile.run_days)
        near_long = sum(2 if d == long_run else 1 if d == after_long else 0 for d in pair)
        return (runs, near_long, 0 if gap == 3 else 1)

    allowed = [
        (a, b)
        for i, a in enumerate(days)
        for b in days[i + 1 :]
        if _cyclic_gap(a, b) >= 2 and before_long not in (a, b)
    ]
    best = min(allowed, key=lambda pair: (cost(pair), pair[0].number, pair[1].number))
    return best


def _cyclic_gap(a: Weekday, b: Weekday) -> int:
    distance = (b.number - a.number) % 7
    return min(distance, 7 - distance)


def strength_day(
    week: _Week, day: date, day_runs: Sequence[_Run], strength_days: tuple[Weekday, Weekday]
) -> PlanItem:
    """Rule strength-two-days: place the strength work of a strength day."""
    first, second = (d.label for d in strength_days)
    why = f"Glutes and hips in several planes, {first} and {second}: never two days running"
    if week.profile.long_run_day is not None:
        why += f", never the day before your {week.profile.long_run_day.label} long run"
    why += "."
    if day_runs:
        # After the run and its openers: the openers need the warm legs more.
        last = day_runs[-1]
        starts_at = None
        if last.end is not None:
            after = last.end + timedelta(seconds=60 * _minutes(week.seconds(Role.OPENERS)))
            starts_at = week.within_day(day, after)
        return _session_item(week, day, starts_at, ItemKind.STRENGTH, Rule.STRENGTH_TWO_DAYS, why)
    clock = week.usual_time()
    starts_at = None if clock is None else week.at(day, clock)
    return _session_item(
        week,
        day,
        starts_at,
        ItemKind.OFFDAY,
        Rule.STRENGTH_TWO_DAYS,
        why + " No run, so the five openers follow.",
    )


def openers_on_off_day(week: _Week, day: date) -> PlanItem:
    """Rule openers-on-off-days: a day without a run still gets the five openers."""
    clock = week.usual_time()
    starts_at = None if clock is None else week.at(day, clock)
    return _session_item(
        week,
        day,
        starts_at,
        ItemKind.OPENERS,
        Rule.OPENERS_ON_OFF_DAYS,
        "No run today: the five openers keep the hips long between runs"
        + (", in your usual running slot." if clock else "."),
    )


# --- desk breaks ----------------------------------------------------------------------------


def desk_break_count(sitting_hours: float) -> int:
    """One break for every two hours sat, from four hours on; never fewer for more sitting."""
    if sitting_hours < LONG_SITTING_HOURS:
        return 0
    return min(MAX_DESK_BREAKS, int(sitting_hours // 2) - 1)


def desk_breaks(week: _Week, day: date) -> list[PlanItem]:
    """Rule desk-breaks: on work days with long sitting, short opener breaks spread over it."""
    hours = week.profile.sitting_hours
    count = desk_break_count(hours) if week.profile.works_on(day) else 0
    if count == 0:
        return []
    span = timedelta(hours=min(hours, DESK_DAY_LONGEST_HOURS))
    first = datetime.combine(day, DESK_DAY_START)
    moves = len(week.book.for_role(Role.DESK_BREAK).moves)
    items = []
    for number in range(1, count + 1):
        offset = span * number / (count + 1)
        # Round to five minutes: a calendar reads 11:15, not 11:12.
        offset = timedelta(minutes=5 * round(offset.total_seconds() / 300))
        # Wall-clock arithmetic on purpose: a break is "at 11:15", whatever the offset.
        starts_at = week.within_day(day, week.at(day, (first + offset).time()))
        reason = (
            f"About {_hours(hours)} sat on work days shortens the hip flexors further: "
            f"{moves} openers, standing or kneeling, to break it up ({number} of {count})."
        )
        items.append(
            _session_item(week, day, starts_at, ItemKind.DESK_BREAK, Rule.DESK_BREAKS, reason)
        )
    return items


def _hours(hours: float) -> str:
    return f"{hours:g} h"


# --- the coach's sessions -------------------------------------------------------------------


def coach_items(week: _Week, assigned: Sequence[CoachAssignment]) -> list[PlanItem]:
    """Rule coach: a session the coach put on this week's plan, at the minutes the coach set.

    The coach's choice stands as given: no progression and no fitting to the
    runner's own budget; a session this gethip does not know is left out.
    """
    items = []
    for assignment in assigned:
        if not week.monday <= assignment.date < week.monday + timedelta(days=7):
            continue
        if assignment.session not in week.book.ids:
            continue
        session = week.book.get(assignment.session)
        timeline, too_small = _compile_within(session, week.book.catalog, assignment.minutes)
        shortened = timeline.deviation is not None and not too_small
        adjustments = (
            (Adjustment(rule=Rule.SHORTENED_TO_FIT, label=timeline.deviation.label),)
            if shortened and timeline.deviation is not None
            else ()
        )
        items.append(
            PlanItem(
                date=assignment.date,
                starts_at=None,
                kind=ItemKind(session.role.value),
                session=session.id,
                moves=session.moves,
                minutes=_minutes(timeline.total_seconds),
                rule=Rule.COACH,
                reason=f"From your coach ({assignment.squad}): {assignment.note}",
                adjustments=adjustments,
                budget_minutes=timeline.deviation.minutes
                if shortened and timeline.deviation
                else None,
                note=assignment.note,
            )
        )
    return items


# --- progression ----------------------------------------------------------------------------


def progress(week: _Week, item: PlanItem, practices: Sequence[PracticeSummary]) -> PlanItem:
    """Pick the variant of a session item; pain comes first, then a missed week, then progress."""
    if item.session is None:
        return item
    for rule in (step_back_after_pain, restart_after_missed_week, progress_after_two_good_weeks):
        changed = rule(week, item, practices)
        if changed is not None:
            return changed
    return item


def step_back_after_pain(
    week: _Week, item: PlanItem, practices: Sequence[PracticeSummary]
) -> PlanItem | None:
    """Rule step-back-after-pain: the last pain rating for these moves was above the threshold."""
    moves = set(item.moves)
    latest = next(
        (p for day, p, held in week.pain_ratings if day < item.date and moves & held), None
    )
    if latest is None or latest.pain is None:
        return None
    if latest.pain <= PAIN_STEP_BACK_ABOVE:
        return None
    when = week.local(latest.started_at).strftime("%a %d %b")
    return _vary(
        item,
        Difficulty.EASIER,
        Rule.STEP_BACK_AFTER_PAIN,
        f"Easier variants: pain {latest.pain}/10 on {when}",
        f"You rated pain {latest.pain}/10 after {latest.session} on {when}, so step back to the "
        "easier version of each move until a session is pain-free. Sharp or lasting pain is "
        "for a physiotherapist to look at.",
    )


def restart_after_missed_week(
    week: _Week, item: PlanItem, practices: Sequence[PracticeSummary]
) -> PlanItem | None:
    """Rule restart-after-missed-week: a whole week without practice, after some practice."""
    if item.kind == ItemKind.DESK_BREAK:
        return None
    last_week = week.as_of - timedelta(weeks=1)
    days = week.credited_days
    practised_before = any(day < last_week for day in days)
    practised_last_week = any(last_week <= day < week.as_of for day in days)
    if not practised_before or practised_last_week:
        return None
    return _vary(
        item,
        Difficulty.EASIER,
        Rule.RESTART_AFTER_MISSED_WEEK,
        "Gentle restart: easier variants",
        "No practice in the week before: restart gently with the easier version of each "
        "move this week, then back to the program as written.",
    )


def progress_after_two_good_weeks(
    week: _Week, item: PlanItem, practices: Sequence[PracticeSummary]
) -> PlanItem | None:
    """Rule progress-after-two-good-weeks: this session as written each week, loose and pain-free."""
    if item.kind == ItemKind.DESK_BREAK or item.session is None:
        return None
    first = week.as_of - timedelta(weeks=PROGRESSION_WEEKS)
    in_window = [
        p
        for p in _completed(practices)
        if p.session == item.session
        and p.deviation is None
        and first <= week.days[p.id] < week.as_of
    ]
    for n in range(PROGRESSION_WEEKS):
        start = first + timedelta(weeks=n)
        if not any(start <= week.days[p.id] < start + timedelta(weeks=1) for p in in_window):
            return None
    tightness = [p.tightness for p in in_window if p.tightness is not None]
    pain = [p.pain for p in in_window if p.pain is not None]
    if not tightness or not pain or max(tightness) > LOW_TIGHTNESS or max(pain) > 0:
        return None
    return _vary(
        item,
        Difficulty.HARDER,
        Rule.PROGRESS_AFTER_TWO_GOOD_WEEKS,
        "Harder variants offered",
        f"Done as written for {PROGRESSION_WEEKS} weeks with little tightness and no pain: "
        "try the harder version of each move (`gethip show MOVE` names it).",
    )


def _completed(practices: Iterable[PracticeSummary]) -> list[PracticeSummary]:
    return [p for p in practices if p.status == PracticeStatus.COMPLETED]


def _vary(item: PlanItem, variant: Difficulty, rule: Rule, label: str, why: str) -> PlanItem:
    return item.model_copy(
        update={
            "variant": variant,
            "adjustments": (*item.adjustments, Adjustment(rule=rule, label=label)),
            "reason": f"{item.reason} {why}",
        }
    )


# --- the dose -------------------------------------------------------------------------------


def label_shortened(week: _Week, item: PlanItem) -> PlanItem:
    """Rules shortened-to-fit and budget-too-small: never below the written dose unsaid.

    A shortened item carries the budget it was fitted to, so whoever plays it
    plays that version, labelled, rather than the session as written.
    """
    if item.session is None:
        return item
    timeline, too_small = week.fitted(item.session)
    if too_small:
        adjustment = Adjustment(
            rule=Rule.BUDGET_TOO_SMALL,
            label=(
                f"As written ({mmss(timeline.total_seconds)}): {week.profile.minutes} min is "
                "too few for a shortened version"
            ),
        )
        return item.model_copy(update={"adjustments": (*item.adjustments, adjustment)})
    if timeline.deviation is None:
        return item
    adjustment = Adjustment(rule=Rule.SHORTENED_TO_FIT, label=timeline.deviation.label)
    return item.model_copy(
        update={
            "adjustments": (*item.adjustments, adjustment),
            "budget_minutes": timeline.deviation.minutes,
        }
    )


# --- done or not ----------------------------------------------------------------------------


def mark_done(
    week: _Week,
    placed: Sequence[_Placed],
    practices: Sequence[PracticeSummary],
    runs_known: bool,
) -> list[PlanItem]:
    """Set ``done``: True when the log shows it, False when its day is past, None while open.

    Each credited practice counts for one item at most: two runs in a day need
    two rounds of openers. A desk break is a bonus: done when practised, never
    missed. Nothing before the day the profile was made is missed.
    """
    available = sorted((p for p in practices if p.credited), key=lambda p: p.started_at)
    used: set[str] = set()
    result = []
    for placement in sorted(placed, key=lambda p: _item_order(p.item)):
        item = placement.item
        done: bool | None
        if item.kind == ItemKind.RUN:
            if item.rule == Rule.RECORDED_RUN:
                done = True
            else:
                done = False if runs_known and _is_missable(week, item.date) else None
        else:
            match = next(
                (
                    p
                    for p in available
                    if p.id not in used
                    and p.session == item.session
                    and week.days[p.id] == item.date
                    and _in_window(p.started_at, placement.window)
                ),
                None,
            )
            if match is not None:
                used.add(match.id)
                done = True
            elif item.kind == ItemKind.DESK_BREAK:
                done = None
            else:
                done = False if _is_missable(week, item.date) else None
        result.append(item.model_copy(update={"done": done}))
    return result


def _is_missable(week: _Week, day: date) -> bool:
    """Past, and on or after the day the profile was made."""
    past = week.today is None or day < week.today
    return past and (week.since is None or day >= week.since)


def _in_window(instant: datetime, window: tuple[datetime, datetime] | None) -> bool:
    return window is None or window[0] <= instant <= window[1]
