"""The security headers every response carries, pages, JSON, files and errors alike.

The policy allows only what the app itself serves: scripts and styles from
its own files (no inline script runs; the player's ``<script
type="application/json">`` is data, which a policy does not block), no
frames around it, no plugins, forms posting only to itself. Scripts set
styles through the CSSOM (``element.style.width``), which the policy allows;
``style=`` attributes in markup it would refuse, so there are none.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gethip.web.guard import LOOPBACK_NAMES, split_host

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        # WebAssembly may be compiled (the hip check's pose model runs as WASM), never eval.
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    # The hip check films the runner, the coach may listen, the player keeps the
    # screen on: each for this origin only, never for anything it might embed.
    "permissions-policy": "camera=(self), microphone=(self), screen-wake-lock=(self)",
    # Another site may not load our answers as images or scripts (reading them by side channel).
    "cross-origin-resource-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}
STRICT_TRANSPORT_SECURITY = "max-age=31536000"


def _strict_transport(scope: Scope) -> bool:
    # Browsers ignore HSTS for an IP address; for localhost it would outlive this
    # server and break the plain-HTTP one on the same name, so only DNS names get it.
    if scope["scheme"] != "https":
        return False
    host = split_host(Headers(scope=scope).get("host", ""))
    if host is None or host[0] in LOOPBACK_NAMES:
        return False
    try:
        ipaddress.ip_address(host[0])
    except ValueError:
        return True
    return False


def add_security_headers(headers: MutableHeaders, scope: Scope) -> None:
    for name, value in SECURITY_HEADERS.items():
        if name not in headers:
            headers[name] = value
    if _strict_transport(scope):
        headers["strict-transport-security"] = STRICT_TRANSPORT_SECURITY


class SecurityHeaders:
    """ASGI middleware: the headers above on every response that passes through it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                add_security_headers(MutableHeaders(scope=message), scope)
            await send(message)

        await self.app(scope, receive, send_with_headers)


Handler = Callable[[Request, Exception], Awaitable[Response]]


def add_headers_to_bug_pages(app: FastAPI) -> None:
    """A 500 is answered by Starlette's outermost layer, past every middleware: add them there.

    Call after the error handlers are installed.
    """
    handler = app.exception_handlers.get(Exception)
    if handler is None:
        return
    on_bug: Handler = handler  # type: ignore[assignment]

    async def with_headers(request: Request, error: Exception) -> Response:
        response = await on_bug(request, error)
        add_security_headers(response.headers, request.scope)
        return response

    app.add_exception_handler(Exception, with_headers)
