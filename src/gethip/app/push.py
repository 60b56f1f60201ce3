"""Web Push: the server's VAPID keys, made once and kept in the database, and sending one message.

Every worker and server process reads the same key pair, so a browser that
subscribed through one of them accepts pushes sent by any. A push service
that answers 404 or 410 has forgotten the subscription (the runner
uninstalled the app, or revoked permission): it is dropped, never retried.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from gethip.app.context import Store
from gethip.app.errors import InvalidInput, NotFound
from gethip.store import push as rows
from gethip.store.push import Subscription, Subscriptions

VAPID_KEY = "vapid"
GONE = frozenset({404, 410})
# A reminder not delivered within this long is not worth delivering.
TTL_SECONDS = 30 * 60
DEFAULT_CONTACT = "mailto:admin@localhost"
MIN_LEAD, MAX_LEAD = 0, 240


def vapid(store: Store) -> Any:
    """The server's VAPID key pair (py_vapid's Vapid02), made on first use."""
    from py_vapid import Vapid02

    pem = rows.server_key(store, VAPID_KEY)
    if pem is None:
        made = Vapid02()
        made.generate_keys()
        pem = rows.keep_server_key(store, VAPID_KEY, made.private_pem().decode(), datetime.now(UTC))
    return Vapid02.from_pem(pem.encode())


def public_key(store: Store) -> str:
    """The applicationServerKey a browser subscribes with: the raw P-256 point, base64url."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    point = vapid(store).public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(point).rstrip(b"=").decode()


def subscribe(
    store: Store, user: int, endpoint: str, p256dh: str, auth: str, lead: int, now: datetime
) -> Subscription:
    if not _acceptable(endpoint):
        raise InvalidInput("endpoint", "must be a push service's https:// address")
    if not MIN_LEAD <= lead <= MAX_LEAD:
        raise InvalidInput("lead_minutes", f"must be {MIN_LEAD} to {MAX_LEAD}")
    return Subscriptions(store, user).add(endpoint, p256dh, auth, lead, now)


def _acceptable(endpoint: str) -> bool:
    # Plain HTTP only on this machine (a push service under test); real ones are all HTTPS.
    return endpoint.startswith("https://") or endpoint.startswith(
        ("http://127.0.0.1:", "http://localhost:")
    )


def unsubscribe(store: Store, user: int, subscription_id: int) -> None:
    if not Subscriptions(store, user).remove(subscription_id):
        raise NotFound("no device of yours at this address")


@dataclass
class PushService:
    store: Store
    contact: str

    def send(self, subscription: Subscription, message: dict[str, Any]) -> bool:
        """Deliver one message; False (and the subscription dropped) when the service says gone."""
        from pywebpush import WebPushException, webpush

        try:
            webpush(
                {
                    "endpoint": subscription.endpoint,
                    "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                },
                json.dumps(message),
                vapid_private_key=vapid(self.store),
                vapid_claims={"sub": self.contact},
                ttl=TTL_SECONDS,
                timeout=10,
            )
        except WebPushException as error:
            status = error.response.status_code if error.response is not None else None
            if status in GONE:
                rows.drop(self.store, subscription.id)
                return False
            raise
        return True


def push_service(store: Store, contact: str | None) -> PushService:
    address = contact or DEFAULT_CONTACT
    if "@" in address and not address.startswith(("mailto:", "https:")):
        address = f"mailto:{address}"
    return PushService(store, address)
