"""The printable card: one page per session, the moves in order with doses, cues and time."""

from __future__ import annotations

import pytest

from gethip.content import load_catalog, load_sessions
from gethip.core.catalog import describe_dose
from gethip.core.timeline import Settings, compile_session
from gethip.exports.card import session_card

# A printed page holds about 60 lines of body text.
PAGE_LINES = 60


def card(session_id: str, settings: Settings | None = None) -> str:
    session = load_sessions().get(session_id)
    timeline = compile_session(session, load_catalog(), settings or Settings())
    return session_card(timeline, session, load_catalog())


@pytest.mark.parametrize("session_id", load_sessions().ids)
def test_every_session_card_lists_its_moves_in_order_with_doses_and_cues(session_id: str) -> None:
    text = card(session_id)
    catalog = load_catalog()
    session = load_sessions().get(session_id)
    assert text.startswith(f"# {session.name}\n")
    positions = []
    for number, move_id in enumerate(session.moves, 1):
        move = catalog.get(move_id)
        line = next(line for line in text.splitlines() if f"**{move.name}**" in line)
        assert line.startswith(f"{number}. ")
        assert describe_dose(move.dose) in line
        assert " · ".join(move.cues) in text
        positions.append(text.index(f"**{move.name}**"))
    assert positions == sorted(positions)
    assert len(text.splitlines()) <= PAGE_LINES


def test_the_card_gives_the_total_time_and_each_moves_time() -> None:
    text = card("openers")
    assert "**22:30** in all" in text
    # The skating squat is 60 s of work; its lead-in belongs to the pause before it.
    assert "60 s, alternating sides · 1:00" in text
    # The bridge: 2 legs x 8 reps x 2 holds x 5 breaths x 6 s, and the 5 s switch.
    assert "· 16:05" in text


def test_the_card_shows_the_breath_length_it_was_timed_with() -> None:
    assert "one deep breath ≈ 4.5 s" in card("openers", Settings(breath_seconds=4.5))


def test_a_shortened_session_prints_the_deviation_and_the_shortened_doses() -> None:
    text = card("openers", Settings(minutes=10))
    assert "> **Shortened to fit 10 min (as written: 22:30)**" in text
    assert "> - Skating Squat: 60 s, alternating sides → 26 s, alternating sides" in text
    assert "**Skating Squat** — 26 s, alternating sides (shortened)" in text


def test_an_unshortened_card_has_no_deviation_block() -> None:
    assert "Shortened" not in card("warmup")
    assert ">" not in card("warmup").split("---")[0]


def test_the_card_ends_with_a_place_to_tick_and_the_stop_rules() -> None:
    text = card("strength")
    assert "☐ done" in text
    assert "never to pain" in text
