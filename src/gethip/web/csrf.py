"""The form token: a per-browser secret that a page of another site can neither read nor send.

Double-submit: each browser gets a random token in the readable cookie
``gethip_csrf``; every form the server renders carries the same value in the
field ``csrf_token``, and scripts send it back in the ``X-CSRF-Token``
header. A page elsewhere can make the browser send the cookie, but cannot
read it, so it cannot put the matching value into a body or a header.
Pages find the token in ``request.state.csrf_token`` (templates/_csrf_field.html).

Local mode requires it on the HTML forms (``check_form_token``) and checks
the header whenever one is sent; the JSON API also takes requests without
it, since curl and scripts are not browsers (the origin check in
``guard.py`` covers browsers there). Hosted mode, with sessions, can require
the header on every write with ``require_header_token`` as a dependency.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request
from starlette.datastructures import FormData, Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gethip.web.guard import UNSAFE_METHODS, refuse

COOKIE = "gethip_csrf"
HEADER = "x-csrf-token"
FIELD = "csrf_token"
# Browsers cap a cookie's life at 400 days; a year and a bit keeps an
# installed app's queued writes and cached forms valid between visits.
MAX_AGE_SECONDS = 400 * 24 * 3600
_TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)

MISSING = "this form has expired or came from elsewhere; reload the page and send it again"


def _well_formed(token: str | None) -> bool:
    return (
        token is not None
        and len(token) == _TOKEN_LENGTH
        and all(c.isascii() and (c.isalnum() or c in "-_") for c in token)
    )


def token_cookie(headers: Headers) -> str | None:
    for header in headers.getlist("cookie"):
        for pair in header.split(";"):
            name, _, value = pair.strip().partition("=")
            if name == COOKIE:
                return value
    return None


def token_matches(expected: str | None, sent: str | None) -> bool:
    if expected is None or sent is None or not _well_formed(expected):
        return False
    return hmac.compare_digest(expected.encode(), sent.encode())


def check_form_token(request: Request, form: FormData) -> None:
    """403 unless the form carries the token of the cookie the browser sent with it."""
    field = form.get(FIELD)
    sent = field if isinstance(field, str) else request.headers.get(HEADER)
    if not token_matches(token_cookie(request.headers), sent):
        raise HTTPException(403, MISSING)


async def confirmed(request: Request) -> bool:
    """Whether a delete form's confirmation box was ticked; a 403 first without the token."""
    form = await request.form(max_files=0, max_fields=5)
    check_form_token(request, form)
    return form.get("confirm") == "yes"


def require_header_token(request: Request) -> None:
    """For hosted mode: a write from a signed-in browser must echo its cookie in the header."""
    if request.method in UNSAFE_METHODS and not token_matches(
        token_cookie(request.headers), request.headers.get(HEADER)
    ):
        raise HTTPException(403, MISSING)


def new_token_cookie(secure: bool) -> tuple[str, str]:
    """A fresh token and its Set-Cookie value: handed out again at sign-in."""
    value = secrets.token_urlsafe(32)
    flags = "; Secure" if secure else ""
    return value, f"{COOKIE}={value}; Path=/; Max-Age={MAX_AGE_SECONDS}; SameSite=Lax{flags}"


class TokenCookie:
    """ASGI middleware: gives a browser its token once, and refuses a write whose header is wrong."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        existing = token_cookie(headers)
        sent = headers.get(HEADER)
        if (
            sent is not None
            and scope["method"] in UNSAFE_METHODS
            and not token_matches(existing, sent)
        ):
            await refuse(scope, receive, send, 403, MISSING)
            return
        current = existing if _well_formed(existing) else None
        value = current or secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_token"] = value
        if current is not None:
            await self.app(scope, receive, send)
            return

        # Lax, not Strict: a Strict cookie is not sent when the runner follows a
        # link from elsewhere, and handing out a new token then would spoil the
        # forms already open in other tabs.
        secure = "; Secure" if scope["scheme"] == "https" else ""
        cookie = f"{COOKIE}={value}; Path=/; Max-Age={MAX_AGE_SECONDS}; SameSite=Lax{secure}"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                # Signing in sets a fresh token of its own; that one stands.
                if not any(v.startswith(f"{COOKIE}=") for v in headers.getlist("set-cookie")):
                    headers.append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)
