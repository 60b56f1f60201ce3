"""Why a run file was refused: one type per cause, each a sentence a runner can act on.

The importer reports ``str(error)`` next to the file's name and goes on with
the next file, so every message here stands on its own.
"""

from __future__ import annotations

from gethip.core.errors import GethipError


class RunFileError(GethipError):
    """A file that cannot be imported; nothing of it is stored."""


class NotARunFile(RunFileError):
    """The bytes are none of FIT, GPX or TCX, whatever the file is called."""

    def __init__(self, looks_like: str | None = None) -> None:
        what = f" (it looks like {looks_like})" if looks_like else ""
        super().__init__(f"not a FIT, GPX or TCX file{what}")


class TruncatedRunFile(RunFileError):
    def __init__(self, detail: str = "") -> None:
        super().__init__("the file is cut short" + (f": {detail}" if detail else ""))


class CorruptRunFile(RunFileError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"the file is damaged: {detail}")


class BadChecksum(RunFileError):
    def __init__(self) -> None:
        super().__init__("the file's checksum does not match its contents (damaged in transfer?)")


class UnsafeXml(RunFileError):
    def __init__(self) -> None:
        super().__init__("the XML declares entities or a DTD, which run files never need")


class TooLarge(RunFileError):
    def __init__(self, limit_bytes: int) -> None:
        super().__init__(f"larger than {limit_bytes // (1024 * 1024)} MiB once unpacked")


class CompressionBomb(RunFileError):
    def __init__(self, ratio_limit: int) -> None:
        super().__init__(
            f"unpacks to more than {ratio_limit} times its packed size (a decompression bomb?)"
        )


class UnsafeArchivePath(RunFileError):
    def __init__(self) -> None:
        super().__init__(
            "its path inside the archive leaves the archive (absolute, '..' or a link)"
        )


class BadArchive(RunFileError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"cannot read the archive: {detail}")


class NoTimes(RunFileError):
    def __init__(self) -> None:
        super().__init__("the file holds no timed records, so there is no run to import")


class UnknownDate(RunFileError):
    def __init__(self) -> None:
        super().__init__(
            "its times count from when the watch was switched on, so the run's date is unknown"
        )


class Unreadable(RunFileError):
    def __init__(self, reason: str) -> None:
        super().__init__(f"cannot read the file: {reason}")
