"""One error shape for the whole web app, and the handlers that turn failures into it.

Every error a client can cause becomes ``{"error": {"status", "code", "message",
"details"}}`` with a 4xx status; a browser asking for a page gets the same
message as a small HTML page instead. A 500 only ever means a bug.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from gethip.core.errors import GethipError, InvalidSettings, UnknownName
from gethip.core.profile import InvalidProfile
from gethip.store.database import StoreError
from gethip.store.practices import InvalidPracticeId, UnknownPractice
from gethip.web.pages.templating import templates

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid_input",
    500: "internal_error",
    503: "store_unavailable",
}


class InvalidInput(GethipError):
    """A well-formed request whose values do not make sense together (an index past the end)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NoProfile(GethipError):
    """The plan and the calendar hang off the profile, and none is saved yet."""

    def __init__(self) -> None:
        super().__init__("no profile yet: set your run days and times at /profile")


class UploadTooLarge(GethipError):
    def __init__(self, limit_bytes: int) -> None:
        super().__init__(f"the upload is larger than {limit_bytes // 1_000_000} MB")


def error_body(
    status: int, message: str, details: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    return {
        "error": {
            "status": status,
            "code": CODES.get(status, "error"),
            "message": message,
            "details": details or [],
        }
    }


def error_response(
    request: Request, status: int, message: str, details: list[dict[str, str]] | None = None
) -> Response:
    if _wants_page(request):
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "message": message, "page": None},
            status_code=status,
        )
    return JSONResponse(error_body(status, message, details), status_code=status)


def _wants_page(request: Request) -> bool:
    if request.url.path.startswith("/api/"):
        return False
    return "text/html" in request.headers.get("accept", "")


def _field(location: tuple[Any, ...] | list[Any]) -> str:
    # ("body", "pain") -> "pain"; ("path", "index") -> "index": the client knows where it sent it.
    parts = [str(part) for part in location]
    if parts and parts[0] in {"body", "path", "query"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_details(error: RequestValidationError) -> list[dict[str, str]]:
    # The offending input is not echoed back: it may be large, or someone else's text.
    details = []
    for item in error.errors():
        if item["type"] == "json_invalid":
            details.append({"field": "body", "message": "the body is not valid JSON"})
        else:
            details.append({"field": _field(item["loc"]), "message": item["msg"]})
    return details


async def _on_http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    message = error.detail if isinstance(error.detail, str) else "request failed"
    if error.status_code == 404 and message == "Not Found":
        message = f"nothing at {request.url.path}"
    response = error_response(request, error.status_code, message)
    if error.headers:
        response.headers.update(error.headers)
    return response


async def _on_validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    details = validation_details(error)
    first = details[0] if details else {"field": "body", "message": "invalid"}
    message = f"{first['field']}: {first['message']}"
    return error_response(request, 422, message, details)


async def _on_gethip_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, GethipError)
    if isinstance(error, UnknownName | UnknownPractice | NoProfile):
        return error_response(request, 404, str(error))
    if isinstance(error, UploadTooLarge):
        return error_response(request, 413, str(error))
    if isinstance(error, InvalidProfile):
        return error_response(
            request, 422, str(error), [{"field": error.field, "message": error.problem}]
        )
    if isinstance(error, InvalidInput):
        return error_response(
            request, 422, str(error), [{"field": error.field, "message": error.message}]
        )
    if isinstance(error, InvalidSettings | InvalidPracticeId):
        return error_response(request, 422, str(error))
    if isinstance(error, StoreError):
        return error_response(request, 503, str(error))
    return error_response(request, 400, str(error))


async def _on_database_down(request: Request, error: Exception) -> Response:
    # The database went away after start-up (a server restarting, a file
    # removed): the client may try again later, so this is 503, not a bug.
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path, error)
    return error_response(request, 503, "the database cannot be reached just now; try again")


async def _on_bug(request: Request, error: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return error_response(request, 500, "something went wrong on our side")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(GethipError, _on_gethip_error)
    app.add_exception_handler(OperationalError, _on_database_down)
    app.add_exception_handler(Exception, _on_bug)
