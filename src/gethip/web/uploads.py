"""Run files sent from a browser: size-capped, kept under names the server makes, then imported.

The importer is the CLI's own (through the application); this module only gets
the upload onto disk safely and reports each file under the name the runner
gave it (cleaned for display), never under the temporary folder's.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from gethip.app.context import Context
from gethip.app.imports import UPLOAD_LIMITS, Failure, ImportSummary, import_runs
from gethip.app.jobs import JobView
from gethip.scratch import scratch
from gethip.web.errors import Busy, UploadTooLarge

# A whole Strava or Garmin export zip fits with room to spare; anything bigger
# is more likely a mistake than a running history.
MAX_UPLOAD_BYTES = 200 * 1000 * 1000
# Longest suffix first: ".fit.gz" is a gzipped FIT file, not just ".gz".
RUN_SUFFIXES = (".fit.gz", ".gpx.gz", ".tcx.gz", ".fit", ".gpx", ".tcx", ".gz", ".zip")
# Far more than one upload of single files needs; an export arrives as one zip.
MAX_FILES = 500
# What a reported name may be, for display: a file name, not an essay.
MAX_SHOWN_NAME = 120
# Imports decode on every core: two at once already share them; a third waits its turn.
MAX_IMPORTS_AT_ONCE = 2
_importing = threading.BoundedSemaphore(MAX_IMPORTS_AT_ONCE)

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


def shown_name(filename: str | None) -> str:
    """The last part of whatever the browser sent, with control characters gone, kept short."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) > MAX_SHOWN_NAME:
        # Cut from the middle: the end says what kind of file it is.
        half = (MAX_SHOWN_NAME - 1) // 2
        name = name[:half] + "…" + name[-half:]
    return name if name not in {"", ".", ".."} else "upload"


def run_suffix(name: str) -> str | None:
    lowered = name.lower()
    return next((suffix for suffix in RUN_SUFFIXES if lowered.endswith(suffix)), None)


async def import_upload(
    request: Request,
    ctx: Context,
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
    if not _importing.acquire(blocking=False):
        raise Busy("other imports are running; try again in a moment")
    try:
        return await _import_form(request, ctx, field, check_form)
    finally:
        _importing.release()


async def _import_form(
    request: Request,
    ctx: Context,
    field: str,
    check_form: Callable[[FormData], None] | None,
) -> ImportSummary:
    capped = Request(request.scope, receive=_capped(request.receive, MAX_UPLOAD_BYTES))
    form = await capped.form(max_files=MAX_FILES, max_fields=10)
    try:
        if check_form is not None:
            check_form(form)
        uploads = [item for item in form.getlist(field) if isinstance(item, UploadFile)]
        with scratch("upload") as folder:
            paths: list[Path] = []
            names: dict[str, str] = {}
            refused: list[Failure] = []
            for index, upload in enumerate(uploads):
                name = shown_name(upload.filename)
                suffix = run_suffix(name)
                if suffix is None:
                    refused.append(Failure(name, "not a .fit, .gpx, .tcx, .gz or .zip file"))
                    continue
                # Named by the server: the runner's name is only ever shown, never a path.
                target = folder / f"{index}{suffix}"
                await run_in_threadpool(_copy, upload, target)
                paths.append(target)
                names[str(target)] = name

            def rename(path: str) -> str:
                # "<folder>/3.zip/activities/1.fit" -> "export.zip/activities/1.fit"
                for stored, shown in names.items():
                    if path == stored or path.startswith(stored + "/"):
                        return shown + path[len(stored) :]
                return path

            summary = await run_in_threadpool(
                import_runs, ctx, paths, rename=rename, limits=UPLOAD_LIMITS
            )
            summary.failed += refused
            return summary
    finally:
        await form.close()


async def queue_upload(
    request: Request,
    ctx: Context,
    defer: Callable[[int], None],
    *,
    check_form: Callable[[FormData], None] | None = None,
) -> QueuedUpload:
    """Hosted mode: keep the files with a new import job for `gethip worker`, and answer at once."""
    from gethip.app.jobs import StoredFile, queue_import

    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_UPLOAD_BYTES:
        raise UploadTooLarge(MAX_UPLOAD_BYTES)
    capped = Request(request.scope, receive=_capped(request.receive, MAX_UPLOAD_BYTES))
    form = await capped.form(max_files=MAX_FILES, max_fields=10)
    try:
        if check_form is not None:
            check_form(form)
        kept: list[StoredFile] = []
        refused: list[Failure] = []
        for upload in form.getlist("files"):
            if not isinstance(upload, UploadFile):
                continue
            name = shown_name(upload.filename)
            suffix = run_suffix(name)
            if suffix is None:
                refused.append(Failure(name, "not a .fit, .gpx, .tcx, .gz or .zip file"))
                continue
            kept.append(StoredFile(name, suffix, await upload.read()))
        job = await run_in_threadpool(queue_import, ctx, kept, defer)
        return QueuedUpload(job, refused)
    finally:
        await form.close()


@dataclass(frozen=True)
class QueuedUpload:
    job: JobView
    refused: list[Failure]

    def to_json(self) -> dict[str, Any]:
        return {
            "job": self.job.id,
            "url": f"/api/jobs/{self.job.id}",
            "status": self.job.status,
            "refused": [{"file": f.file, "reason": f.reason} for f in self.refused],
        }


def _copy(upload: UploadFile, target: Path) -> None:
    upload.file.seek(0)
    with target.open("wb") as out:
        shutil.copyfileobj(upload.file, out, length=1 << 20)
