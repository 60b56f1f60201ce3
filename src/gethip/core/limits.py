"""The bounds of what a runner can ask for, as plain numbers, in one place.

They live apart from the models that enforce them so that the command line can
show them in its options without loading Pydantic at start-up.
"""

from __future__ import annotations

DEFAULT_BREATH_SECONDS = 6.0
MIN_BREATH_SECONDS = 3.0
MAX_BREATH_SECONDS = 15.0

# A time budget for one session: from a minute to an afternoon.
MIN_BUDGET_MINUTES = 1
MAX_BUDGET_MINUTES = 240

RATING_MIN = 0
RATING_MAX = 10
