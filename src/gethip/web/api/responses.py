"""The error answers each route can give, for the OpenAPI: every one in the one error shape."""

from __future__ import annotations

from typing import Any

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
