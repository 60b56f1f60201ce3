"""Who may talk to the server: callers that name it by a name it answers to, and writes from its own pages.

Any web page the runner opens can reach a server on 127.0.0.1. Two attacks
follow. DNS rebinding: a page's own name is made to resolve to 127.0.0.1,
so the browser treats the answers as the page's own and lets it read them;
the request then carries that foreign name in its Host header, so only the
names this server is reached by are answered (400 for any other). Cross-site
writes: a form or a fetch on any site can POST here; a browser says where a
request comes from (``Origin``, ``Sec-Fetch-Site``), so a write that names
another origin is refused (403) before anything reads its body. Clients
that send neither header (the CLI's tests, curl) are not browsers driven by
a hostile page, and still work.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from gethip.web.errors import error_response

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DEFAULT_PORTS = {"http": 80, "https": 443}

FOREIGN_HOST = (
    "this server does not answer to that name; open it by the address gethip serve printed"
)
CROSS_SITE = "a page on another site tried to change your data here; nothing was changed"


def normalise_host(name: str) -> str:
    """One spelling per name: lower case, IPv6 without brackets and in its short form."""
    name = name.strip().lower().removeprefix("[").removesuffix("]")
    try:
        return str(ipaddress.ip_address(name))
    except ValueError:
        return name


def split_host(header: str) -> tuple[str, int | None] | None:
    """``Host`` as (name, port), or None when it is not a host at all."""
    header = header.strip()
    if header.startswith("["):
        name, bracket, rest = header[1:].partition("]")
        if not bracket:
            return None
    else:
        name, _, port_text = header.partition(":")
        rest = f":{port_text}" if port_text else ""
    if rest and not (rest.startswith(":") and rest[1:].isdigit() and len(rest) <= 6):
        return None
    if not name:
        return None
    return normalise_host(name), int(rest[1:]) if rest else None


def _origin(value: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname:
        return None
    return parts.scheme, normalise_host(parts.hostname), port or DEFAULT_PORTS.get(parts.scheme)


def is_cross_site(headers: Headers, scheme: str, host: tuple[str, int | None]) -> bool:
    """True when a browser marks this request as made by a page of another origin."""
    # "same-site" is another origin too (another port of 127.0.0.1, a sibling name).
    if headers.get("sec-fetch-site", "").lower() in {"cross-site", "same-site"}:
        return True
    origin = headers.get("origin")
    if origin is None:
        return False
    # "null" comes from sandboxed frames, data: and file: pages: never one of ours.
    name, port = host
    return _origin(origin) != (scheme, name, port or DEFAULT_PORTS.get(scheme))


class LocalGuard:
    """ASGI middleware: answers only its own names, and takes writes only from its own pages."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str] = ()) -> None:
        self.app = app
        # The port is not checked: a Host names the port the client dialled, so a
        # port forward (ssh -L 9000:localhost:8000) stays usable; the name is what
        # a rebinding page cannot fake.
        self.hosts = frozenset(normalise_host(name) for name in (*LOOPBACK_NAMES, *hosts))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = split_host(headers.get("host", ""))
        if host is None or host[0] not in self.hosts:
            await refuse(scope, receive, send, 400, FOREIGN_HOST)
            return
        if scope["method"] in UNSAFE_METHODS and is_cross_site(headers, scope["scheme"], host):
            await refuse(scope, receive, send, 403, CROSS_SITE)
            return
        await self.app(scope, receive, send)


async def refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    """Answer with the one error shape (or the error page) without calling the app."""
    response = error_response(Request(scope, receive), status, message)
    await response(scope, receive, send)
