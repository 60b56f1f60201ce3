"""Who is asking, in which time zone, and when: made once per command or request.

The user is the local one in local mode (the signed-in one in hosted mode);
the time zone is the profile's, or the machine's when there is no profile yet;
now comes from the one clock. Every use case takes this context, and every
repository it opens is scoped to the context's user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from functools import cached_property
from zoneinfo import ZoneInfo

from gethip.app.clock import Clock
from gethip.config import Config
from gethip.core.practice import PracticeSummary
from gethip.core.profile import Profile
from gethip.core.sessions import SessionBook
from gethip.store.checks import Checks
from gethip.store.database import Store as Store
from gethip.store.practices import PracticeLog
from gethip.store.profiles import Profiles
from gethip.store.runs import Runs
from gethip.store.squads import Squads


def open_store(config: Config, *, upgrade: bool = True) -> Store:
    """The one place a face opens the store (and, unless told not to, migrates it)."""
    return Store.open(config.database_url, upgrade=upgrade)


def machine_zone() -> tuple[tzinfo, str]:
    """This machine's time zone and its IANA name: where the runner is, until a profile says."""
    from tzlocal import get_localzone, get_localzone_name

    try:
        return get_localzone(), get_localzone_name() or "UTC"
    except Exception:
        # A machine with a broken zone setting still has UTC.
        return ZoneInfo("UTC"), "UTC"


@dataclass(frozen=True)
class Context:
    store: Store
    user: int
    now: datetime
    profile: Profile | None
    zone: tzinfo
    zone_name: str
    book: SessionBook = field(repr=False)

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.zone)

    @property
    def today(self) -> date:
        return self.local_now.date()

    @cached_property
    def log(self) -> PracticeLog:
        return PracticeLog(self.store, self.user)

    @cached_property
    def practices(self) -> list[PracticeSummary]:
        """Every practice, newest first, read once for the call: the read-only use cases
        (today, plan, stats, trends) share it. A use case that writes reads the log itself."""
        return self.log.summaries()

    @cached_property
    def profiles(self) -> Profiles:
        return Profiles(self.store, self.user)

    @cached_property
    def runs(self) -> Runs:
        return Runs(self.store, self.user)

    @cached_property
    def checks(self) -> Checks:
        return Checks(self.store, self.user)

    @cached_property
    def squads(self) -> Squads:
        return Squads(self.store, self.user)


def context_for(store: Store, user: int, clock: Clock) -> Context:
    """The context of one call by ``user``: their profile read once, and the time taken once."""
    from gethip.content import load_sessions

    profile = Profiles(store, user).current()
    if profile is not None:
        zone: tzinfo = profile.zone
        name = profile.timezone
    else:
        zone, name = machine_zone()
    return Context(
        store=store,
        user=user,
        now=clock.now(),
        profile=profile,
        zone=zone,
        zone_name=name,
        book=load_sessions(),
    )
