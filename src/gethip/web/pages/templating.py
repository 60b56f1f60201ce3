"""The Jinja2 environment every page shares: autoescaping on, and a few display filters."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse

from gethip.core.durations import mmss

if TYPE_CHECKING:
    from gethip.app.context import Context

TEMPLATES = Path(__file__).parent / "templates"


def local_time(moment: datetime, ctx: Context) -> str:
    """When, where the runner is: the year shown only when it is not this one."""
    local = moment.astimezone(ctx.zone)
    pattern = "%a %d %b %H:%M" if local.year == ctx.today.year else "%a %d %b %Y %H:%M"
    return local.strftime(pattern)


def signed(value: float) -> str:
    return f"{value:+.1f}"


# Autoescape everything, not only *.html: the chart partials are SVG.
_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters["mmss"] = mmss
_environment.filters["local_time"] = local_time
_environment.filters["signed"] = signed

templates = Jinja2Templates(env=_environment)


def page(
    request: Request, name: str, current: str | None, status: int = 200, **context: Any
) -> HTMLResponse:
    """One template, told which page of the navigation it is (and, when hosted, who is signed in)."""
    response: HTMLResponse = templates.TemplateResponse(
        request,
        name,
        {"page": current, "account": _signed_in(request), **context},
        status_code=status,
    )
    return response


def _signed_in(request: Request) -> Any:
    identity = request.app.state.identity
    if not identity.hosted:
        return None
    from gethip.app.accounts import me

    user = identity.signed_in(request)
    return None if user is None else me(request.app.state.store, user)
