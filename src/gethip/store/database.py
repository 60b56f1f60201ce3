"""Opening the store: an engine, its migrations, and one clear error when it is unusable."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from gethip.core.errors import GethipError
from gethip.store.models import LOCAL_USER_ID, User


class StoreError(GethipError):
    """The database cannot be reached, opened or read."""


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str) -> Store:
        where = _describe(url)
        try:
            engine = _engine(url)
            migrate(engine)
            store = cls(engine)
            store._ensure_local_user()
        except (OperationalError, DatabaseError) as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise StoreError(f"cannot use the database at {where}: {reason}") from None
        except ArgumentError:
            raise StoreError(f"not a database address: {where}") from None
        except ModuleNotFoundError as error:
            raise StoreError(f"no driver for {where}: {error.name} is not installed") from None
        return store

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed whole, or rolled back whole."""
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def _ensure_local_user(self) -> None:
        with self.transaction() as session:
            if session.scalar(select(User.id).where(User.id == LOCAL_USER_ID)) is None:
                session.add(User(id=LOCAL_USER_ID, name="local", created_at=datetime.now(UTC)))


def _describe(url: str) -> str:
    if url.startswith("sqlite"):
        return url.split("///", 1)[-1] or "(memory)"
    # Never echo a password back into a terminal or a log.
    head, _, tail = url.rpartition("@")
    return f"{head.split('://')[0]}://…@{tail}" if head else url


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            try:
                Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"cannot create the folder for {path}: {error.strerror}") from None
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, connect_args=_connect_args(url))


def _connect_args(url: str) -> dict[str, Any]:
    return {"connect_timeout": 5} if url.startswith("postgresql") else {}


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    # WAL keeps every committed segment on disk even if the process is killed
    # mid-write, and lets history be read while a session is being logged.
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL skips the fsync at each commit: a commit still survives
    # the process being killed (the OS holds it), only not a power cut. That is
    # the guarantee the log makes, and it keeps a segment's save from delaying
    # the cue due at the same instant.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def migrate(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(resources.files("gethip.store") / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
