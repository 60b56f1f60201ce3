"""Request bodies with a ceiling: refused (413) once they pass it, before anything parses them.

A sender may leave out Content-Length or send more than it announced, so the
body is counted as it arrives as well as checked against the header.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, MutableMapping
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from gethip.web.errors import UploadTooLarge

Message = MutableMapping[str, Any]


def capped_receive(
    receive: Callable[[], Awaitable[Message]], limit: int
) -> Callable[[], Awaitable[Message]]:
    """The request body, stopped once it passes ``limit`` bytes."""
    seen = 0

    async def read() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise UploadTooLarge(limit)
        return message

    return read


def refuse_announced(request: Request, limit: int) -> None:
    """413 at once when the body says it is too large: not a byte of it is read."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise UploadTooLarge(limit)


def capped_route(limit: int) -> type[APIRoute]:
    """A route class whose JSON bodies stop at ``limit`` bytes (FastAPI reads them before the endpoint)."""

    class CappedRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handle = super().get_route_handler()

            async def capped(request: Request) -> Response:
                refuse_announced(request, limit)
                capped = Request(request.scope, capped_receive(request.receive, limit))
                # Read here, where a refusal stays a 413: FastAPI's own body
                # parsing turns any error into a 400. It then finds the body read.
                await capped.body()
                return await handle(capped)

            return capped

    return CappedRoute
