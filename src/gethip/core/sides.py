"""Which side of the body a piece of work is for.

Its own module because both the compiler (a segment's side) and the
demonstration figure (which side is drawn working) need it, and the figure's
module is imported by the catalog, which the compiler imports.
"""

from __future__ import annotations

from enum import StrEnum


class Side(StrEnum):
    RIGHT = "right"
    LEFT = "left"

    @property
    def other(self) -> Side:
        return Side.LEFT if self is Side.RIGHT else Side.RIGHT
