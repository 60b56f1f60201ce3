"""The failures a use case can report, in one place for the faces to word: a line or a 4xx.

The store's and the core's own errors are re-exported so that a face needs
nothing from the layers below to tell a runner what went wrong.
"""

from __future__ import annotations

from gethip.core.errors import CatalogError as CatalogError
from gethip.core.errors import GethipError as GethipError
from gethip.core.errors import InvalidSettings as InvalidSettings
from gethip.core.errors import UnknownName as UnknownName
from gethip.core.errors import UnknownSession as UnknownSession
from gethip.core.instants import InstantOutOfRange as InstantOutOfRange
from gethip.core.profile import InvalidProfile as InvalidProfile
from gethip.exports.backup_errors import BackupError as BackupError
from gethip.store.checks import CheckConflict as CheckConflict
from gethip.store.checks import InvalidCheckId as InvalidCheckId
from gethip.store.checks import UnknownCheck as UnknownCheck
from gethip.store.database import StoreError as StoreError
from gethip.store.practices import InvalidPracticeId as InvalidPracticeId
from gethip.store.practices import UnknownPractice as UnknownPractice
from gethip.store.profiles import ProfileConflict as ProfileConflict
from gethip.store.runs import UnknownRun as UnknownRun


class InvalidInput(GethipError):
    """A well-formed request whose values do not make sense (an index past the end)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NoProfile(GethipError):
    """The plan and the calendar hang off the profile, and none is saved yet."""

    def __init__(self) -> None:
        super().__init__(
            "no profile yet: set your run days and times with `gethip profile` "
            "or on the Profile page (/profile)"
        )


class NothingToResume(GethipError):
    def __init__(self) -> None:
        super().__init__("nothing to resume: every practice in the log is finished")


class NotResumable(GethipError):
    def __init__(self, practice_id: str, why: str) -> None:
        super().__init__(f"practice {practice_id} cannot be resumed: {why}")
        self.practice_id = practice_id


class NotFound(GethipError):
    """Nothing of the asker's at this address: missing, or someone else's (the same answer)."""


class Forbidden(GethipError):
    """Something the asker can see but may not do (a squad member setting the squad's plan)."""
