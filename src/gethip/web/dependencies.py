"""What routes receive: the context of the request (who, in which time zone, when).

The store is opened once, by the app; each request gets its own context from
it: the local user in local mode, the signed-in one in hosted mode (see
identity.py), the profile's time zone, and now from the app's one clock.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from gethip.app.context import Context, context_for


def request_context(request: Request) -> Context:
    state = request.app.state
    return context_for(state.store, state.identity.user(request), state.clock)


def calendar_context(request: Request) -> Context:
    """The calendar feed's owner: named by the secret in its address when hosted."""
    state = request.app.state
    return context_for(state.store, state.identity.calendar_user(request), state.clock)


Ctx = Annotated[Context, Depends(request_context)]
CalendarCtx = Annotated[Context, Depends(calendar_context)]
