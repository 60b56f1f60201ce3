"""Squads as the store keeps them: who coaches, who belongs, and the sessions put on their plan.

``Squads`` is opened for one user and answers only about squads that user
coaches or belongs to: any other squad is, to it, a squad that does not exist.
Who may do what in a squad (the coach reads, members leave) is the
application's rule; this module only keeps the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, and_, delete, or_, select
from sqlalchemy.exc import IntegrityError

from gethip.store.database import Store
from gethip.store.models import User
from gethip.store.squad_models import Squad, SquadAssignment, SquadMember

COACH = "coach"
MEMBER = "member"


@dataclass(frozen=True)
class SquadRow:
    id: int
    name: str
    invite_code: str
    coach_id: int
    coach_name: str
    role: str  # the asking user's: coach or member


@dataclass(frozen=True)
class AssignmentRow:
    id: int
    squad_id: int
    squad_name: str
    date: date
    session: str
    minutes: int | None
    note: str


class Squads:
    def __init__(self, store: Store, user_id: int) -> None:
        self.store = store
        self.user_id = user_id

    def create(self, name: str, invite_code: str, now: datetime) -> SquadRow:
        with self.store.transaction() as db:
            squad = Squad(name=name, invite_code=invite_code, coach_id=self.user_id, created_at=now)
            db.add(squad)
            db.flush()
            squad_id = squad.id
        found = self.visible(squad_id)
        assert found is not None
        return found

    def join(self, invite_code: str, now: datetime) -> SquadRow | None:
        """Join the squad with this code (again: nothing changes); None for no such code."""
        with self.store.transaction() as db:
            squad = db.scalar(select(Squad).where(Squad.invite_code == invite_code))
            if squad is None:
                return None
            squad_id = squad.id
            known = db.get(SquadMember, (squad_id, self.user_id))
            if known is None and squad.coach_id != self.user_id:
                db.add(SquadMember(squad_id=squad_id, user_id=self.user_id, joined_at=now))
        try:
            return self.visible(squad_id)
        except IntegrityError:  # joined twice at once: once is kept
            return self.visible(squad_id)

    def _query(self) -> Select[Squad, str | None, str, int | None]:
        membership = and_(SquadMember.squad_id == Squad.id, SquadMember.user_id == self.user_id)
        return (
            select(Squad, User.display_name, User.name, SquadMember.user_id)
            .join(User, User.id == Squad.coach_id)
            .outerjoin(SquadMember, membership)
            .where(or_(Squad.coach_id == self.user_id, SquadMember.user_id == self.user_id))
        )

    def mine(self) -> list[SquadRow]:
        with self.store.transaction() as db:
            rows = db.execute(self._query().order_by(Squad.name, Squad.id)).all()
            return [self._row(row[0], row[1], row[2]) for row in rows]

    def visible(self, squad_id: int) -> SquadRow | None:
        """The squad, if this user coaches it or belongs to it."""
        with self.store.transaction() as db:
            row = db.execute(self._query().where(Squad.id == squad_id)).first()
            return None if row is None else self._row(row[0], row[1], row[2])

    def _row(self, squad: Squad, display: str | None, name: str) -> SquadRow:
        role = COACH if squad.coach_id == self.user_id else MEMBER
        return SquadRow(
            squad.id, squad.name, squad.invite_code, squad.coach_id, display or name, role
        )

    # --- what only the application lets a coach do --------------------------------------------

    def members(self, squad_id: int) -> list[int]:
        with self.store.transaction() as db:
            return list(
                db.scalars(
                    select(SquadMember.user_id)
                    .where(SquadMember.squad_id == squad_id)
                    .order_by(SquadMember.joined_at, SquadMember.user_id)
                )
            )

    def remove(self, squad_id: int, member_id: int) -> bool:
        with self.store.transaction() as db:
            gone = db.execute(
                delete(SquadMember).where(
                    SquadMember.squad_id == squad_id, SquadMember.user_id == member_id
                )
            )
            return bool(gone.rowcount)  # type: ignore[attr-defined]

    def assign(
        self,
        squad_id: int,
        day: date,
        session: str,
        minutes: int | None,
        note: str,
        now: datetime,
    ) -> int:
        with self.store.transaction() as db:
            row = SquadAssignment(
                squad_id=squad_id,
                date=day,
                session=session,
                minutes=minutes,
                note=note,
                created_at=now,
            )
            db.add(row)
            db.flush()
            return row.id

    def assignments(self, squad_id: int) -> list[AssignmentRow]:
        return self._assignments(SquadAssignment.squad_id == squad_id)

    # --- what a member's plan reads -----------------------------------------------------------

    def assigned_to_me(self, first: date, last: date) -> list[AssignmentRow]:
        """Sessions the coaches of my squads put on the plan between these days."""
        mine = select(SquadMember.squad_id).where(SquadMember.user_id == self.user_id)
        return self._assignments(
            SquadAssignment.squad_id.in_(mine),
            SquadAssignment.date >= first,
            SquadAssignment.date <= last,
        )

    def _assignments(self, *where: object) -> list[AssignmentRow]:
        with self.store.transaction() as db:
            rows = db.execute(
                select(SquadAssignment, Squad.name)
                .join(Squad, Squad.id == SquadAssignment.squad_id)
                .where(*where)  # type: ignore[arg-type]
                .order_by(SquadAssignment.date, SquadAssignment.id)
            ).all()
            return [
                AssignmentRow(a.id, a.squad_id, name, a.date, a.session, a.minutes, a.note)
                for a, name in rows
            ]


def fingerprints(store: Store, users: list[int]) -> dict[int, tuple[object, ...]]:
    """For each user, a summary of everything a coach's report reads, in four aggregate queries.

    Any write a report would show (a practice started, finished, rated,
    resumed or deleted; a profile saved; a run imported or removed; a session
    assigned) changes it, so a report kept under it is never stale.
    """
    from sqlalchemy import func

    from gethip.store.models import Practice
    from gethip.store.profile_models import ProfileVersion
    from gethip.store.run_models import Run

    found: dict[int, list[object]] = {user: [] for user in users}
    if not users:
        return {}
    with store.transaction() as db:
        practices = db.execute(
            select(
                Practice.user_id,
                func.count(),
                func.max(Practice.started_at),
                func.max(Practice.ended_at),
                func.sum(
                    func.coalesce(Practice.pain, 11) * 16 + func.coalesce(Practice.tightness, 11)
                ),
                func.sum(func.length(Practice.status)),
                func.count(Practice.ended_at),
            )
            .where(Practice.user_id.in_(users))
            .group_by(Practice.user_id)
        ).all()
        versions = db.execute(
            select(ProfileVersion.user_id, func.max(ProfileVersion.version))
            .where(ProfileVersion.user_id.in_(users))
            .group_by(ProfileVersion.user_id)
        ).all()
        runs = db.execute(
            select(Run.user_id, func.count(), func.max(Run.imported_at))
            .where(Run.user_id.in_(users))
            .group_by(Run.user_id)
        ).all()
        assigned = db.execute(
            select(
                SquadMember.user_id, func.count(SquadAssignment.id), func.max(SquadAssignment.id)
            )
            .join(SquadAssignment, SquadAssignment.squad_id == SquadMember.squad_id)
            .where(SquadMember.user_id.in_(users))
            .group_by(SquadMember.user_id)
        ).all()
    for kind, rows in (("p", practices), ("v", versions), ("r", runs), ("a", assigned)):
        for row in rows:
            found[row[0]].append((kind, *row[1:]))
    return {user: tuple(parts) for user, parts in found.items()}
