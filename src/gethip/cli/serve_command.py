"""`gethip serve`: the web coach on this machine, on the same store as the command line."""

from __future__ import annotations

import socket
from typing import Annotated, Any

import typer

from gethip.cli.context import AppContext


def serve(
    ctx: typer.Context,
    host: Annotated[
        str | None,
        typer.Option(
            help="Address to listen on; 127.0.0.1 (the default) keeps it to this machine."
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(min=1, max=65535, help="Port to listen on [default: 8000, 8443 with --lan]."),
    ] = None,
    lan: Annotated[
        bool,
        typer.Option(
            "--lan",
            help="Serve your phone on the same Wi-Fi, over HTTPS with gethip's own certificate.",
        ),
    ] = False,
    lan_address: Annotated[
        str | None,
        typer.Option(
            help="With --lan: this machine's address on the network, if not the found one."
        ),
    ] = None,
    open_ok: Annotated[
        bool,
        typer.Option(
            "--i-know-this-is-open",
            help="Allow --host on an address others can reach, over plain HTTP.",
        ),
    ] = False,
    hosted: Annotated[
        bool,
        typer.Option(
            "--hosted",
            help="A club's server: accounts and squads on PostgreSQL, behind an HTTPS proxy "
            "(needs GETHIP_SECRET_KEY; run `gethip db upgrade` first).",
        ),
    ] = False,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="With --hosted: server processes to run.")
    ] = 1,
) -> None:
    """Start the web coach: the phone-first pages, the player and the JSON API."""
    if hosted:
        _serve_hosted(ctx.obj, host or "127.0.0.1", port or 8000, workers)
        return
    if workers != 1:
        from gethip.cli.output import EXIT_BAD_INPUT, fail

        fail("--workers goes with --hosted: the local coach is one process", EXIT_BAD_INPUT)
    # Imported here: every other command starts without loading a web server.
    from datetime import UTC, datetime

    from gethip.cli.output import EXIT_BAD_INPUT, console, errors, fail
    from gethip.core.errors import GethipError
    from gethip.web import listening
    from gethip.web.app import create_app

    app: AppContext = ctx.obj
    hostname = socket.gethostname()
    try:
        if lan_address is not None and not lan:
            raise GethipError("--lan-address goes with --lan")
        if lan and host is not None:
            raise GethipError("--lan finds its own address; to choose it, use --lan-address")
        if lan:
            address = listening.lan_address(lan_address)
            where = listening.on_lan(address, port or 8443, hostname=hostname)
        else:
            where = listening.plain(
                host or "127.0.0.1", port or 8000, open_ok=open_ok, hostname=hostname
            )
    except GethipError as error:
        fail(str(error), EXIT_BAD_INPUT)

    # The port is taken before anything is announced: a busy port is one line, not a
    # "running at" that is not true followed by a traceback.
    listener = _listen(where.host, where.port)
    if not where.https:
        web = create_app(app.config, store=app.store, hosts=where.names)
        console.print(
            f"gethip is running at [bold]{where.url()}[/]  (API: /api, Ctrl+C to stop)",
            highlight=False,
        )
        if where.open:
            errors.print(
                "[bold red]Warning:[/] this is open to your whole network over plain HTTP: "
                "anyone on the network can read and change your data (your profile, "
                "practices and runs). Use --lan for HTTPS instead.",
                highlight=False,
            )
        _run(web, listener)
        return

    from gethip.cli.phone import show_phone_steps
    from gethip.web.local_ca import ensure_server_certificate

    certificate = ensure_server_certificate(
        app.config.data_dir / "tls",
        address,
        [name for name in where.names if name != str(address)],
        hostname,
        datetime.now(UTC),
    )
    web = create_app(
        app.config, store=app.store, hosts=where.names, authority=certificate.files.authority
    )
    show_phone_steps(console, where.url(), certificate)
    _run(
        web,
        listener,
        ssl_certfile=str(certificate.files.server),
        ssl_keyfile=str(certificate.files.server_key),
    )


def _listen(host: str, port: int) -> socket.socket:
    import os

    from gethip.cli.output import EXIT_FAILURE, fail

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        listener = socket.create_server((host, port), family=family)
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        fail(f"cannot listen on {host}:{port}: {reason}", EXIT_FAILURE)
    # Each connection accepted inherits this. Without it, on a kept-alive connection (every
    # browser's), Nagle's algorithm held an answer's body until the client acknowledged its
    # headers, which the client delays by 40 ms: every answer took at least 40 ms.
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return listener


def _run(
    web: Any,
    listener: socket.socket,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
) -> None:
    import uvicorn

    config = uvicorn.Config(
        web,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=5,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
    )
    uvicorn.Server(config).run(sockets=[listener])


def _serve_hosted(app: AppContext, host: str, port: int, workers: int) -> None:
    """Several workers from the app factory; each opens the store, none migrates it."""
    import uvicorn

    from gethip.app.context import open_store
    from gethip.cli.output import EXIT_BAD_INPUT, EXIT_FAILURE, console, fail
    from gethip.config import ConfigError
    from gethip.core.errors import GethipError
    from gethip.web.hosted.factory import FACTORY

    try:
        app.config.for_hosting()
    except ConfigError as error:
        fail(str(error), EXIT_BAD_INPUT)
    try:
        # Refused here, once, if the schema is behind: not by every worker in turn.
        open_store(app.config, upgrade=False).close()
    except GethipError as error:
        fail(str(error), EXIT_FAILURE)
    # Bound here, not by uvicorn: a busy port is one line before anything is announced,
    # and the workers share a socket that answers without Nagle's 40 ms wait.
    listener = _listen(host, port)
    app.config.export_to_environment()
    console.print(
        f"gethip (hosted, {workers} worker{'s' if workers != 1 else ''}) is running at "
        f"[bold]http://{host}:{port}/[/]; put an HTTPS proxy in front (README: "
        "Hosting gethip for a club)",
        highlight=False,
    )
    config = uvicorn.Config(
        FACTORY,
        factory=True,
        workers=workers,
        log_level="warning",
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips=app.config.trusted_proxies,
        timeout_graceful_shutdown=5,
    )
    if workers > 1:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[listener]).run()
    else:
        uvicorn.Server(config).run(sockets=[listener])
