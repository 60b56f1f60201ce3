"""The accounts API: register, sign in (the session cookie), sign out, and who I am."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from gethip.app import accounts
from gethip.web.api.bodies import Body
from gethip.web.api.responses import errors
from gethip.web.csrf import new_token_cookie
from gethip.web.dependencies import Ctx
from gethip.web.identity import SESSION_COOKIE, clear_session_cookie, set_session_cookie

router = APIRouter(prefix="/api/auth", tags=["accounts"])


class Registration(Body):
    email: str = Field(max_length=accounts.MAX_EMAIL, examples=["sam@example.org"])
    password: str = Field(max_length=accounts.MAX_PASSWORD)
    name: str = Field(max_length=accounts.MAX_NAME, examples=["Sam"])


class Credentials(Body):
    email: str = Field(max_length=accounts.MAX_EMAIL)
    password: str = Field(max_length=accounts.MAX_PASSWORD)


def account_json(account: accounts.Account) -> dict[str, Any]:
    return {"id": account.id, "email": account.email, "name": account.name}


def client_address(request: Request) -> str:
    # Behind the proxy, uvicorn has already put the client's own address here.
    return (request.client.host if request.client else "unknown")[:64]


@router.post("/register", status_code=201, summary="Make an account", responses=errors(409, 422))
async def register(request: Request, body: Registration) -> dict[str, Any]:
    state = request.app.state
    account = await run_in_threadpool(
        accounts.register, state.store, body.email, body.password, body.name, state.clock.now()
    )
    return account_json(account)


def sign_in(request: Request, response: Response, email: str, password: str) -> int:
    """Open a session and hand its cookie (and a fresh form token) to the browser."""
    state = request.app.state
    signed = accounts.login(
        state.store,
        state.secret,
        email,
        password,
        client_address(request),
        state.clock.now(),
    )
    set_session_cookie(response, request, signed.token)
    token, cookie = new_token_cookie(request.url.scheme == "https")
    response.headers.append("set-cookie", cookie)
    request.state.csrf_token = token
    return signed.user


@router.post("/login", summary="Sign in: sets the session cookie", responses=errors(401, 422, 429))
async def login(request: Request, response: Response, body: Credentials) -> dict[str, Any]:
    user = await run_in_threadpool(sign_in, request, response, body.email, body.password)
    account = await run_in_threadpool(accounts.me, request.app.state.store, user)
    return account_json(account) | {"csrf_token": request.state.csrf_token}


def sign_out(request: Request, response: Response) -> None:
    state = request.app.state
    accounts.logout(
        state.store, state.secret, request.cookies.get(SESSION_COOKIE), state.clock.now()
    )
    clear_session_cookie(response, request)


@router.post("/logout", status_code=204, summary="Sign out: the session ends everywhere")
async def logout(request: Request) -> Response:
    response = Response(status_code=204)
    await run_in_threadpool(sign_out, request, response)
    return response


@router.get("/me", summary="The signed-in account", responses=errors(401))
def me(ctx: Ctx) -> dict[str, Any]:
    return account_json(accounts.me(ctx.store, ctx.user))
