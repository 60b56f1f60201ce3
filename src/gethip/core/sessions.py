"""Sessions: an ordered list of moves with the pauses between them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from pydantic import Field, ValidationError, field_validator

from gethip.core.catalog import KEBAB_CASE, Catalog, Frozen
from gethip.core.errors import CatalogError, UnknownSession


class Session(Frozen):
    id: str
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
    """The built-in sessions, checked against the catalog they draw from."""

    def __init__(self, sessions: Iterable[Session], catalog: Catalog) -> None:
        self.catalog = catalog
        self._sessions: dict[str, Session] = {}
        for session in sessions:
            for move_id in session.moves:
                if move_id not in catalog:
                    raise CatalogError(f"session {session.id}", "moves", f"no move {move_id!r}")
            self._sessions[session.id] = session

    def __iter__(self) -> Iterator[Session]:
        return iter(self._sessions.values())

    def __len__(self) -> int:
        return len(self._sessions)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._sessions)

    def get(self, session_id: str) -> Session:
        try:
            return self._sessions[session_id]
        except KeyError:
            raise UnknownSession(session_id, self.ids) from None


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
    return SessionBook(sessions, catalog)
