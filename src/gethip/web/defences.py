"""The local server's defences, installed in the one order that makes each of them hold."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import FastAPI

from gethip.web.csrf import TokenCookie
from gethip.web.guard import LocalGuard
from gethip.web.headers import SecurityHeaders, add_headers_to_bug_pages
from gethip.web.session_csrf import SessionCsrf


def install_defences(app: FastAPI, hosts: Iterable[str] = (), *, hosted: bool = False) -> None:
    """``hosts``: names the server is reached by besides the loopback ones (its LAN address).

    ``hosted``: writes that carry a session cookie must carry the form token too.
    """
    # The last added runs first: headers wrap everything, refusals included; the
    # guard refuses before a token is handed out to a name we do not answer to.
    if hosted:
        app.add_middleware(SessionCsrf)
    app.add_middleware(TokenCookie)
    app.add_middleware(LocalGuard, hosts=tuple(hosts))
    app.add_middleware(SecurityHeaders)
    add_headers_to_bug_pages(app)
