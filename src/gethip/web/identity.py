"""Who is asking: the one local runner, or the account whose session cookie the request carries.

Local mode has no accounts: every request is the local user's. Hosted mode
reads the session cookie (and, for the calendar feed only, the secret key in
its address, since a calendar app sends no cookie).
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from gethip.app import accounts
from gethip.app.accounts import NotSignedIn
from gethip.app.clock import Clock
from gethip.app.context import Store
from gethip.app.errors import NotFound

SESSION_COOKIE = "gethip_session"
QUEUED_BY = "x-gethip-user"


@dataclass(frozen=True)
class LocalIdentity:
    store: Store
    hosted = False

    def user(self, request: Request) -> int:
        return self.store.local_user()

    def calendar_user(self, request: Request) -> int:
        return self.store.local_user()


@dataclass(frozen=True)
class HostedIdentity:
    store: Store
    secret: str
    clock: Clock
    hosted = True

    def user(self, request: Request) -> int:
        # Once per request: routes and the page's navigation may both ask.
        known = getattr(request.state, "user", None)
        if known is not None:
            return int(known)
        user = accounts.signed_in_user(
            self.store, self.secret, request.cookies.get(SESSION_COOKIE), self.clock.now()
        )
        # A write queued offline names its runner: sent while another is signed in, it waits.
        queued_by = request.headers.get(QUEUED_BY)
        if queued_by is not None and queued_by != str(user):
            raise NotSignedIn()
        request.state.user = user
        return user

    def calendar_user(self, request: Request) -> int:
        user = accounts.calendar_user(self.store, request.query_params.get("key"))
        if user is None:
            raise NotFound("no calendar at this address")
        return user

    def signed_in(self, request: Request) -> int | None:
        try:
            return self.user(request)
        except NotSignedIn:
            return None


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(accounts.SESSION_LIFETIME.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
