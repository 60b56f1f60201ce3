"""All JSON routes, under /api."""

from __future__ import annotations

from fastapi import APIRouter

from gethip.web.api import catalog, checks, downloads, plan, practices, runs, today

router = APIRouter(prefix="/api")
router.include_router(catalog.router)
router.include_router(downloads.router)
router.include_router(practices.router)
router.include_router(today.router)
router.include_router(plan.router)
router.include_router(runs.router)
router.include_router(checks.router)
