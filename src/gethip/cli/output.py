"""How every command speaks: JSON on stdout, one clear line on stderr for errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from rich.console import Console

    # Made on first use (see __getattr__): Rich takes tens of milliseconds to
    # import, and a command that prints JSON never needs it.
    console: Console
    errors: Console

# Exit codes: 1 for a failure at run time (a database that cannot be opened),
# 2 for bad input (an unknown name, a value out of range), as Click does.
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


@cache
def _console(stderr: bool) -> Console:
    from rich.console import Console

    return Console(stderr=stderr)


def __getattr__(name: str) -> Any:
    if name == "console":
        return _console(stderr=False)
    if name == "errors":
        return _console(stderr=True)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def fail(message: str, code: int = EXIT_FAILURE) -> NoReturn:
    _console(stderr=True).print(
        f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True
    )
    raise SystemExit(code)


def delete_after_asking(
    what: str, yes: bool, remove: Callable[[], None], warning: str = "It cannot be undone"
) -> None:
    """Remove ``what`` once the runner says so at a terminal (or gave --yes, or is a script)."""
    import typer

    if not yes and sys.stdin.isatty() and not typer.confirm(f"Delete {what}? {warning}"):
        _console(stderr=False).print("Kept.")
        return
    remove()
    _console(stderr=False).print(f"Deleted {what}.", highlight=False)
