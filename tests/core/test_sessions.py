"""The built-in sessions: which moves, in which order, and how long the warm-up works."""

from __future__ import annotations

from typing import Any

import pytest

from gethip.core.catalog import Catalog, Phase
from gethip.core.errors import CatalogError, UnknownSession
from gethip.core.sessions import Role, SessionBook, parse_sessions
from gethip.core.timeline import SegmentKind, Settings, compile_session


def session_data(book: SessionBook) -> dict[str, Any]:
    return {"sessions": [session.model_dump(mode="json") for session in book]}


def test_the_five_built_in_sessions_exist_one_per_role(book: SessionBook) -> None:
    assert book.ids == ("warmup", "openers", "strength", "offday", "desk-break")
    assert len(book) == 5
    assert {book.for_role(role).id for role in Role} == set(book.ids)


def test_the_desk_break_is_three_openers_done_standing_or_kneeling(book: SessionBook) -> None:
    desk_break = book.for_role(Role.DESK_BREAK)
    assert desk_break.moves == ("skating-squat", "low-lunge-variation", "crescent-lunge-knee-up")
    assert "one-legged-bridge" not in desk_break.moves  # lying on the floor is not for an office


def test_two_sessions_cannot_share_a_role(book: SessionBook) -> None:
    twin = book.get("openers").model_copy(update={"id": "more-openers"})
    with pytest.raises(CatalogError, match="role"):
        SessionBook([*book, twin], book.catalog)


def test_sessions_holding_every_opener_are_known_from_the_data(book: SessionBook) -> None:
    assert book.with_all_openers() == {"openers", "offday"}


def test_every_session_uses_only_catalog_moves(book: SessionBook, catalog: Catalog) -> None:
    for session in book:
        for move_id in session.moves:
            assert move_id in catalog, (session.id, move_id)


@pytest.mark.parametrize(
    ("session_id", "phases"),
    [
        ("warmup", [Phase.WARMUP]),
        ("strength", [Phase.STRENGTH]),
        ("openers", [Phase.OPENER]),
        ("offday", [Phase.STRENGTH, Phase.OPENER]),
    ],
)
def test_each_session_is_its_phases_in_program_order(
    book: SessionBook, catalog: Catalog, session_id: str, phases: list[Phase]
) -> None:
    expected = tuple(m.id for phase in phases for m in catalog.in_phase(phase))
    assert book.get(session_id).moves == expected


def test_an_unknown_session_names_the_choices(book: SessionBook) -> None:
    with pytest.raises(UnknownSession) as caught:
        book.get("yoga")
    assert caught.value.choices == ("warmup", "openers", "strength", "offday", "desk-break")
    assert str(caught.value) == (
        "unknown session 'yoga'; choose one of: warmup, openers, strength, offday, desk-break"
    )


def test_warmup_works_for_two_to_three_minutes(book: SessionBook, catalog: Catalog) -> None:
    timeline = compile_session(book.get("warmup"), catalog, Settings())
    work = sum(s.duration for s in timeline.segments if s.kind == SegmentKind.WORK)
    assert 120 <= work <= 180
    # Every drill of the warm-up gets some of that work.
    assert {s.move for s in timeline.segments if s.kind == SegmentKind.WORK} == set(
        book.get("warmup").moves
    )


def test_sessions_read_back_from_their_data_unchanged(book: SessionBook, catalog: Catalog) -> None:
    again = parse_sessions("sessions.yaml", session_data(book), catalog)
    assert list(again) == list(book)


def test_a_session_naming_a_missing_move_is_rejected(book: SessionBook, catalog: Catalog) -> None:
    raw = session_data(book)
    raw["sessions"][1]["moves"] = ["skating-squat", "pigeon-pose"]
    with pytest.raises(CatalogError) as caught:
        parse_sessions("sessions.yaml", raw, catalog)
    assert caught.value.source == "session openers"
    assert caught.value.field == "moves"
    assert "pigeon-pose" in caught.value.problem


def test_a_bad_session_entry_names_its_position_and_field(
    book: SessionBook, catalog: Catalog
) -> None:
    raw = session_data(book)
    raw["sessions"][2]["switch_seconds"] = 0
    with pytest.raises(CatalogError) as caught:
        parse_sessions("sessions.yaml", raw, catalog)
    assert caught.value.source == "sessions.yaml"
    assert caught.value.field == "sessions.2.switch_seconds"


def test_a_sessions_file_without_a_list_is_rejected(catalog: Catalog) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_sessions("sessions.yaml", {"sessions": {"warmup": []}}, catalog)
    assert caught.value.field == "sessions"
