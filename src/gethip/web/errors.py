"""One error shape for the whole web app, and the handlers that turn failures into it.

Every error a client can cause becomes ``{"error": {"status", "code", "message",
"details"}}`` with a 4xx status, its message in the words a runner uses; a
browser asking for a page gets the same message as a small HTML page instead.
A 500 only ever means a bug, and is logged once, without the request's body.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from gethip.app.accounts import (
    EmailTaken,
    InvalidAccount,
    NotSignedIn,
    TooManyAttempts,
    WrongCredentials,
)
from gethip.app.errors import (
    CheckConflict,
    Forbidden,
    GethipError,
    InstantOutOfRange,
    InvalidCheckId,
    InvalidInput,
    InvalidPracticeId,
    InvalidProfile,
    InvalidSettings,
    NoProfile,
    NotFound,
    NothingToResume,
    NotResumable,
    ProfileConflict,
    StoreError,
    UnknownCheck,
    UnknownName,
    UnknownPractice,
    UnknownRun,
)
from gethip.core.hipcheck import BadRecording, CheckRefused
from gethip.web.pages.templating import templates

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "not_signed_in",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid_input",
    429: "too_many_attempts",
    500: "internal_error",
    503: "store_unavailable",
}
# How long a client should wait before trying again when the database is busy.
RETRY_AFTER_SECONDS = 2


class Busy(GethipError):
    """The server is doing as much of this as it will at once: the client may try again soon."""


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
    # A union's branch name ("int", "str") says nothing to whoever sent the value.
    parts = [part for part in parts if part not in {"int", "str", "float", "list[str]"}]
    return ".".join(parts) or "body"


def plain_message(item: dict[str, Any]) -> str:
    """Pydantic's complaint about one value, said as what to change."""
    kind = item["type"]
    context = item.get("ctx") or {}
    bounds = {
        "greater_than_equal": "at least {ge}",
        "greater_than": "more than {gt}",
        "less_than_equal": "at most {le}",
        "less_than": "less than {lt}",
    }
    if kind in bounds:
        return "must be " + bounds[kind].format(**{k: _number(v) for k, v in context.items()})
    plain = {
        "missing": "is required",
        "extra_forbidden": "is not something this takes; leave it out",
        "int_parsing": "must be a whole number",
        "int_from_float": "must be a whole number",
        "float_parsing": "must be a number",
        "finite_number": "must be an ordinary number",
        "bool_parsing": "must be true or false",
        "string_too_long": f"is too long: at most {context.get('max_length')} characters",
        "string_too_short": f"is too short: at least {context.get('min_length')} characters",
        "too_long": f"has too many items: at most {context.get('max_length')}",
        "timezone_aware": "needs its time zone offset, like 2026-03-02T07:30:00+01:00",
        "datetime_parsing": "must be a date and time like 2026-03-02T07:30:00+01:00",
        "datetime_from_date_parsing": "must be a date and time like 2026-03-02T07:30:00+01:00",
        "date_parsing": "must be a date like 2026-03-02",
        "date_from_datetime_parsing": "must be a date like 2026-03-02",
        "uuid_parsing": "must be an id like 3666c3cd-8023-4528-b34d-2c5487fc994d",
        "enum": f"must be one of: {context.get('expected', '')}".replace("'", ""),
        "literal_error": f"must be one of: {context.get('expected', '')}".replace("'", ""),
        "json_invalid": "is not valid JSON",
        "model_attributes_type": "must be a JSON object",
        "dict_type": "must be a JSON object",
        "list_type": "must be a list",
        "string_type": "must be text",
        "int_type": "must be a whole number",
        "float_type": "must be a number",
    }
    if kind in plain:
        return plain[kind]
    message = str(item.get("msg", "is not valid"))
    return message.removeprefix("Value error, ")


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def validation_details(error: RequestValidationError) -> list[dict[str, str]]:
    # The offending input is not echoed back: it may be large, or someone else's text.
    details = []
    for item in error.errors():
        if item["type"] == "json_invalid":
            details.append({"field": "body", "message": "the body is not valid JSON"})
        else:
            details.append({"field": _field(item["loc"]), "message": plain_message(item)})
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
    message = "; ".join(f"{d['field']} {d['message']}" for d in details[:3]) or "invalid input"
    return error_response(request, 422, message, details)


def _with_field(field: str, message: str) -> list[dict[str, str]]:
    return [{"field": field, "message": message}]


async def _on_gethip_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, GethipError)
    if isinstance(
        error, UnknownName | UnknownPractice | UnknownRun | UnknownCheck | NoProfile | NotFound
    ):
        return error_response(request, 404, str(error))
    if isinstance(error, NotSignedIn):
        return _sign_in_first(request, error)
    if isinstance(error, WrongCredentials):
        return error_response(request, 401, str(error))
    if isinstance(error, TooManyAttempts):
        response = error_response(request, 429, str(error))
        response.headers["Retry-After"] = str(error.retry_after)
        return response
    if isinstance(error, InvalidAccount):
        return error_response(request, 422, str(error), _with_field(error.field, error.message))
    if isinstance(error, EmailTaken):
        return error_response(request, 409, str(error))
    if isinstance(error, Forbidden):
        return error_response(request, 403, str(error))
    if isinstance(error, UploadTooLarge):
        return error_response(request, 413, str(error))
    if isinstance(error, InvalidProfile):
        return error_response(request, 422, str(error), _with_field(error.field, error.problem))
    if isinstance(error, InvalidInput | InstantOutOfRange):
        return error_response(request, 422, str(error), _with_field(error.field, error.message))
    if isinstance(error, CheckRefused):
        # The frames cannot support a reading: the core's reason, said as it is.
        return error_response(request, 422, error.reason, _with_field("frames", error.reason))
    if isinstance(error, InvalidSettings | InvalidPracticeId | InvalidCheckId | BadRecording):
        return error_response(request, 422, str(error))
    if isinstance(error, NothingToResume | NotResumable | ProfileConflict | CheckConflict):
        return error_response(request, 409, str(error))
    if isinstance(error, StoreError | Busy):
        return _busy(request, str(error))
    return error_response(request, 400, str(error))


def _sign_in_first(request: Request, error: NotSignedIn) -> Response:
    """The API says 401; a page sends the browser to sign in, and back here afterwards."""
    if request.url.path.startswith("/api/"):
        return error_response(request, 401, str(error))
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    from urllib.parse import quote

    return RedirectResponse(f"/signin?next={quote(target, safe='')}", status_code=303)


def _busy(request: Request, message: str) -> Response:
    response = error_response(request, 503, message)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


async def _on_database_down(request: Request, error: Exception) -> Response:
    # The database went away or is busy (a server restarting, a long restore):
    # the client may try again shortly, so this is 503, not a bug.
    log.warning("database unavailable on %s %s", request.method, request.url.path)
    return _busy(request, "the database cannot be reached just now; try again in a moment")


async def _on_bug(request: Request, error: Exception) -> Response:
    from gethip.web.bugs import log_bug  # bugs.py words its answer with error_response

    log_bug(request.scope, error)
    return error_response(request, 500, "something went wrong on our side")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(GethipError, _on_gethip_error)
    app.add_exception_handler(OperationalError, _on_database_down)
    app.add_exception_handler(Exception, _on_bug)
