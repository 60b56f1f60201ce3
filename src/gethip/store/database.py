"""Opening the store: an engine, its migrations, and one clear error when it is unusable.

Migrations run under a lock, so several processes starting at once on an empty
database all come up with the schema migrated exactly once: PostgreSQL's
advisory lock, or a lock file beside an SQLite database.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, select, text
from sqlalchemy.exc import ArgumentError, DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from gethip.core.errors import GethipError
from gethip.store.models import LOCAL_USER_ID, LOCAL_USER_NAME, User

# Any fixed number: every gethip process takes the same advisory lock to migrate.
_MIGRATION_LOCK = 0x67_65_74_68_69_70


class StoreError(GethipError):
    """The database cannot be reached, opened or read."""


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, *, upgrade: bool = True) -> Store:
        """Open the database at ``url``, migrating it first unless told not to.

        Without ``upgrade`` a database whose schema is behind is refused with
        the command that upgrades it (hosted workers never migrate on their own).
        """
        with _plain_errors(describe(url)) as where:
            engine = _engine(url)
            if upgrade:
                migrate(engine)
            elif not is_current(engine):
                raise StoreError(f"the database at {where} needs `gethip db upgrade` first")
            store = cls(engine)
            store._ensure_local_user()
        return store

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed whole, or rolled back whole."""
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def local_user(self) -> int:
        """The one user of local mode (no accounts): whoever runs gethip on this machine."""
        return LOCAL_USER_ID

    def _ensure_local_user(self) -> None:
        try:
            with self.transaction() as session:
                if session.scalar(select(User.id).where(User.id == LOCAL_USER_ID)) is None:
                    session.add(
                        User(id=LOCAL_USER_ID, name=LOCAL_USER_NAME, created_at=datetime.now(UTC))
                    )
                    session.flush()
                    if self.engine.dialect.name == "postgresql":
                        # An id given by hand leaves the sequence behind: the next user
                        # would be handed the local user's id.
                        session.execute(
                            text(
                                "SELECT setval(pg_get_serial_sequence('users', 'id'), "
                                "(SELECT max(id) FROM users))"
                            )
                        )
        except IntegrityError:
            pass  # another process starting at the same moment made it


def describe(url: str) -> str:
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


def upgrade(url: str) -> str | None:
    """Open the database only to migrate it: `gethip db upgrade`."""
    with _plain_errors(describe(url)):
        engine = _engine(url)
        try:
            return migrate(engine)
        finally:
            engine.dispose()


@contextmanager
def _plain_errors(where: str) -> Iterator[str]:
    """A database that cannot be used becomes one sentence naming it (without its password)."""
    try:
        yield where
    except (OperationalError, DatabaseError) as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise StoreError(f"cannot use the database at {where}: {reason}") from None
    except ArgumentError:
        raise StoreError(f"not a database address: {where}") from None
    except ModuleNotFoundError as error:
        raise StoreError(f"no driver for {where}: {error.name} is not installed") from None


def _alembic_config(connection: Connection) -> Any:
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(resources.files("gethip.store") / "migrations"))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> str | None:
    """Bring the schema to the newest revision, once, however many processes ask at once."""
    from alembic import command

    with _migration_lock(engine), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Held until this transaction ends: the others wait, then find nothing to do.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        command.upgrade(_alembic_config(connection), "head")
        return _revision(connection)


def is_current(engine: Engine) -> bool:
    from alembic.script import ScriptDirectory

    with engine.connect() as connection:
        heads = set(ScriptDirectory.from_config(_alembic_config(connection)).get_heads())
        return _revision(connection) in heads


def _revision(connection: Connection) -> str | None:
    from alembic.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """A lock file beside an SQLite database (PostgreSQL locks inside the transaction)."""
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:":
        yield
        return
    with open(f"{path}.migrate-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
