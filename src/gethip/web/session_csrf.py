"""Hosted mode's rule for writes: a request that carries a session cookie must prove it came from our page.

The proof is the double-submit token of csrf.py: the ``X-CSRF-Token`` header
equal to the readable cookie ``gethip_csrf`` (scripts), or the form field
``csrf_token`` (plain HTML forms, which cannot set headers). Every unsafe
request with a session cookie is refused with 403 before the app sees it,
unless it carries the header; a URL-encoded form (sign-out, the profile) may
carry the field instead, read here from a body small enough to hold; a
multipart form (an upload page) is left to its route, which checks the field
with ``check_form_token`` before reading anything else. The API takes the
header only. A request without a session cookie changes nobody's data and
is left to the routes (sign-in and sign-up check their form field too).
"""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gethip.web.csrf import FIELD, HEADER, MISSING, token_cookie, token_matches
from gethip.web.guard import UNSAFE_METHODS, refuse
from gethip.web.identity import SESSION_COOKIE

# A sign-out or profile form is a few hundred bytes; past this it is not one of ours.
MAX_FORM_BYTES = 64 * 1024
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


def _has_session(headers: Headers) -> bool:
    return any(
        pair.strip().startswith(f"{SESSION_COOKIE}=")
        for header in headers.getlist("cookie")
        for pair in header.split(";")
    )


class SessionCsrf:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in UNSAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if not _has_session(headers) or token_matches(token_cookie(headers), headers.get(HEADER)):
            await self.app(scope, receive, send)
            return
        kind = headers.get("content-type", "").split(";")[0].strip().lower()
        is_page = not scope["path"].startswith("/api/")
        if is_page and kind == MULTIPART:
            await self.app(scope, receive, send)
            return
        if is_page and kind == FORM:
            body = await _read(receive)
            if body is not None:
                sent = parse_qs(body.decode("latin-1")).get(FIELD, [None])[0]
                if token_matches(token_cookie(headers), sent):
                    await self.app(scope, _replay(body), send)
                    return
        await refuse(scope, receive, send, 403, MISSING)


async def _read(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive
