"""A push service on this machine that does what a browser's does: check the VAPID signature, decrypt.

It holds a subscriber's key pair and auth secret, as a browser does, so what
it receives can be decrypted (RFC 8291, aes128gcm) and read back by the test.
An endpoint ending in /gone answers 410, as a service does for a dropped
subscription.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Received:
    path: str
    message: dict[str, Any]
    claims: dict[str, Any]
    ttl: str | None


@dataclass
class FakePushService:
    base: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    received: list[Received] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def subscription(self, device: str, lead_minutes: int = 15) -> dict[str, Any]:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": f"{self.base}/push/{device}",
            "keys": {"p256dh": b64(point), "auth": b64(self.auth)},
            "lead_minutes": lead_minutes,
        }

    def accept(self, path: str, headers: Any, body: bytes) -> int:
        if path.endswith("/gone"):
            return 410
        claims = self._verified_claims(headers.get("Authorization", ""))
        if claims is None or claims.get("aud") != self.base:
            self.refused.append(path)
            return 403
        clear = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm"
        )
        self.received.append(Received(path, json.loads(clear), claims, headers.get("TTL")))
        return 201

    def _verified_claims(self, authorization: str) -> dict[str, Any] | None:
        """RFC 8292: "vapid t=<JWT>, k=<public key>"; the JWT signed ES256 by that key."""
        if not authorization.startswith("vapid "):
            return None
        parts = dict(
            item.strip().split("=", 1) for item in authorization[len("vapid ") :].split(",")
        )
        head, payload, signature = parts["t"].split(".")
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(parts["k"]))
        raw = unb64(signature)
        der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
        key.verify(der, f"{head}.{payload}".encode(), ec.ECDSA(hashes.SHA256()))
        claims: dict[str, Any] = json.loads(unb64(payload))
        return claims


@contextmanager
def fake_push_service() -> Iterator[FakePushService]:
    private_key = ec.generate_private_key(ec.SECP256R1())
    service: FakePushService | None = None

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            assert service is not None
            status = service.accept(self.path, self.headers, body)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service = FakePushService(
        f"http://127.0.0.1:{server.server_address[1]}", private_key, os.urandom(16)
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()
