"""How every command speaks: JSON on stdout, one clear line on stderr for errors."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

from rich.console import Console

# Exit codes: 1 for a failure at run time (a database that cannot be opened),
# 2 for bad input (an unknown name, a value out of range), as Click does.
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2

console = Console()
errors = Console(stderr=True)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def fail(message: str, code: int = EXIT_FAILURE) -> NoReturn:
    errors.print(f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True)
    raise SystemExit(code)
