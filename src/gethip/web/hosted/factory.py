"""The hosted app, made in each server worker from the environment (`gethip serve --hosted`).

uvicorn (or gunicorn with uvicorn workers) imports this factory in every
worker process; the command that starts them has checked the settings and
put them in the environment already. Workers never migrate: a database that
is behind is refused, naming `gethip db upgrade`.
"""

from __future__ import annotations

from fastapi import FastAPI

from gethip.app.clock import Clock
from gethip.app.context import Store
from gethip.config import Config
from gethip.web.app import create_app

FACTORY = "gethip.web.hosted.factory:app_from_environment"


def create_hosted_app(
    config: Config, *, store: Store | None = None, clock: Clock | None = None
) -> FastAPI:
    hosted = config.for_hosting()
    return create_app(config, store=store, clock=clock, hosts=config.hosts, hosted=hosted)


def app_from_environment() -> FastAPI:
    return create_hosted_app(Config.load())
