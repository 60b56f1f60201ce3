"""All JSON routes, under /api."""

from __future__ import annotations

from fastapi import APIRouter

from gethip.web.api import catalog, practices, today

router = APIRouter(prefix="/api")
router.include_router(catalog.router)
router.include_router(practices.router)
router.include_router(today.router)
