"""The web app factory: one store, the JSON API, the pages, and what makes it an installable app."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from importlib.metadata import version as package_version
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from gethip.app.clock import Clock, clock_for
from gethip.app.context import Store, open_store
from gethip.config import Config, HostedConfig
from gethip.content import load_catalog, load_sessions
from gethip.scratch import sweep_stale
from gethip.web.api.checks import CHECKS_PATH, MAX_CHECK_BYTES
from gethip.web.api.responses import document_errors
from gethip.web.api.routes import router as api_router
from gethip.web.authority import authority_router
from gethip.web.body_cap import BodyCap
from gethip.web.bugs import CatchBugs
from gethip.web.defences import install_defences
from gethip.web.errors import install_error_handlers
from gethip.web.head import HeadAsGet
from gethip.web.identity import HostedIdentity, LocalIdentity
from gethip.web.pages.check import router as check_router
from gethip.web.pages.history import router as history_router
from gethip.web.pages.onboarding import router as onboarding_router
from gethip.web.pages.plan import router as plan_router
from gethip.web.pages.player import router as player_router
from gethip.web.pages.progress import router as progress_router
from gethip.web.pages.routes import router as pages_router
from gethip.web.pages.runs import router as runs_router
from gethip.web.pages.templating import TEMPLATES, templates
from gethip.web.pages.today import router as today_router

STATIC = Path(__file__).parent / "static"
# Third-party files fetched at set-up (the pose model, 25 MB): never stored by
# the service worker at install, only once a page has used them.
VENDOR = STATIC / "vendor"
VERSION = package_version("gethip")


def create_app(
    config: Config | str,
    *,
    store: Store | None = None,
    clock: Clock | None = None,
    hosts: Iterable[str] = (),
    authority: Path | None = None,
    hosted: HostedConfig | None = None,
) -> FastAPI:
    """An app on the configured store (opened and migrated now unless given, closed at shutdown).

    ``config`` may be just a database URL. ``clock`` is the app's one source of
    "now" (the system clock, or GETHIP_NOW's fixed instant). It answers the
    loopback names and ``hosts`` (the address it is served on), no others.
    ``authority``: the local certificate authority (PEM) to offer for download, under HTTPS.
    ``hosted``: a club's server (see web/hosted/): accounts, squads, queued jobs, reminders;
    its store is never migrated here, only by `gethip db upgrade`.
    """
    if isinstance(config, str):
        config = Config.load(database_url=config)
    store = store or open_store(config, upgrade=hosted is None)
    clock = clock or clock_for(config.now)
    # What a server killed mid-upload left behind goes before this one takes uploads.
    sweep_stale()

    queue = None
    if hosted is not None:
        from gethip.app.queue import deferring_app

        queue = deferring_app(config.database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if queue is not None:
            queue.open()
        yield
        if queue is not None:
            queue.close()
        store.close()

    app = FastAPI(
        title="gethip",
        version=VERSION,
        summary="A hip coach for runners: the program, compiled timelines and the practice log.",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.clock = clock
    app.state.identity = LocalIdentity(store)
    app.state.hosted = hosted
    app.state.queue = queue
    install_error_handlers(app)
    # Innermost first: a bug is answered inside every defence, so it carries the headers.
    app.add_middleware(CatchBugs)
    app.add_middleware(BodyCap, larger={CHECKS_PATH: MAX_CHECK_BYTES})
    install_defences(app, hosts, hosted=hosted is not None)
    app.add_middleware(HeadAsGet)
    if hosted is not None:
        from gethip.web.hosted.routes import include_hosted_routes

        app.state.identity = HostedIdentity(store, hosted.secret_key, clock)
        app.state.secret = hosted.secret_key
        include_hosted_routes(app)
    app.include_router(api_router)
    document_errors(app)
    for router in (
        today_router,
        onboarding_router,
        pages_router,
        player_router,
        history_router,
        progress_router,
        plan_router,
        runs_router,
        check_router,
    ):
        app.include_router(router)
    if authority is not None:
        app.include_router(authority_router(authority.read_bytes()))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _add_app_shell(app)
    return app


def offline_urls() -> list[str]:
    """What the service worker stores at install: every page and the data the player needs."""
    return shell_urls() + personal_urls()


def shell_urls() -> list[str]:
    """The program and the app itself: the same for everyone, public in hosted mode too."""
    sessions = load_sessions()
    pages = ["/moves", "/check"] + [f"/moves/{move.id}" for move in load_catalog()]
    data = ["/api/moves", "/api/sessions"]
    data += [f"/api/sessions/{session.id}/timeline" for session in sessions]
    assets = sorted(
        "/static/" + path.relative_to(STATIC).as_posix()
        for path in STATIC.rglob("*")
        if path.is_file() and path.name != "sw.js" and not path.is_relative_to(VENDOR)
    )
    return pages + data + assets


def personal_urls() -> list[str]:
    """A runner's own pages: kept per user, and in hosted mode only once someone has signed in."""
    pages = ["/", "/history", "/progress", "/plan", "/runs", "/profile"]
    pages += [f"/play/{session.id}" for session in load_sessions()]
    return [*pages, "/api/today"]


def shell_version() -> str:
    """Changes whenever a page template or a static file does, so browsers refresh their copy."""
    digest = hashlib.sha256(VERSION.encode())
    for folder in (STATIC, TEMPLATES):
        for path in sorted(folder.rglob("*")):
            # A vendored package is named by its stamp (version and checksum):
            # hashing 25 MB of model at every start would only slow it down.
            if path.is_relative_to(VENDOR) and path.name != ".fetched":
                continue
            if path.is_file():
                digest.update(path.as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _add_app_shell(app: FastAPI) -> None:
    version = shell_version()
    shell, personal = shell_urls(), personal_urls()
    hosted = app.state.hosted is not None

    # The worker must be served from the root to control every page.
    @app.get("/sw.js", include_in_schema=False)
    def service_worker(request: Request) -> Response:
        response = templates.TemplateResponse(
            request,
            "sw.js",
            {"version": version, "shell": shell, "personal": personal, "hosted": hosted},
            media_type="text/javascript",
        )
        response.headers["Cache-Control"] = "no-cache"
        return response

    @app.get("/manifest.webmanifest", include_in_schema=False)
    def manifest() -> FileResponse:
        return FileResponse(STATIC / "manifest.webmanifest", media_type="application/manifest+json")
