"""Reminder devices over HTTP: the server's public key, subscribing a device, unsubscribing it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from pydantic import Field

from gethip.app import push
from gethip.web.api.bodies import Body
from gethip.web.api.responses import errors
from gethip.web.dependencies import Ctx

router = APIRouter(prefix="/api/push", tags=["reminders"])


class Keys(Body):
    p256dh: str = Field(min_length=1, max_length=200)
    auth: str = Field(min_length=1, max_length=100)


class NewSubscription(Body):
    """What the browser's PushManager.subscribe() gives, and how early to remind."""

    endpoint: str = Field(min_length=1, max_length=1000)
    keys: Keys
    lead_minutes: int = Field(default=15, ge=push.MIN_LEAD, le=push.MAX_LEAD)
    expirationTime: float | None = None


@router.get("/key", summary="The server's VAPID public key (applicationServerKey)")
def get_key(request: Request) -> dict[str, str]:
    return {"public_key": push.public_key(request.app.state.store)}


@router.post(
    "/subscriptions",
    status_code=201,
    summary="Subscribe this device to reminders before each planned session",
    responses=errors(422),
)
def post_subscription(body: NewSubscription, ctx: Ctx) -> dict[str, Any]:
    made = push.subscribe(
        ctx.store,
        ctx.user,
        body.endpoint,
        body.keys.p256dh,
        body.keys.auth,
        body.lead_minutes,
        ctx.now,
    )
    return {"id": made.id, "lead_minutes": made.lead_minutes}


@router.delete(
    "/subscriptions/{subscription_id}",
    status_code=204,
    summary="Stop reminders on a device",
    responses=errors(404, 422),
)
def delete_subscription(
    subscription_id: Annotated[int, Path(ge=1, le=2**31 - 1)], ctx: Ctx
) -> Response:
    push.unsubscribe(ctx.store, ctx.user, subscription_id)
    return Response(status_code=204)
