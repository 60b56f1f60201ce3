"""Every route only a hosted server has, in one place."""

from __future__ import annotations

from fastapi import FastAPI

from gethip.web.hosted import (
    account_pages,
    auth_api,
    jobs_api,
    push_api,
    squad_pages,
    squads_api,
)


def include_hosted_routes(app: FastAPI) -> None:
    for router in (
        auth_api.router,
        account_pages.router,
        squads_api.router,
        jobs_api.router,
        push_api.router,
        squad_pages.router,
    ):
        app.include_router(router)
