"""Run files sent from a browser: size-capped, kept in a temporary folder, then imported.

The importer is the CLI's own (`import_paths`); this module only gets the
upload onto disk safely and makes the names it reports the runner's names,
not the temporary folder's.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from gethip.runs.importer import Failure, ImportSummary, import_paths
from gethip.store.database import Store
from gethip.store.runs import DecodedFile, Outcome, Runs
from gethip.web.errors import UploadTooLarge

# A whole Strava or Garmin export zip fits with room to spare; anything bigger
# is more likely a mistake than a running history.
MAX_UPLOAD_BYTES = 200 * 1000 * 1000
RUN_SUFFIXES = (".fit", ".gpx", ".tcx", ".gz", ".zip")
# Far more than one upload of single files needs; an export arrives as one zip.
MAX_FILES = 500

Message = MutableMapping[str, Any]


def _capped(
    receive: Callable[[], Awaitable[Message]], limit: int
) -> Callable[[], Awaitable[Message]]:
    """The request body, stopped once it passes ``limit`` (a sender may omit Content-Length)."""
    seen = 0

    async def read() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise UploadTooLarge(limit)
        return message

    return read


def _safe_name(filename: str | None) -> str:
    # Only the last part of whatever the browser sent: never a path of its choosing.
    name = PurePosixPath((filename or "").replace("\\", "/")).name.strip()
    return name if name not in {"", ".", ".."} else "upload"


class _AsUploaded:
    """The runs store, told each file's name as the runner uploaded it."""

    def __init__(self, runs: Runs, folder: Path) -> None:
        self.runs = runs
        self.prefix = f"{folder}/"

    def name(self, stored: str) -> str:
        if not stored.startswith(self.prefix):
            return stored
        # "<folder>/<n>/export.zip/activities/1.fit" -> "export.zip/activities/1.fit"
        return stored[len(self.prefix) :].split("/", 1)[-1]

    def save_file(self, decoded: DecodedFile, imported_at: datetime) -> Sequence[Outcome]:
        return self.runs.save_file(replace(decoded, name=self.name(decoded.name)), imported_at)


async def import_upload(
    request: Request,
    store: Store,
    field: str = "files",
    *,
    check_form: Callable[[FormData], None] | None = None,
) -> ImportSummary:
    """Import every file in the form's ``field``; a file of another kind is reported, not read.

    ``check_form`` sees the parsed form before anything is imported, and may refuse it.
    """
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_UPLOAD_BYTES:
        raise UploadTooLarge(MAX_UPLOAD_BYTES)
    capped = Request(request.scope, receive=_capped(request.receive, MAX_UPLOAD_BYTES))
    form = await capped.form(max_files=MAX_FILES, max_fields=10)
    try:
        if check_form is not None:
            check_form(form)
        uploads = [item for item in form.getlist(field) if isinstance(item, UploadFile)]
        with tempfile.TemporaryDirectory(prefix="gethip-upload-") as work:
            folder = Path(work)
            paths: list[Path] = []
            refused: list[Failure] = []
            for index, upload in enumerate(uploads):
                name = _safe_name(upload.filename)
                if not name.lower().endswith(RUN_SUFFIXES):
                    refused.append(Failure(name, "not a .fit, .gpx, .tcx, .gz or .zip file"))
                    continue
                # A folder per file: two uploads called "activity.fit" stay two files.
                target = folder / str(index) / name
                target.parent.mkdir()
                await run_in_threadpool(_copy, upload, target)
                paths.append(target)
            sink = _AsUploaded(Runs(store), folder)
            summary = await run_in_threadpool(import_paths, sink, paths, datetime.now(UTC))
            summary.failed = [Failure(sink.name(f.file), f.reason) for f in summary.failed]
            summary.failed += refused
            return summary
    finally:
        await form.close()


def _copy(upload: UploadFile, target: Path) -> None:
    upload.file.seek(0)
    with target.open("wb") as out:
        shutil.copyfileobj(upload.file, out, length=1 << 20)
