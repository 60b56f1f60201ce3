"""A ceiling on request bodies that are not uploads: a JSON body is small, or it is refused.

Without one, a 100 MB JSON body was read into memory (and more while parsed)
before validation said no. The cap is checked on the declared length and again
while reading, for a sender that declares none. Run file uploads have their own,
larger cap (web/uploads.py).
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gethip.web.errors import error_body

# Far above any practice, step or profile body; a hip check recording has its own route cap.
MAX_BODY_BYTES = 1024 * 1024
# Multipart uploads of run files are capped where they are read.
_UPLOADS = ("multipart/form-data",)


class BodyTooLarge(Exception):
    pass


class BodyCap:
    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self._is_upload(scope):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def capped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge()
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
            await self._refuse(send)

    def _is_upload(self, scope: Scope) -> bool:
        kind: bytes = dict(scope["headers"]).get(b"content-type", b"")
        return kind.decode("latin-1").lower().startswith(_UPLOADS)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(
            error_body(413, f"the body is larger than {self.limit // 1024} KB")
        ).encode()
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
