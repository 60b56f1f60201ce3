"""Finding run files in what a runner hands over, and reading each one safely.

A runner gives files, folders and zips: a single ``.fit``, a folder of
``.gpx``, a Strava bulk export (``activities.csv`` plus ``activities/`` with
``.fit.gz``, ``.gpx``, ``.tcx.gz``), or a Garmin Connect export (whose watch
files sit in ``UploadedFiles_*.zip`` inside the export zip). ``collect``
turns all of that into a flat list of ``Source``\\ s; ``read_source`` gives
one source's bytes, unpacked.

Everything that comes from inside an archive is treated as hostile: sizes
are counted while unpacking (a zip's own size fields can lie), unpacking
stops at a size cap and at a packing-ratio cap, entries whose path would
leave the archive are refused, and nothing is ever written to disk under a
name taken from an archive.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from gethip.runs.errors import (
    BadArchive,
    CompressionBomb,
    CorruptRunFile,
    RunFileError,
    TooLarge,
    TruncatedRunFile,
    Unreadable,
    UnsafeArchivePath,
)

RUN_SUFFIXES = (".fit", ".gpx", ".tcx")
GZ = ".gz"
ZIP = ".zip"


@dataclass(frozen=True)
class Limits:
    # A day-long ultra recorded every second is ~30 MB of GPX; twice that is plenty.
    file_bytes: int = 64 * 1024 * 1024
    # Real run files pack 3-30 times; a bomb packs thousands of times.
    ratio: int = 200
    # Ratios of small files say little (a tiny file of zeros packs well); check from here.
    ratio_from_bytes: int = 1024 * 1024
    # Garmin's UploadedFiles zips reach a few GB for a long history.
    nested_archive_bytes: int = 8 * 1024 * 1024 * 1024
    # A zip inside a zip is stored all but as it is (zipped data does not zip
    # again): one that grows more than this much on the way out is a bomb.
    nested_ratio: int = 4
    # Everything one import may unpack to disk, all nested archives together.
    unpacked_bytes: int = 16 * 1024 * 1024 * 1024
    # A Strava export's activities.csv is a few MB at most.
    index_bytes: int = 64 * 1024 * 1024
    archive_entries: int = 500_000
    # Garmin nests one zip in another; deeper is not an export.
    nesting: int = 2


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Source:
    """One run file to decode: a file on disk, or an entry of a zip on disk."""

    name: str  # as the runner sees it: "export.zip/activities/1.fit.gz"
    path: str
    member: str | None = None
    # What Strava's activities.csv says this activity is, when it says anything.
    sport_hint: str | None = None


@dataclass(frozen=True)
class Problem:
    name: str
    reason: str


@dataclass
class Collection:
    sources: list[Source] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Activities an export's index names as another sport: counted, never opened.
    skipped: int = 0
    # Bytes of nested archives written to the work folder so far.
    unpacked: int = 0


def collect(paths: Sequence[Path], workdir: Path, limits: Limits = DEFAULT_LIMITS) -> Collection:
    """Every run file under ``paths``; nested zips are unpacked (capped) into ``workdir``."""
    found = Collection()
    seen: set[tuple[str, str | None]] = set()
    for path in paths:
        if not path.exists():
            found.problems.append(Problem(str(path), "no such file or folder"))
        elif path.is_dir():
            _collect_folder(path, found, workdir, limits, seen)
        else:
            _collect_file(path, str(path), found, workdir, limits, seen, hints={}, named=True)
    return found


def _collect_folder(
    folder: Path,
    found: Collection,
    workdir: Path,
    limits: Limits,
    seen: set[tuple[str, str | None]],
) -> None:
    hints: dict[str, str] = {}
    for root, dirs, files in os.walk(folder):  # symlinked folders are not followed
        dirs.sort()
        here = Path(root)
        if "activities.csv" in files:
            try:
                text = _read_capped_file(here / "activities.csv", limits.index_bytes)
                for name, sport in strava_index(text).items():
                    hints[(here / name).as_posix()] = sport
            except RunFileError as error:
                found.problems.append(Problem(str(here / "activities.csv"), str(error)))
        for name in sorted(files):
            path = here / name
            if path.is_symlink():
                continue
            _collect_file(path, str(path), found, workdir, limits, seen, hints)


def _collect_file(
    path: Path,
    name: str,
    found: Collection,
    workdir: Path,
    limits: Limits,
    seen: set[tuple[str, str | None]],
    hints: dict[str, str],
    named: bool = False,
) -> None:
    lowered = path.name.lower()
    if lowered.endswith(ZIP):
        _collect_zip(path, name, found, workdir, limits, seen, depth=0)
        return
    # Inside folders only run files count (an export is full of other files);
    # a file named on the command line is read whatever it is called.
    if not named and not is_run_name(lowered):
        return
    key = (str(path.resolve()), None)
    if key in seen:
        return
    seen.add(key)
    hint = hints.get(path.as_posix())
    if hint is not None and hint != "running":
        found.skipped += 1
        return
    found.sources.append(Source(name=name, path=str(path), sport_hint=hint))


def _collect_zip(
    path: Path,
    name: str,
    found: Collection,
    workdir: Path,
    limits: Limits,
    seen: set[tuple[str, str | None]],
    depth: int,
) -> None:
    if depth >= limits.nesting:
        found.problems.append(Problem(name, "archives nested deeper than an export ever is"))
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        found.problems.append(Problem(name, str(BadArchive(_reason(error)))))
        return
    with archive:
        entries = list(itertools.islice(archive.infolist(), limits.archive_entries + 1))
        if len(entries) > limits.archive_entries:
            found.problems.append(
                Problem(name, str(BadArchive(f"more than {limits.archive_entries} entries")))
            )
            return
        hints = _zip_hints(archive, entries, name, found, limits)
        for info in entries:
            if info.is_dir():
                continue
            member_name = f"{name}/{info.filename}"
            if not is_safe_member(info):
                found.problems.append(Problem(member_name, str(UnsafeArchivePath())))
                continue
            lowered = info.filename.lower()
            if lowered.endswith(ZIP):
                left = limits.unpacked_bytes - found.unpacked
                if left <= 0:
                    found.problems.append(
                        Problem(member_name, str(TooLarge(limits.unpacked_bytes)))
                    )
                    continue
                handle, inner_name = tempfile.mkstemp(suffix=".zip", dir=workdir)
                os.close(handle)
                inner = Path(inner_name)
                size_cap = min(limits.nested_archive_bytes, left)
                try:
                    _copy_member(archive, info, inner, size_cap, limits, limits.nested_ratio)
                except RunFileError as error:
                    found.problems.append(Problem(member_name, str(error)))
                    continue
                found.unpacked += inner.stat().st_size
                _collect_zip(inner, member_name, found, workdir, limits, seen, depth + 1)
                continue
            if not is_run_name(lowered):
                continue
            key = (str(path.resolve()), info.filename)
            if key in seen:
                continue
            seen.add(key)
            hint = hints.get(info.filename)
            if hint is not None and hint != "running":
                found.skipped += 1
                continue
            found.sources.append(
                Source(name=member_name, path=str(path), member=info.filename, sport_hint=hint)
            )


def _zip_hints(
    archive: zipfile.ZipFile,
    entries: Sequence[zipfile.ZipInfo],
    name: str,
    found: Collection,
    limits: Limits,
) -> dict[str, str]:
    """Strava's index, keyed by the entry names of the files it lists."""
    hints: dict[str, str] = {}
    for info in entries:
        member = PurePosixPath(info.filename)
        if member.name != "activities.csv" or len(member.parts) > 2 or not is_safe_member(info):
            continue
        try:
            text = _read_member(archive, info, limits.index_bytes, limits).decode(
                "utf-8-sig", errors="replace"
            )
        except RunFileError as error:
            found.problems.append(Problem(f"{name}/{info.filename}", str(error)))
            continue
        base = member.parent
        for file_name, sport in strava_index(text).items():
            hints[(base / file_name).as_posix() if base.parts else file_name] = sport
    return hints


def strava_index(text: str) -> dict[str, str]:
    """``Filename`` -> sport, from a Strava export's ``activities.csv``.

    Strava's types ("Run", "Trail Run", "Virtual Run", "Ride", "Walk", ...)
    become gethip's sport names; only "running" is imported.
    """
    hints: dict[str, str] = {}
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        file_name = (row.get("Filename") or "").strip()
        kind = (row.get("Activity Type") or "").strip().lower()
        if not file_name or not kind:
            continue
        hints[file_name] = "running" if "run" in kind else kind.replace(" ", "_")
    return hints


def is_run_name(lowered: str) -> bool:
    if lowered.endswith(GZ):
        lowered = lowered[: -len(GZ)]
    return lowered.endswith(RUN_SUFFIXES)


def is_safe_member(info: zipfile.ZipInfo) -> bool:
    """False for entries that would land outside a folder they were unpacked into, or are links."""
    raw = info.filename
    if "\x00" in raw or raw.startswith(("/", "\\")) or (len(raw) > 1 and raw[1] == ":"):
        return False
    parts = raw.replace("\\", "/").split("/")
    if ".." in parts:
        return False
    mode = info.external_attr >> 16
    return not stat.S_ISLNK(mode)


# --- reading -----------------------------------------------------------------------------------


def read_source(source: Source, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The source's bytes, unzipped and gunzipped, never more than the limits allow."""
    if source.member is None:
        data = _read_capped_file_bytes(Path(source.path), limits.file_bytes)
    else:
        archive = _open_archive(source.path)
        try:
            info = archive.getinfo(source.member)
        except KeyError:
            raise BadArchive("the entry has gone from the archive") from None
        data = _read_member(archive, info, limits.file_bytes, limits)
    if data[:2] == b"\x1f\x8b":
        data = gunzip(data, limits)
    return data


def gunzip(data: bytes, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Unpack gzip in slices, stopping at the size and ratio caps instead of trusting the header."""
    cap = _cap(len(data), limits.file_bytes, limits)
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    pending = data
    try:
        while pending and not inflater.eof:
            out += inflater.decompress(pending, cap + 1 - len(out))
            if len(out) > cap:
                raise _too_much(cap, limits)
            pending = inflater.unconsumed_tail
    except zlib.error as error:
        raise CorruptRunFile(f"bad gzip data ({error})") from None
    if not inflater.eof:
        raise TruncatedRunFile("the gzip stream ends early")
    return bytes(out)


_archives: dict[str, zipfile.ZipFile] = {}


def _open_archive(path: str) -> zipfile.ZipFile:
    """Zips stay open per process: a Garmin export's index of thousands of entries is read once."""
    archive = _archives.get(path)
    if archive is None:
        if len(_archives) >= 8:
            _archives.pop(next(iter(_archives))).close()
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise BadArchive(_reason(error)) from None
        _archives[path] = archive
    return archive


def forget_archives() -> None:
    while _archives:
        _archives.popitem()[1].close()


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, size_cap: int, limits: Limits
) -> bytes:
    return b"".join(_member_chunks(archive, info, size_cap, limits))


def _copy_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    target: Path,
    size_cap: int,
    limits: Limits,
    ratio: int,
) -> None:
    try:
        with target.open("wb") as out:
            for chunk in _member_chunks(archive, info, size_cap, limits, ratio):
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _member_chunks(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    size_cap: int,
    limits: Limits,
    ratio: int | None = None,
) -> Iterator[bytes]:
    cap = _cap(info.compress_size, size_cap, limits, ratio)
    total = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(1024 * 1024)
                if not chunk:
                    return
                total += len(chunk)
                if total > cap:
                    raise _too_much(cap, limits, size_cap, ratio)
                yield chunk
    except RuntimeError as error:  # zipfile's word for an encrypted entry
        raise BadArchive(_reason(error)) from None
    except NotImplementedError:
        raise BadArchive("the entry is packed with a method Python cannot unpack") from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as error:
        raise BadArchive(_reason(error)) from None


def _cap(packed: int, size_cap: int, limits: Limits, ratio: int | None = None) -> int:
    by_ratio = max(packed, 1) * (limits.ratio if ratio is None else ratio)
    return min(size_cap, max(by_ratio, limits.ratio_from_bytes))


def _too_much(
    cap: int, limits: Limits, size_cap: int | None = None, ratio: int | None = None
) -> RunFileError:
    size_cap = limits.file_bytes if size_cap is None else size_cap
    return TooLarge(size_cap) if cap >= size_cap else CompressionBomb(ratio or limits.ratio)


def _read_capped_file_bytes(path: Path, cap: int) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(cap + 1)
    except OSError as error:
        raise Unreadable(error.strerror or str(error)) from None
    if len(data) > cap:
        raise TooLarge(cap)
    return data


def _read_capped_file(path: Path, cap: int) -> str:
    return _read_capped_file_bytes(path, cap).decode("utf-8-sig", errors="replace")


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:120]
