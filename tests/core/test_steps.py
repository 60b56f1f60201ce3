"""A runner's place in a session: moves and sides, never transitions."""

from __future__ import annotations

import pytest

from gethip.core.catalog import Catalog
from gethip.core.sessions import SessionBook
from gethip.core.steps import move_numbers, place
from gethip.core.timeline import SegmentKind, Settings, Side, compile_session


def test_the_openers_count_five_moves_however_many_segments(
    book: SessionBook, catalog: Catalog
) -> None:
    timeline = compile_session(book.get("openers"), catalog, Settings())
    assert len(timeline.segments) == 50
    assert move_numbers(timeline)[-1] == 5
    assert place(timeline, 0).text == "move 1 of 5"


def test_a_transition_belongs_to_the_move_it_leads_into(
    book: SessionBook, catalog: Catalog
) -> None:
    timeline = compile_session(book.get("openers"), catalog, Settings())
    transition = next(s for s in timeline.segments if s.kind == SegmentKind.TRANSITION)
    assert place(timeline, transition.index).move_number == 2
    assert place(timeline, transition.index + 1).move_number == 2


def test_the_second_side_says_so(book: SessionBook, catalog: Catalog) -> None:
    timeline = compile_session(book.get("openers"), catalog, Settings())
    left = next(s for s in timeline.segments if s.side == Side.LEFT)
    found = place(timeline, left.index)
    assert found.side == Side.LEFT
    assert found.text == "move 2 of 5, left side"


@pytest.mark.parametrize("minutes", [None, 12])
def test_a_shortened_session_keeps_every_move(
    book: SessionBook, catalog: Catalog, minutes: int | None
) -> None:
    timeline = compile_session(book.get("offday"), catalog, Settings(minutes=minutes or None))
    assert move_numbers(timeline)[-1] == len(book.get("offday").moves)
