"""The error answers each route can give, for the OpenAPI: every one in the one error shape."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

_MEANING = {
    400: "a request gethip cannot take (a foreign host, a bad form)",
    401: "hosted mode: sign in first (or the email and password do not match)",
    403: "refused: a request from another site",
    404: "nothing of yours at this address",
    409: "it cannot be done in the state things are in",
    413: "the body is too large",
    422: "a value is wrong; details name each field",
    429: "too many failed sign-ins: wait Retry-After seconds",
    503: "the database is busy or away; try again after Retry-After seconds",
}
_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message", "details"],
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                    },
                },
            },
        }
    },
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these error statuses (merge with ``|``)."""
    return {
        status: {
            "description": _MEANING[status],
            "content": {"application/json": {"schema": _SCHEMA}},
        }
        for status in statuses
    }


ERRORS = errors(422)


# Every operation can meet these: a foreign Host (400), the database busy or away (503);
# every write also a request from another site (403) and a body too large (413).
_EVERYWHERE = (400, 503)
_WRITES = (403, 413)
_UNSAFE = {"post", "put", "patch", "delete"}


def document_errors(app: FastAPI) -> None:
    """Add to the app's OpenAPI every error answer its operations can give."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                statuses = list(_EVERYWHERE)
                if method in _UNSAFE:
                    statuses += _WRITES
                if "{" in path:
                    statuses.append(404)
                responses = operation.setdefault("responses", {})
                for status, answer in errors(*statuses).items():
                    responses.setdefault(str(status), answer)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
