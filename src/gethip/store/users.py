"""The people whose data the store keeps: one local user, or the accounts of hosted mode."""

from __future__ import annotations

from datetime import datetime

from gethip.store.database import Store
from gethip.store.models import User


def add_user(store: Store, name: str, created_at: datetime) -> int:
    """A new user, by a name no other user has; their id."""
    with store.transaction() as db:
        user = User(name=name, created_at=created_at)
        db.add(user)
        db.flush()
        return user.id
