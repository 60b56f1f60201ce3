"""Accounts of hosted mode: sign up, sign in, sign out, and who a session's cookie belongs to.

Passwords are hashed with Argon2id (argon2-cffi's defaults, which follow the
RFC's recommendation) and never stored or logged otherwise. A session is a
random token in an HttpOnly cookie; the database keeps only its HMAC under
the server's secret, so a copy of the table opens no session, and revoking
the row ends the session at once, on every worker.

A wrong password and an unknown email get the same answer, after the same
work (an unknown email is checked against a hash too). After
``MAX_FAILURES`` failures for one email or from one address within
``FAILURE_WINDOW``, sign-in is refused until the oldest of them leaves it.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from gethip.core.errors import GethipError
from gethip.store import accounts as rows
from gethip.store.accounts import Account as Account
from gethip.store.accounts import EmailTaken as EmailTaken
from gethip.store.database import Store

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # hashing a megabyte on every attempt would be a way to tire the server
MAX_EMAIL = 254
MAX_NAME = 120
SESSION_LIFETIME = timedelta(days=30)
MAX_FAILURES = 10
FAILURE_WINDOW = timedelta(minutes=15)


class InvalidAccount(GethipError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field} {message}")
        self.field = field
        self.message = message


class WrongCredentials(GethipError):
    def __init__(self) -> None:
        super().__init__("that email and password do not match an account")


class TooManyAttempts(GethipError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"too many failed sign-ins; try again in {max(1, math.ceil(retry_after / 60))} min"
        )
        self.retry_after = retry_after


class NotSignedIn(GethipError):
    def __init__(self) -> None:
        super().__init__("sign in first")


@dataclass(frozen=True)
class SignedIn:
    user: int
    token: str  # for the cookie only; the database has its keyed hash


@cache
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


@cache
def _decoy() -> str:
    # The hash an unknown email is checked against, so its answer takes as long.
    return str(_hasher().hash(secrets.token_urlsafe(16)))


def session_id(secret: str, token: str) -> str:
    return hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()


def _checked_email(email: str) -> str:
    email = email.strip()
    local, at, domain = email.rpartition("@")
    if (
        not at
        or not local
        or "." not in domain.strip(".")
        or len(email) > MAX_EMAIL
        or any(c.isspace() for c in email)
    ):
        raise InvalidAccount("email", "must be an email address, like sam@example.org")
    return email


def register(store: Store, email: str, password: str, name: str, now: datetime) -> Account:
    email = _checked_email(email)
    if len(password) < MIN_PASSWORD:
        raise InvalidAccount("password", f"is too short: at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InvalidAccount("password", f"is too long: at most {MAX_PASSWORD} characters")
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise InvalidAccount("name", f"must be 1 to {MAX_NAME} characters")
    hashed = _hasher().hash(password)
    user = rows.create_account(store, email, name, hashed, now)
    return Account(user, email, name)


def login(
    store: Store, secret: str, email: str, password: str, address: str, now: datetime
) -> SignedIn:
    from argon2.exceptions import InvalidHashError, VerificationError

    _refuse_when_throttled(store, email, address, now)
    found = rows.credentials(store, email.strip())
    hasher = _hasher()
    try:
        hasher.verify(found.password_hash if found else _decoy(), password)
        ok = found is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or found is None:
        rows.record_failure(store, email.strip()[:MAX_EMAIL], address, now)
        rows.forget_failures(store, now - FAILURE_WINDOW)
        raise WrongCredentials()
    if hasher.check_needs_rehash(found.password_hash):
        rows.set_password_hash(store, found.id, hasher.hash(password))
    token = secrets.token_urlsafe(32)
    rows.open_session(store, session_id(secret, token), found.id, now, now + SESSION_LIFETIME)
    # Each sign-in sweeps the sessions nobody can use any more, so the table holds
    # about as many rows as there are signed-in devices, with no job to run.
    rows.forget_sessions(store, now)
    return SignedIn(found.id, token)


def _refuse_when_throttled(store: Store, email: str, address: str, now: datetime) -> None:
    by_email, by_address = rows.recent_failures(
        store, email.strip()[:MAX_EMAIL], address, now - FAILURE_WINDOW
    )
    waits = [
        (times[-MAX_FAILURES] + FAILURE_WINDOW - now).total_seconds()
        for times in (by_email, by_address)
        if len(times) >= MAX_FAILURES
    ]
    if waits:
        raise TooManyAttempts(max(1, math.ceil(max(waits))))


def signed_in_user(store: Store, secret: str, token: str | None, now: datetime) -> int:
    if not token or len(token) > 100:
        raise NotSignedIn()
    user = rows.session_user(store, session_id(secret, token), now)
    if user is None:
        raise NotSignedIn()
    return user


def logout(store: Store, secret: str, token: str | None, now: datetime) -> None:
    if token and len(token) <= 100:
        rows.revoke_session(store, session_id(secret, token), now)


def me(store: Store, user: int) -> Account:
    found = rows.account(store, user)
    if found is None:
        raise NotSignedIn()
    return found


def calendar_key(store: Store, user: int) -> str:
    """The secret in the calendar feed's address, made on first use and kept."""
    key = rows.calendar_key(store, user)
    if key is None:
        key = secrets.token_urlsafe(24)
        rows.set_calendar_key(store, user, key)
    return key


def calendar_user(store: Store, key: str | None) -> int | None:
    if not key or len(key) > 64:
        return None
    return rows.user_by_calendar_key(store, key)


def member_names(store: Store, users: list[int]) -> dict[int, str]:
    return {user: found.name for user, found in rows.accounts(store, users).items()}
