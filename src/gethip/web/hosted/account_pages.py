"""Sign-up, sign-in and sign-out pages: plain forms over the same use cases as the accounts API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from gethip.app import accounts
from gethip.app.accounts import EmailTaken, InvalidAccount, WrongCredentials
from gethip.web.csrf import check_form_token
from gethip.web.hosted.auth_api import sign_in, sign_out
from gethip.web.pages.templating import page

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only a path on this site: a link to sign in must not send the runner elsewhere after."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


async def _form(request: Request) -> dict[str, str]:
    form = await request.form(max_files=0, max_fields=10, max_part_size=8 * 1024)
    check_form_token(request, form)
    return {key: str(value) for key, value in form.items()}


@router.get("/signin", response_class=HTMLResponse)
def signin_page(
    request: Request, next: Annotated[str | None, Query(max_length=500)] = None
) -> HTMLResponse:
    return page(request, "signin.html", "signin", next=safe_next(next), error=None, email="")


@router.post("/signin", response_class=HTMLResponse)
async def signin(request: Request) -> Response:
    form = await _form(request)
    target = safe_next(form.get("next"))
    response = RedirectResponse(target, status_code=303)
    try:
        await run_in_threadpool(
            sign_in, request, response, form.get("email", ""), form.get("password", "")
        )
    except WrongCredentials as error:
        return page(
            request,
            "signin.html",
            "signin",
            status=401,
            next=target,
            error=str(error),
            email=form.get("email", ""),
        )
    return response


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request) -> HTMLResponse:
    return page(request, "signup.html", "signup", error=None, values={})


@router.post("/signup", response_class=HTMLResponse)
async def signup(request: Request) -> Response:
    form = await _form(request)
    state = request.app.state
    try:
        await run_in_threadpool(
            accounts.register,
            state.store,
            form.get("email", ""),
            form.get("password", ""),
            form.get("name", ""),
            state.clock.now(),
        )
    except (InvalidAccount, EmailTaken) as error:
        values = {"email": form.get("email", ""), "name": form.get("name", "")}
        status = 409 if isinstance(error, EmailTaken) else 422
        return page(
            request, "signup.html", "signup", status=status, error=str(error), values=values
        )
    response = RedirectResponse("/profile", status_code=303)
    await run_in_threadpool(
        sign_in, request, response, form.get("email", ""), form.get("password", "")
    )
    return response


@router.post("/signout")
async def signout(request: Request) -> Response:
    # The page's script clears this device's copies of the runner's data (see static/js/account.js).
    response = RedirectResponse("/signin?signed_out=1", status_code=303)
    await run_in_threadpool(sign_out, request, response)
    return response
