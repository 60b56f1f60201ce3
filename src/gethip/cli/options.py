"""Options several commands share, declared once so their bounds and help cannot drift apart."""

from __future__ import annotations

from typing import Annotated

import typer

from gethip.core.limits import (
    MAX_BREATH_SECONDS,
    MAX_BUDGET_MINUTES,
    MIN_BREATH_SECONDS,
    MIN_BUDGET_MINUTES,
    RATING_MAX,
    RATING_MIN,
)

BreathSeconds = Annotated[
    float,
    typer.Option(min=MIN_BREATH_SECONDS, max=MAX_BREATH_SECONDS, help="Length of one deep breath."),
]
BudgetMinutes = Annotated[
    int | None,
    typer.Option(
        min=MIN_BUDGET_MINUTES,
        max=MAX_BUDGET_MINUTES,
        help="Fit the session into this many minutes (a labelled deviation).",
    ),
]
Rating = Annotated[int | None, typer.Option(min=RATING_MIN, max=RATING_MAX)]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
NewestLimit = Annotated[
    int | None, typer.Option("--limit", min=1, help="Only the newest this many.")
]
YesFlag = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")]
