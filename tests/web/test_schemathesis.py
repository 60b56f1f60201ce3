"""Every operation of the OpenAPI, fuzzed from its own schema: no 500, no answer off the schema.

Schemathesis generates requests from /openapi.json (a fixed seed, a modest number
of examples, so it stays quick), first one operation at a time, then as
sequences of calls linked by the ids one call answers and the next one takes.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from gethip.web.app import create_app

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
QUICK = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


@pytest.fixture
def api_schema(database_url: str) -> schemathesis.BaseSchema:
    # Schemathesis calls the app by the test client's name: the app answers to it.
    app = create_app(database_url, hosts=["testserver"])
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def operations(schema: schemathesis.BaseSchema) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_answers_within_its_schema(api_schema: schemathesis.BaseSchema) -> None:
    tried = []
    for operation in operations(api_schema):

        @given(case=operation.as_strategy())
        @QUICK
        def fuzz(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=CHECKS)

        fuzz()
        tried.append(operation.label)
    assert len(tried) >= 20, tried


def test_sequences_of_calls_answer_within_the_schema(api_schema: schemathesis.BaseSchema) -> None:
    machine = api_schema.as_state_machine()

    class Checked(machine):  # type: ignore[misc, valid-type]
        def validate_response(self, response, case, additional_checks=None, **kwargs):  # type: ignore[no-untyped-def]
            case.validate_response(response, checks=CHECKS)

    Checked.run(settings=settings(QUICK, max_examples=40, stateful_step_count=8))
