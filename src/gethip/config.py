"""Settings from the environment and flags, read in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from gethip.core.errors import GethipError

ENV_DATABASE_URL = "GETHIP_DATABASE_URL"
ENV_DATA_DIR = "GETHIP_DATA_DIR"
# Pretend it is this instant (ISO 8601 with its offset): for demos,
# screenshots and tests that need "today" to be a known day.
ENV_NOW = "GETHIP_NOW"
# Hosted mode only (a club's server): the secret that keys session and
# calendar tokens, the names the server is reached by, and whom a push
# service may contact about the server's reminders.
ENV_SECRET_KEY = "GETHIP_SECRET_KEY"
ENV_HOSTS = "GETHIP_HOSTS"
ENV_CONTACT = "GETHIP_CONTACT"
ENV_TRUSTED_PROXIES = "GETHIP_TRUSTED_PROXIES"
# A secret shorter than this is a password someone typed, not a key.
MIN_SECRET_LENGTH = 32


class ConfigError(GethipError):
    """A setting that cannot be used; the message names it."""


@dataclass(frozen=True)
class Config:
    database_url: str
    data_dir: Path
    now: datetime | None = None
    secret_key: str | None = field(default=None, repr=False)
    hosts: tuple[str, ...] = ()
    contact: str | None = None
    trusted_proxies: str = "127.0.0.1"

    @classmethod
    def load(cls, database_url: str | None = None) -> Config:
        """Flags win over the environment, which wins over the defaults."""
        data_dir = Path(os.environ.get(ENV_DATA_DIR) or _default_data_dir())
        url = database_url or os.environ.get(ENV_DATABASE_URL)
        if not url:
            url = f"sqlite:///{data_dir / 'gethip.db'}"
        hosts = os.environ.get(ENV_HOSTS, "")
        return cls(
            database_url=_normalise_url(url),
            data_dir=data_dir,
            now=_instant(os.environ.get(ENV_NOW)),
            secret_key=os.environ.get(ENV_SECRET_KEY) or None,
            hosts=tuple(name.strip() for name in hosts.split(",") if name.strip()),
            contact=os.environ.get(ENV_CONTACT) or None,
            trusted_proxies=os.environ.get(ENV_TRUSTED_PROXIES) or "127.0.0.1",
        )

    def for_hosting(self) -> HostedConfig:
        """The settings a club's server cannot start without, checked; a clear line if not."""
        if not self.database_url.startswith("postgresql"):
            raise ConfigError(
                "hosted mode needs PostgreSQL: give --db postgresql://... or set "
                f"{ENV_DATABASE_URL} (SQLite is for one runner on one machine)"
            )
        if not self.secret_key:
            raise ConfigError(
                f"hosted mode needs a secret: set {ENV_SECRET_KEY} to a long random value, "
                'for example the output of: python3 -c "import secrets; print(secrets.token_urlsafe(48))"'
            )
        if len(self.secret_key) < MIN_SECRET_LENGTH:
            raise ConfigError(
                f"{ENV_SECRET_KEY} is too short: at least {MIN_SECRET_LENGTH} characters"
            )
        return HostedConfig(self, self.secret_key)

    def environment(self) -> dict[str, str]:
        """These settings as the variables a child process (a server worker) reads them from."""
        values = {ENV_DATABASE_URL: self.database_url, ENV_DATA_DIR: str(self.data_dir)}
        if self.secret_key:
            values[ENV_SECRET_KEY] = self.secret_key
        if self.hosts:
            values[ENV_HOSTS] = ",".join(self.hosts)
        if self.contact:
            values[ENV_CONTACT] = self.contact
        if self.now is not None:
            values[ENV_NOW] = self.now.isoformat()
        values[ENV_TRUSTED_PROXIES] = self.trusted_proxies
        return values

    def export_to_environment(self) -> None:
        """Hand these settings to the server's worker processes, which read them back with load()."""
        os.environ.update(self.environment())


@dataclass(frozen=True)
class HostedConfig:
    """A configuration checked for hosted mode: PostgreSQL and a secret, both present."""

    config: Config
    secret_key: str = field(repr=False)


def _default_data_dir() -> str:
    from platformdirs import user_data_dir

    return user_data_dir("gethip", appauthor=False)


def _normalise_url(url: str) -> str:
    # People paste "postgresql://..."; SQLAlchemy would then look for psycopg2.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _instant(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(
            f"{ENV_NOW}: {text!r} is not an instant like 2026-03-02T07:30:00+00:00"
        ) from None
    if value.tzinfo is None:
        raise ConfigError(f"{ENV_NOW}: {text!r} needs its offset, like +00:00")
    return value
