"""A ceiling on request bodies that are not uploads: a JSON body is small, or it is refused.

Without one, a 100 MB JSON body was read into memory (and more while parsed)
before validation said no. The cap is checked on the declared length and again
while reading, for a sender that declares none. Run file uploads have their own,
larger cap (web/uploads.py).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gethip.web.errors import error_body

# Far above any practice, step or profile body; a hip check recording is allowed more (larger=).
MAX_BODY_BYTES = 1024 * 1024
# Multipart uploads of run files are capped where they are read.
_UPLOADS = ("multipart/form-data",)


class BodyTooLarge(HTTPException):
    """Raised while the body is read. An HTTPException, because FastAPI turns any other
    error met while parsing a JSON body into a 400: this one it lets through, as a 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the body is larger than {_size(limit)}")


def _size(limit: int) -> str:
    return f"{limit // 1024} KB" if limit < 1024 * 1024 else f"{limit // (1024 * 1024)} MB"


class BodyCap:
    """``larger``: path prefixes whose bodies may reach a larger cap (a hip check's landmarks)."""

    def __init__(
        self, app: ASGIApp, limit: int = MAX_BODY_BYTES, larger: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.limit = limit
        self.larger = dict(larger or {})

    def _limit(self, scope: Scope) -> int:
        path: str = scope.get("path", "")
        return next(
            (cap for prefix, cap in self.larger.items() if path.startswith(prefix)), self.limit
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self._is_upload(scope):
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(send, limit)
            return
        seen = 0
        started = False

        async def capped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, capped, watched)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(send, limit)

    def _is_upload(self, scope: Scope) -> bool:
        kind: bytes = dict(scope["headers"]).get(b"content-type", b"")
        return kind.decode("latin-1").lower().startswith(_UPLOADS)

    async def _refuse(self, send: Send, limit: int) -> None:
        body = json.dumps(error_body(413, f"the body is larger than {_size(limit)}")).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
