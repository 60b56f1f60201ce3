"""Whole exports (Strava, Garmin Connect) and hostile archives: found, unpacked, or refused by name."""

from __future__ import annotations

import gzip
import shutil
import stat
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from gethip.app.imports import StoreSink
from gethip.runs.archives import Limits, Source, collect, gunzip, read_source
from gethip.runs.errors import CompressionBomb, TooLarge, UnsafeArchivePath
from gethip.runs.importer import decode_source, import_paths
from gethip.store.database import Store
from tests.runs.factories import (
    RunSpec,
    sink,
    strava_runs,
    write_garmin_export,
    write_run,
    write_strava_export,
    zip_folder,
)

WHEN = datetime(2026, 11, 1, tzinfo=UTC)
EXPORT_START = datetime(2026, 2, 2, 7, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def strava_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_strava_export(
        tmp_path_factory.mktemp("strava") / "export", strava_runs(EXPORT_START)
    )


@pytest.fixture
def runs(tmp_path: Path) -> StoreSink:
    return sink(Store.open(f"sqlite:///{tmp_path / 'gethip.db'}"))


def test_a_strava_folder_imports_its_runs_and_skips_the_ride_and_walk_unopened(
    strava_folder: Path, runs: StoreSink, tmp_path: Path
) -> None:
    found = collect([strava_folder], tmp_path)
    assert found.skipped == 2  # activities.csv says Ride and Walk
    assert len(found.sources) == 4
    assert all(source.sport_hint == "running" for source in found.sources)
    summary = import_paths(runs, [strava_folder], WHEN, workers=1)
    assert (summary.imported, summary.duplicates, summary.skipped, summary.failed) == (4, 0, 2, [])


def test_a_zip_of_the_strava_export_imports_the_same(
    strava_folder: Path, runs: StoreSink, tmp_path: Path
) -> None:
    archive = zip_folder(strava_folder, tmp_path / "export_123.zip")
    summary = import_paths(runs, [archive], WHEN, workers=1)
    assert (summary.imported, summary.skipped, summary.failed) == (4, 2, [])
    sources = {s.source for s in runs.runs.summaries()}
    assert f"{archive}/activities/9000000.fit.gz" in sources


def test_the_folder_and_its_zip_together_are_one_set_of_runs(
    strava_folder: Path, runs: StoreSink, tmp_path: Path
) -> None:
    archive = zip_folder(strava_folder, tmp_path / "export.zip")
    summary = import_paths(runs, [strava_folder, archive], WHEN, workers=2)
    assert (summary.imported, summary.duplicates) == (4, 4)
    assert runs.runs.count() == 4


def test_a_strava_export_in_a_top_folder_inside_the_zip_still_uses_its_index(
    strava_folder: Path, tmp_path: Path
) -> None:
    outer = tmp_path / "outer"
    shutil.copytree(strava_folder, outer / "export_9")
    archive = zip_folder(outer, tmp_path / "nested-folder.zip")
    found = collect([archive], tmp_path)
    assert (len(found.sources), found.skipped) == (4, 2)


def test_a_garmin_connect_export_imports_the_watch_files_inside_its_inner_zip(
    runs: StoreSink, tmp_path: Path
) -> None:
    specs = [RunSpec(start=EXPORT_START + timedelta(days=i), minutes=6, seed=i) for i in range(3)]
    export = write_garmin_export(tmp_path / "garmin.zip", specs)
    summary = import_paths(runs, [export], WHEN, workers=1)
    assert (summary.imported, summary.failed) == (3, [])
    names = sorted(s.source for s in runs.runs.summaries())
    assert names[0].startswith(
        f"{export}/DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip/runner@"
    )


def test_the_same_run_in_strava_and_garmin_exports_is_kept_once(
    strava_folder: Path, runs: StoreSink, tmp_path: Path
) -> None:
    fit_runs = [
        r.spec for r in strava_runs(EXPORT_START) if r.fmt == "fit" and r.strava_type == "Run"
    ]
    export = write_garmin_export(tmp_path / "garmin.zip", fit_runs)
    summary = import_paths(runs, [strava_folder, export], WHEN, workers=1)
    assert (summary.imported, summary.duplicates) == (4, len(fit_runs))


def _zip_with(path: Path, entries: dict[str, bytes], *, links: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in links:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, data)
    return path


@pytest.fixture(scope="module")
def small_fit(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("small")
    return write_run(folder, "small", RunSpec(minutes=4, seed=21)).read_bytes()


def test_entries_whose_path_leaves_the_archive_are_refused_by_name(
    small_fit: bytes, runs: StoreSink, tmp_path: Path
) -> None:
    archive = _zip_with(
        tmp_path / "evil.zip",
        {
            "../../outside.fit": small_fit,
            "/etc/cron.d/run.fit": small_fit,
            "C:/Windows/run.fit": small_fit,
            "link.fit": b"/etc/passwd",
            "fine/run.fit": small_fit,
        },
        links=("link.fit",),
    )
    summary = import_paths(runs, [archive], WHEN, workers=1)
    assert summary.imported == 1
    refused = {f.file.split("evil.zip/", 1)[1]: f.reason for f in summary.failed}
    assert set(refused) == {
        "../../outside.fit",
        "/etc/cron.d/run.fit",
        "C:/Windows/run.fit",
        "link.fit",
    }
    assert set(refused.values()) == {str(UnsafeArchivePath())}
    assert not (tmp_path.parent / "outside.fit").exists()


def test_a_zip_bomb_is_refused_and_the_rest_of_the_archive_imported(
    small_fit: bytes, runs: StoreSink, tmp_path: Path
) -> None:
    bomb = b"\x00" * (30 * 1024 * 1024)  # packs about a thousand times
    archive = _zip_with(tmp_path / "bomb.zip", {"bomb.fit": bomb, "run.fit": small_fit})
    limits = Limits(file_bytes=64 * 1024 * 1024, ratio=200)
    summary = import_paths(runs, [archive], WHEN, limits=limits, workers=1)
    assert summary.imported == 1
    assert [(f.file.rsplit("/", 1)[-1], f.reason) for f in summary.failed] == [
        ("bomb.fit", str(CompressionBomb(200)))
    ]


def test_a_gzip_bomb_stops_unpacking_at_the_cap() -> None:
    packed = gzip.compress(b"\x00" * (20 * 1024 * 1024))
    with pytest.raises(CompressionBomb):
        gunzip(packed, Limits(ratio=200))
    with pytest.raises(TooLarge):
        gunzip(packed, Limits(file_bytes=2 * 1024 * 1024, ratio=100_000))


def test_a_huge_gpx_is_refused_by_size_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "huge.gpx"
    with path.open("wb") as out:
        out.write(b'<?xml version="1.0"?><gpx><trk><trkseg>')
        point = b'<trkpt lat="1" lon="1"><time>2026-01-01T00:00:00Z</time></trkpt>'
        out.write(point * 40_000)
        out.write(b"</trkseg></trk></gpx>")
    limits = Limits(file_bytes=1024 * 1024)
    result = decode_source(Source(name=path.name, path=str(path)), limits)
    assert result.error == str(TooLarge(1024 * 1024))


def test_archives_nested_deeper_than_an_export_are_refused(
    small_fit: bytes, tmp_path: Path
) -> None:
    inner = _zip_with(tmp_path / "a.zip", {"run.fit": small_fit}).read_bytes()
    middle = _zip_with(tmp_path / "b.zip", {"a.zip": inner}).read_bytes()
    outer = _zip_with(tmp_path / "c.zip", {"b.zip": middle})
    found = collect([outer], tmp_path)
    assert found.sources == []
    assert [p.name for p in found.problems] == [f"{outer}/b.zip/a.zip"]


def test_a_corrupt_zip_is_reported_and_the_other_paths_go_on(
    small_fit: bytes, runs: StoreSink, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    good = tmp_path / "good.fit"
    good.write_bytes(small_fit)
    summary = import_paths(runs, [broken, good, tmp_path / "missing.fit"], WHEN, workers=1)
    assert summary.imported == 1
    reasons = {Path(f.file).name: f.reason for f in summary.failed}
    assert reasons["missing.fit"] == "no such file or folder"
    assert reasons["broken.zip"].startswith("cannot read the archive")


def test_a_member_with_a_bad_crc_inside_a_zip_is_refused(small_fit: bytes, tmp_path: Path) -> None:
    archive = _zip_with(tmp_path / "crc.zip", {"run.fit": small_fit})
    data = bytearray(archive.read_bytes())
    # Flip a byte inside the packed data: zipfile's CRC-32 check catches it.
    data[len(data) // 3] ^= 0xFF
    archive.write_bytes(bytes(data))
    result = decode_source(Source(name="crc.zip/run.fit", path=str(archive), member="run.fit"))
    assert result.error is not None and result.runs == ()


def test_files_that_are_not_run_files_inside_a_folder_are_ignored(
    small_fit: bytes, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "run.fit").write_bytes(small_fit)
    (folder / "notes.txt").write_text("not a run")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    found = collect([folder], tmp_path)
    assert [Path(s.path).name for s in found.sources] == ["run.fit"]
    assert found.problems == []


def test_an_unreadable_file_is_reported(tmp_path: Path) -> None:
    folder_named_like_a_run = tmp_path / "odd.fit"
    folder_named_like_a_run.mkdir()
    result = decode_source(Source(name="odd.fit", path=str(folder_named_like_a_run)))
    assert result.error is not None and result.error.startswith("cannot read the file")


def test_read_source_unzips_and_gunzips(small_fit: bytes, tmp_path: Path) -> None:
    archive = _zip_with(tmp_path / "gz.zip", {"activities/1.fit.gz": gzip.compress(small_fit)})
    source = Source(name="x", path=str(archive), member="activities/1.fit.gz")
    assert read_source(source) == small_fit
