"""A page of a list: how many, and from before which instant (newest first)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query

DEFAULT_PAGE = 50
MAX_PAGE = 500

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="how many, newest first")]
Before = Annotated[
    datetime | None,
    Query(description="only those from before this instant (the last one of the page before)"),
]
