"""The runner's profile, kept with every earlier version so its changes can be read back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gethip.core.profile import Profile, make_profile, update_profile
from gethip.store.database import Store, StoreError
from gethip.store.models import LOCAL_USER_ID
from gethip.store.profile_models import ProfileVersion


@dataclass(frozen=True)
class ProfileRecord:
    version: int
    changed_at: datetime
    profile: Profile
    changed: tuple[str, ...]


class Profiles:
    def __init__(self, store: Store, user_id: int = LOCAL_USER_ID) -> None:
        self.store = store
        self.user_id = user_id

    def current(self) -> Profile | None:
        with self.store.transaction() as db:
            row = self._latest(db)
            return None if row is None else make_profile(row.data)

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
        nothing writes nothing.
        """
        try:
            with self.store.transaction() as db:
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
        except IntegrityError:
            raise StoreError(
                "the profile was changed by someone else meanwhile; try again"
            ) from None

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
