"""Push reminders as the store keeps them: devices subscribed, reminders sent, the server's keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from gethip.store.database import Store
from gethip.store.push_models import PushSubscription, ReminderSent, ServerKey


@dataclass(frozen=True)
class Subscription:
    id: int
    user_id: int
    endpoint: str
    p256dh: str
    auth: str
    lead_minutes: int


def _row(sub: PushSubscription) -> Subscription:
    return Subscription(sub.id, sub.user_id, sub.endpoint, sub.p256dh, sub.auth, sub.lead_minutes)


class Subscriptions:
    """One user's subscribed devices."""

    def __init__(self, store: Store, user_id: int) -> None:
        self.store = store
        self.user_id = user_id

    def add(self, endpoint: str, p256dh: str, auth: str, lead: int, now: datetime) -> Subscription:
        """Subscribe a device; a device already subscribed (by anyone) is now this user's."""
        with self.store.transaction() as db:
            db.execute(delete(PushSubscription).where(PushSubscription.endpoint == endpoint))
            sub = PushSubscription(
                user_id=self.user_id,
                endpoint=endpoint,
                p256dh=p256dh,
                auth=auth,
                lead_minutes=lead,
                created_at=now,
            )
            db.add(sub)
            db.flush()
            return _row(sub)

    def mine(self) -> list[Subscription]:
        with self.store.transaction() as db:
            rows = db.scalars(
                select(PushSubscription)
                .where(PushSubscription.user_id == self.user_id)
                .order_by(PushSubscription.id)
            )
            return [_row(row) for row in rows]

    def remove(self, subscription_id: int) -> bool:
        with self.store.transaction() as db:
            gone = db.execute(
                delete(PushSubscription).where(
                    PushSubscription.id == subscription_id,
                    PushSubscription.user_id == self.user_id,
                )
            )
            return bool(gone.rowcount)  # type: ignore[attr-defined]


# --- the worker's side ------------------------------------------------------------------------


def all_subscriptions(store: Store) -> list[Subscription]:
    with store.transaction() as db:
        return [_row(r) for r in db.scalars(select(PushSubscription).order_by(PushSubscription.id))]


def drop(store: Store, subscription_id: int) -> None:
    with store.transaction() as db:
        db.execute(delete(PushSubscription).where(PushSubscription.id == subscription_id))


def mark_sent(store: Store, user_id: int, item: str, now: datetime) -> bool:
    """True the first time a reminder is marked: two workers never send it twice."""
    try:
        with store.transaction() as db:
            db.add(ReminderSent(user_id=user_id, item=item[:120], sent_at=now))
    except IntegrityError:
        return False
    return True


def server_key(store: Store, name: str) -> str | None:
    with store.transaction() as db:
        return db.scalar(select(ServerKey.value).where(ServerKey.name == name))


def keep_server_key(store: Store, name: str, value: str, now: datetime) -> str:
    """Keep ``value`` under ``name`` unless one is kept already; the one kept is returned."""
    try:
        with store.transaction() as db:
            db.add(ServerKey(name=name, value=value, created_at=now))
    except IntegrityError:
        pass  # another process made one first: theirs is the key
    kept = server_key(store, name)
    assert kept is not None
    return kept
