"""The Jinja2 environment every page shares: autoescaping on, and a few display filters."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import jinja2
from fastapi.templating import Jinja2Templates

from gethip.shapes import local_zone

TEMPLATES = Path(__file__).parent / "templates"


def mmss(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def local_time(moment: datetime) -> str:
    return moment.astimezone(local_zone()).strftime("%a %d %b %H:%M")


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
