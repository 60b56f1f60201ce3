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
    import uvicorn

    from gethip.cli.output import console
    from gethip.web.app import create_app

    app: AppContext = ctx.obj
    web = create_app(app.config.database_url)
    shown = f"[{host}]" if ":" in host else host
    console.print(
        f"gethip is running at [bold]http://{shown}:{port}/[/]  (API: /api, Ctrl+C to stop)",
        highlight=False,
    )
    uvicorn.run(web, host=host, port=port, log_level="warning", access_log=False)
