"""Why a backup file cannot be restored, apart from the format: the faces name these without loading it.

The format's models bring the hip check's (and so NumPy); every command that
can report an error would otherwise pay for them at start-up.
"""

from __future__ import annotations

from gethip.core.errors import GethipError


class BackupError(GethipError):
    """A backup file that cannot be restored; the message says why."""


class CorruptBackup(BackupError):
    pass


class NewerBackup(BackupError):
    pass


class DamagedBackup(BackupError):
    pass


class InvalidBackup(BackupError):
    pass
