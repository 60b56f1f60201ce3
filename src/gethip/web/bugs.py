"""A bug in a route becomes one 500 in the one error shape, logged once, without the request.

Starlette's outermost layer answers an unhandled error and then raises it again
for the server to log, so every 500 was logged twice, the second time with
whatever the error's text carried of the input. Caught here, inside the
security headers, it is logged once (where and what kind, and the traceback)
and answered; nothing travels further.
"""

from __future__ import annotations

import logging
import traceback

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gethip.web.errors import error_response

log = logging.getLogger("gethip.web")


class CatchBugs:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as error:
            if started:
                raise  # half an answer is out: only the server can end it
            log_bug(scope, error)
            response = error_response(Request(scope), 500, "something went wrong on our side")
            await response(scope, receive, send)


def log_bug(scope: Scope, error: BaseException) -> None:
    """Where, what kind, and the code's path to it; not the message, which may quote
    the request (a validation error carries the input it refused), nor the raw path."""
    route = getattr(scope.get("route"), "path", "an unknown address")
    log.error(
        "bug on %s %s: %s\n%s",
        scope.get("method", "?"),
        route,
        type(error).__name__,
        "".join(traceback.format_tb(error.__traceback__)).rstrip(),
    )
