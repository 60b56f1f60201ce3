"""Options several commands share, declared once so their bounds and help cannot drift apart."""

from __future__ import annotations

from typing import Annotated

import typer

from gethip.core.limits import MAX_BREATH_SECONDS, MIN_BREATH_SECONDS

BreathSeconds = Annotated[
    float,
    typer.Option(min=MIN_BREATH_SECONDS, max=MAX_BREATH_SECONDS, help="Length of one deep breath."),
]
BudgetMinutes = Annotated[
    int | None,
    typer.Option(
        min=1, max=240, help="Fit the session into this many minutes (a labelled deviation)."
    ),
]
