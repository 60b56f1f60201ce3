"""`gethip serve`: the web coach on this machine, on the same store as the command line."""

from __future__ import annotations

from typing import Annotated

import typer

from gethip.cli.context import AppContext


def serve(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(help="Address to listen on; 127.0.0.1 keeps it to this machine."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Start the web coach: the phone-first pages, the player and the JSON API."""
    # Imported here: every other command starts without loading a web server.
    import os
    import socket

    import uvicorn

    from gethip.cli.output import EXIT_FAILURE, console, fail
    from gethip.web.app import create_app

    app: AppContext = ctx.obj
    # The port is taken before anything is announced: a busy port is one line, not a
    # "running at" that is not true followed by a traceback.
    try:
        listener = socket.create_server((host, port), family=_family(host), reuse_port=False)
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        fail(f"cannot listen on {host}:{port}: {reason}", EXIT_FAILURE)
    web = create_app(app.config, store=app.store)
    shown = f"[{host}]" if ":" in host else host
    console.print(
        f"gethip is running at [bold]http://{shown}:{port}/[/]  (API: /api, Ctrl+C to stop)",
        highlight=False,
    )
    server = uvicorn.Server(
        uvicorn.Config(web, log_level="warning", access_log=False, timeout_graceful_shutdown=5)
    )
    server.run(sockets=[listener])


def _family(host: str) -> int:
    import socket

    return socket.AF_INET6 if ":" in host else socket.AF_INET
