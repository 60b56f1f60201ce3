"""Hip checks over HTTP: the page's landmarks in, the core's readings out, per runner.

The /check page (or any client) PUTs each side's recording, in the format
`gethip check --landmarks` reads, under a UUID it made: the server measures it
with the core, so what is kept is the core's reading, not the client's. The
same recording under the same id again is answered 200 and changes nothing
(the outbox may send twice); another recording under an id already kept is a
409; frames the core cannot read are a 422 with its reason. A DELETE removes
one reading (a trial where the camera slipped) and the comparisons, read from
what is kept, follow.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from gethip.app import checks
from gethip.shapes import check_json, checks_json
from gethip.web.api.bodies import CheckRecording
from gethip.web.api.practices import created_or_not
from gethip.web.api.responses import ERRORS, errors
from gethip.web.dependencies import Ctx

# Three 8-second holds at 30 frames a second are 720 frames of 33 landmarks,
# about 2 MB of JSON as a browser writes the numbers (4 MB at 60 frames a
# second). 16 MB leaves room for longer holds and a faster camera; the app's
# body cap (web/body_cap.py) refuses anything larger before it is parsed, and
# every other JSON body at its usual 1 MB.
MAX_CHECK_BYTES = 16 * 1024 * 1024
CHECKS_PATH = "/api/checks/"

router = APIRouter(tags=["checks"])


@router.get(
    "/checks",
    summary="The hip checks kept, newest first, compared left with right and over time",
    responses=ERRORS,
)
def get_checks(ctx: Ctx) -> dict[str, Any]:
    return checks_json(checks.history(ctx))


@router.put(
    "/checks/{check_id}",
    summary="Keep one side's hip check, measured here from its landmarks (again: nothing changes)",
    responses=created_or_not("measured and kept", "already kept") | errors(404, 409, 413, 422),
)
def put_check(
    check_id: UUID, recording: CheckRecording, ctx: Ctx, response: Response
) -> dict[str, Any]:
    reading, created = checks.save(ctx, str(check_id), recording)
    response.status_code = 201 if created else 200
    return check_json(reading)


@router.delete(
    "/checks/{check_id}",
    summary="Remove one hip check reading",
    status_code=204,
    responses=errors(404, 422),
)
def delete_check(check_id: UUID, ctx: Ctx) -> Response:
    checks.delete(ctx, str(check_id))
    return Response(status_code=204)
