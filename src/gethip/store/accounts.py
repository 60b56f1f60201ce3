"""Accounts of hosted mode: who they are, their sessions, and the failed sign-ins against them.

The store keeps what it is given: password hashes made by the application,
session ids that are already keyed hashes of the cookie's token. It never
sees a password or a token.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from gethip.core.errors import GethipError
from gethip.store.account_models import LoginFailure, WebSession
from gethip.store.database import Store
from gethip.store.models import User


class EmailTaken(GethipError):
    def __init__(self) -> None:
        super().__init__("an account with this email exists already: sign in instead")


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    name: str


@dataclass(frozen=True)
class Credentials:
    id: int
    password_hash: str


def create_account(store: Store, email: str, name: str, password_hash: str, now: datetime) -> int:
    """A new account; an email already used (in any case) is refused."""
    try:
        with store.transaction() as db:
            user = User(
                name=email.lower(),
                email=email,
                display_name=name,
                password_hash=password_hash,
                created_at=now,
            )
            db.add(user)
            db.flush()
            return user.id
    except IntegrityError:
        raise EmailTaken() from None


def credentials(store: Store, email: str) -> Credentials | None:
    with store.transaction() as db:
        row = db.execute(
            select(User.id, User.password_hash).where(func.lower(User.email) == email.lower())
        ).first()
        if row is None or row.password_hash is None:
            return None
        return Credentials(row.id, row.password_hash)


def set_password_hash(store: Store, user_id: int, password_hash: str) -> None:
    with store.transaction() as db:
        db.execute(update(User).where(User.id == user_id).values(password_hash=password_hash))


def accounts(store: Store, user_ids: list[int]) -> dict[int, Account]:
    with store.transaction() as db:
        rows = db.execute(
            select(User.id, User.email, User.display_name, User.name).where(User.id.in_(user_ids))
        ).all()
        return {
            row.id: Account(row.id, row.email or "", row.display_name or row.name) for row in rows
        }


def account(store: Store, user_id: int) -> Account | None:
    return accounts(store, [user_id]).get(user_id)


# --- the calendar's key ----------------------------------------------------------------------


def calendar_key(store: Store, user_id: int) -> str | None:
    with store.transaction() as db:
        return db.scalar(select(User.calendar_key).where(User.id == user_id))


def set_calendar_key(store: Store, user_id: int, key: str) -> None:
    with store.transaction() as db:
        db.execute(update(User).where(User.id == user_id).values(calendar_key=key))


def user_by_calendar_key(store: Store, key: str) -> int | None:
    with store.transaction() as db:
        return db.scalar(select(User.id).where(User.calendar_key == key))


# --- sessions --------------------------------------------------------------------------------


def open_session(
    store: Store, session_id: str, user_id: int, now: datetime, expires_at: datetime
) -> None:
    with store.transaction() as db:
        db.add(WebSession(id=session_id, user_id=user_id, created_at=now, expires_at=expires_at))


def session_user(store: Store, session_id: str, now: datetime) -> int | None:
    """The user of a live session: not revoked and not expired."""
    with store.transaction() as db:
        return db.scalar(
            select(WebSession.user_id).where(
                WebSession.id == session_id,
                WebSession.revoked_at.is_(None),
                WebSession.expires_at > now,
            )
        )


def revoke_session(store: Store, session_id: str, now: datetime) -> None:
    with store.transaction() as db:
        db.execute(
            update(WebSession)
            .where(WebSession.id == session_id, WebSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )


def forget_sessions(store: Store, now: datetime) -> int:
    """Sessions that can never be used again (expired, or signed out) are dropped: how many."""
    with store.transaction() as db:
        result = db.execute(
            delete(WebSession).where(
                or_(WebSession.expires_at <= now, WebSession.revoked_at.is_not(None))
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)


# --- failed sign-ins -------------------------------------------------------------------------


def record_failure(store: Store, email: str, address: str, now: datetime) -> None:
    with store.transaction() as db:
        db.add(LoginFailure(email=email.lower(), address=address, at=now))


def recent_failures(
    store: Store, email: str, address: str, since: datetime
) -> tuple[list[datetime], list[datetime]]:
    """When sign-ins failed since ``since``: for this email, and from this address."""
    with store.transaction() as db:
        rows = db.execute(
            select(LoginFailure.email, LoginFailure.address, LoginFailure.at)
            .where(
                LoginFailure.at >= since,
                or_(LoginFailure.email == email.lower(), LoginFailure.address == address),
            )
            .order_by(LoginFailure.at)
        ).all()
    by_email = [row.at for row in rows if row.email == email.lower()]
    by_address = [row.at for row in rows if row.address == address]
    return by_email, by_address


def forget_failures(store: Store, before: datetime) -> None:
    """Old failures count for nothing: kept only as long as the throttle's window."""
    with store.transaction() as db:
        db.execute(delete(LoginFailure).where(LoginFailure.at < before))
