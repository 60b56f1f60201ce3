"""The runner's profile, kept with every earlier version so its changes can be read back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gethip.core.errors import GethipError
from gethip.core.profile import Profile, make_profile, update_profile
from gethip.store.database import Store
from gethip.store.models import User
from gethip.store.profile_models import ProfileVersion

# Saves that collide are tried again this many times before the runner is asked to.
UPDATE_ATTEMPTS = 8


class ProfileConflict(GethipError):
    def __init__(self) -> None:
        super().__init__("the profile kept changing while it was being saved; try again")


@dataclass(frozen=True)
class ProfileRecord:
    version: int
    changed_at: datetime
    profile: Profile
    changed: tuple[str, ...]


class Profiles:
    def __init__(self, store: Store, user_id: int) -> None:
        self.store = store
        self.user_id = user_id

    def current(self) -> Profile | None:
        with self.store.transaction() as db:
            row = self._latest(db)
            return None if row is None else make_profile(row.data)

    def first_saved(self) -> datetime | None:
        """When the runner first made a profile: the plan holds them to nothing before it."""
        with self.store.transaction() as db:
            return db.scalar(
                select(ProfileVersion.changed_at)
                .where(ProfileVersion.user_id == self.user_id)
                .order_by(ProfileVersion.version)
                .limit(1)
            )

    def history(self) -> list[ProfileRecord]:
        """Every saved version, oldest first."""
        with self.store.transaction() as db:
            rows = db.scalars(
                select(ProfileVersion)
                .where(ProfileVersion.user_id == self.user_id)
                .order_by(ProfileVersion.version)
            ).all()
            return [_record(row) for row in rows]

    def update(self, changes: Mapping[str, Any], at: datetime) -> ProfileRecord:
        """Apply ``changes`` to the current profile and save the result as a new version.

        All in one transaction: a change that makes the profile invalid raises
        ``InvalidProfile`` before anything is written, and a change that changes
        nothing writes nothing. Two saves at once cannot both become version N:
        they queue on the runner's row, and one that still loses a race applies
        its changes again on top of the winner's. A database busy beyond its
        timeout is not a race: that error goes up (the web answers 503).
        """
        for _attempt in range(UPDATE_ATTEMPTS):
            try:
                return self._update_once(changes, at)
            except IntegrityError:
                continue
        raise ProfileConflict()

    def _update_once(self, changes: Mapping[str, Any], at: datetime) -> ProfileRecord:
        with self.store.transaction() as db:
            # Saves of one runner's profile queue before reading the latest version, so
            # each applies its changes to the last: a write that changes nothing takes
            # the user row's lock on PostgreSQL and the database's write lock on SQLite
            # (where a plain read would let two saves read the same version and race).
            db.execute(update(User).where(User.id == self.user_id).values(id=User.id))
            latest = self._latest(db)
            current = None if latest is None else make_profile(latest.data)
            updated = update_profile(current, changes)
            before = {} if current is None else current.model_dump(mode="json")
            after = updated.model_dump(mode="json")
            changed = tuple(
                key for key in after if current is None or before.get(key) != after[key]
            )
            if latest is not None and not changed:
                return _record(latest)
            row = ProfileVersion(
                user_id=self.user_id,
                version=1 if latest is None else latest.version + 1,
                changed_at=at,
                data=after,
                changed=list(changed),
            )
            db.add(row)
            db.flush()
            return _record(row)

    def _latest(self, db: Session) -> ProfileVersion | None:
        return db.scalars(
            select(ProfileVersion)
            .where(ProfileVersion.user_id == self.user_id)
            .order_by(ProfileVersion.version.desc())
            .limit(1)
        ).first()


def _record(row: ProfileVersion) -> ProfileRecord:
    return ProfileRecord(
        version=row.version,
        changed_at=row.changed_at,
        profile=make_profile(row.data),
        changed=tuple(row.changed),
    )
