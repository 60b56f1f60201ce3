"""The local certificate authority, served for the phone to download and trust (see local_ca.py)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from gethip.web.local_ca import authority_der

CA_PATH = "/ca.crt"


def authority_router(authority_pem: bytes) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    der = authority_der(authority_pem)

    # The media type Android's and iOS's browsers hand to their certificate installer.
    @router.get(CA_PATH)
    def certificate_der() -> Response:
        return Response(
            der,
            media_type="application/x-x509-ca-cert",
            headers={"content-disposition": 'attachment; filename="gethip-ca.crt"'},
        )

    @router.get("/ca.pem")
    def certificate_pem() -> Response:
        return Response(
            authority_pem,
            media_type="application/x-pem-file",
            headers={"content-disposition": 'attachment; filename="gethip-ca.pem"'},
        )

    return router
