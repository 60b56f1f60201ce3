"""Sessions: an ordered list of moves with the pauses between them, each with its role in the week."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum

from pydantic import Field, ValidationError, field_validator

from gethip.core.catalog import KEBAB_CASE, Catalog, Frozen, Phase
from gethip.core.errors import CatalogError, UnknownSession


class Role(StrEnum):
    """What a session is for in the runner's week: the planner asks for a role, never an id."""

    WARMUP = "warmup"
    OPENERS = "openers"
    STRENGTH = "strength"
    OFFDAY = "offday"
    DESK_BREAK = "desk-break"


class Session(Frozen):
    id: str
    role: Role
    name: str = Field(min_length=3)
    summary: str = Field(min_length=10)
    when: str = Field(min_length=3, description="when in the week it belongs")
    moves: tuple[str, ...] = Field(min_length=1)
    prepare_seconds: int = Field(default=10, ge=3, le=60)
    transition_seconds: int = Field(default=10, ge=3, le=60)
    switch_seconds: int = Field(default=5, ge=2, le=30)

    @field_validator("id")
    @classmethod
    def id_is_kebab_case(cls, value: str) -> str:
        if not KEBAB_CASE.match(value):
            raise ValueError(f"{value!r} is not kebab-case")
        return value


class SessionBook:
    """The built-in sessions, checked against the catalog they draw from: one session per role."""

    def __init__(self, sessions: Iterable[Session], catalog: Catalog) -> None:
        self.catalog = catalog
        self._sessions: dict[str, Session] = {}
        self._by_role: dict[Role, Session] = {}
        for session in sessions:
            for move_id in session.moves:
                if move_id not in catalog:
                    raise CatalogError(f"session {session.id}", "moves", f"no move {move_id!r}")
            if session.id in self._sessions:
                raise CatalogError(f"session {session.id}", "id", "two sessions share this id")
            if session.role in self._by_role:
                taken = self._by_role[session.role].id
                raise CatalogError(
                    f"session {session.id}", "role", f"{session.role.value!r} is {taken}'s role"
                )
            self._sessions[session.id] = session
            self._by_role[session.role] = session

    def __iter__(self) -> Iterator[Session]:
        return iter(self._sessions.values())

    def __len__(self) -> int:
        return len(self._sessions)

    def __contains__(self, session_id: object) -> bool:
        return session_id in self._sessions

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._sessions)

    def get(self, session_id: str) -> Session:
        try:
            return self._sessions[session_id]
        except KeyError:
            raise UnknownSession(session_id, self.ids) from None

    def for_role(self, role: Role) -> Session:
        try:
            return self._by_role[role]
        except KeyError:
            raise CatalogError(
                "sessions", "role", f"no session has the role {role.value!r}"
            ) from None

    def with_all_openers(self) -> frozenset[str]:
        """Ids of the sessions that hold every opener of the program: done, the openers are done."""
        openers = {move.id for move in self.catalog.in_phase(Phase.OPENER)}
        return frozenset(s.id for s in self if openers <= set(s.moves))


def parse_sessions(source_name: str, raw: Mapping[str, object], catalog: Catalog) -> SessionBook:
    entries = raw.get("sessions")
    if not isinstance(entries, list):
        raise CatalogError(source_name, "sessions", "expected a list of sessions")
    sessions = []
    for position, entry in enumerate(entries):
        try:
            sessions.append(Session.model_validate(entry))
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            raise CatalogError(source_name, f"sessions.{position}.{field}", first["msg"]) from None
    book = SessionBook(sessions, catalog)
    missing = [role.value for role in Role if role not in {s.role for s in book}]
    if missing:
        raise CatalogError(source_name, "sessions", f"no session for {', '.join(missing)}")
    return book
