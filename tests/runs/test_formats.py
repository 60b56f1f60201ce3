"""Each format, read back from files written by other libraries, gives the run's true figures."""

from __future__ import annotations

import gzip
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest

from gethip.runs.activity import pack_samples, summarise, unpack_samples
from gethip.runs.archives import Source
from gethip.runs.errors import NotARunFile, UnsafeXml
from gethip.runs.fit import read_fit
from gethip.runs.gpx import read_gpx
from gethip.runs.importer import decode_source
from gethip.runs.tcx import read_tcx
from tests.runs.conftest import RunFiles
from tests.runs.factories import RunSpec, fit_bytes, gpx_bytes, simulate, tcx_bytes


def test_fit_run_reads_back_with_the_watch_figures(morning_run: RunFiles) -> None:
    track = morning_run.track
    [activity] = read_fit(morning_run.fit)
    facts = summarise(activity)
    assert activity.sport == "running"
    assert facts.start == track.spec.start
    assert facts.utc_offset_minutes == 60
    assert facts.elapsed_s == pytest.approx(track.t[-1])
    assert facts.distance_m == pytest.approx(track.distance[-1], abs=0.5)
    assert facts.sample_count == len(track.t)


def test_fit_cadence_is_strides_doubled_into_steps_with_the_fraction_kept(
    morning_run: RunFiles,
) -> None:
    track = morning_run.track
    [activity] = read_fit(morning_run.fit)
    moving = track.speed > 0
    # FIT keeps strides per minute in 1/128 steps: a few hundredths of a step.
    assert np.allclose(activity.samples.cadence[moving], track.cadence[moving], atol=0.02)
    facts = summarise(activity)
    assert facts.cadence_spm == pytest.approx(track.cadence[moving].mean(), abs=0.05)
    assert 150 < facts.cadence_spm < 200


def test_moving_time_leaves_out_the_stop_at_the_lights(morning_run: RunFiles) -> None:
    facts = summarise(read_fit(morning_run.fit)[0])
    pause = morning_run.track.spec.pause_seconds
    assert facts.moving_s == pytest.approx(facts.elapsed_s - pause, abs=2)


def test_step_length_is_the_devices_when_the_file_has_one(morning_run: RunFiles) -> None:
    track = morning_run.track
    facts = summarise(read_fit(morning_run.fit)[0])
    assert facts.step_length_from_device
    assert facts.step_length_m == pytest.approx(track.step_length[track.speed > 0].mean(), abs=1e-3)


def test_step_length_is_derived_from_speed_and_cadence_when_the_device_gave_none() -> None:
    track = simulate(RunSpec(minutes=10, step_length=1.1, seed=3))
    facts = summarise(read_fit(fit_bytes(track))[0])
    assert not facts.step_length_from_device
    assert facts.moving_s and facts.distance_m and facts.cadence_spm
    expected = (facts.distance_m / facts.moving_s) / (facts.cadence_spm / 60)
    assert facts.step_length_m == pytest.approx(expected, rel=1e-3)
    assert facts.step_length_m == pytest.approx(1.1, abs=0.03)


@pytest.mark.parametrize("kind", ["treadmill", "trail"])
def test_treadmill_and_trail_runs_are_runs(kind: str) -> None:
    track = simulate(RunSpec(minutes=5, kind=kind, seed=4))
    [activity] = read_fit(fit_bytes(track))
    assert activity.sport == "running"
    assert activity.sub_sport == kind


@pytest.mark.parametrize("kind", ["cycling", "walking"])
def test_other_sports_are_read_as_what_they_are(kind: str) -> None:
    [activity] = read_fit(fit_bytes(simulate(RunSpec(minutes=5, kind=kind, seed=5))))
    assert activity.sport == kind
    assert not activity.is_run


def test_fit_with_an_empty_header_checksum_is_read_in_full() -> None:
    """Older devices write 0x0000 as the header CRC; the file's own CRC still covers the header."""
    track = simulate(RunSpec(minutes=5, seed=6))
    data = fit_bytes(track, header_crc=False)
    assert data[12:14] == b"\x00\x00"
    [activity] = read_fit(data)
    assert summarise(activity).distance_m == pytest.approx(track.distance[-1], abs=0.5)


def test_gpx_gives_distance_from_coordinates_and_cadence_in_steps(morning_run: RunFiles) -> None:
    track = morning_run.track
    [activity] = read_gpx(morning_run.gpx)
    facts = summarise(activity)
    assert activity.sport == "running"
    assert facts.start == track.spec.start
    assert facts.utc_offset_minutes is None
    assert facts.distance_m == pytest.approx(track.distance[-1], rel=0.01)
    moving = track.speed > 0
    # GPX rounds cadence to whole strides per minute: within one step.
    assert np.nanmax(np.abs(activity.samples.cadence[moving] - track.cadence[moving])) <= 1.01
    assert facts.moving_s == pytest.approx(facts.elapsed_s - track.spec.pause_seconds, abs=8)
    assert facts.ascent_m == pytest.approx(track.ascent, rel=0.35)


def test_tcx_gives_the_watch_distance_and_speed(morning_run: RunFiles) -> None:
    track = morning_run.track
    [activity] = read_tcx(morning_run.tcx)
    facts = summarise(activity)
    assert activity.sport == "running"
    assert facts.distance_m == pytest.approx(track.distance[-1], abs=0.5)
    assert np.allclose(activity.samples.speed, track.speed, atol=1e-3)
    assert facts.cadence_spm == pytest.approx(track.cadence[track.speed > 0].mean(), abs=0.5)


def test_a_gpx_without_a_type_has_an_unknown_sport() -> None:
    [activity] = read_gpx(gpx_bytes(simulate(RunSpec(minutes=3, seed=7)), kind_tag=None))
    assert activity.sport == "unknown"


def test_strava_numeric_type_nine_is_a_run() -> None:
    [activity] = read_gpx(gpx_bytes(simulate(RunSpec(minutes=3, seed=7)), kind_tag="9"))
    assert activity.sport == "running"


def test_tcx_biking_is_cycling() -> None:
    [activity] = read_tcx(tcx_bytes(simulate(RunSpec(minutes=3, seed=7)), sport="Biking"))
    assert activity.sport == "cycling"


@pytest.mark.parametrize("fmt", ["fit", "gpx", "tcx"])
def test_gzipped_files_import_like_plain_ones(
    tmp_path: Path, morning_run: RunFiles, fmt: str
) -> None:
    data: bytes = getattr(morning_run, fmt)
    plain = tmp_path / f"run.{fmt}"
    packed = tmp_path / f"run.{fmt}.gz"
    plain.write_bytes(data)
    packed.write_bytes(gzip.compress(data))
    first = decode_source(Source(name=plain.name, path=str(plain)))
    second = decode_source(Source(name=packed.name, path=str(packed)))
    assert first.error is None and second.error is None
    # The hash is of the unpacked file: the same run packed or not is one file.
    assert first.sha256 == second.sha256
    assert first.runs == second.runs


def test_a_file_is_read_by_its_contents_not_its_name(tmp_path: Path, morning_run: RunFiles) -> None:
    misnamed = tmp_path / "run.fit"
    misnamed.write_bytes(morning_run.gpx)
    result = decode_source(Source(name=misnamed.name, path=str(misnamed)))
    assert result.error is None
    assert result.format == "gpx"


@pytest.mark.parametrize(
    ("content", "looks_like"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "a PNG image"),
        (b"PK\x03\x04" + bytes(100), "a zip archive"),
        (b"<html><body>hello</body></html>", "markup of another kind"),
        (b"", "an empty file"),
    ],
)
def test_a_file_that_is_no_run_file_is_refused_and_says_what_it_looks_like(
    tmp_path: Path, content: bytes, looks_like: str
) -> None:
    path = tmp_path / "run.fit"
    path.write_bytes(content)
    result = decode_source(Source(name=path.name, path=str(path)))
    assert result.error == str(NotARunFile(looks_like))
    assert not result.runs


def test_xml_with_entities_is_refused_before_parsing() -> None:
    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        b'<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="1"><time>&b;</time>'
        b"</trkpt></trkseg></trk></gpx>"
    )
    with pytest.raises(UnsafeXml):
        read_gpx(laughs)


def test_external_entities_are_never_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("2020-01-01T00:00:00Z")
    sneaky = (
        f'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<gpx><trk><trkseg><trkpt lat="1" lon="1"><time>&x;</time></trkpt></trkseg></trk></gpx>'
    ).encode()
    with pytest.raises(UnsafeXml):
        read_gpx(sneaky)


def test_samples_pack_to_a_few_bytes_a_second_and_round_trip(morning_run: RunFiles) -> None:
    track = morning_run.track
    blob = pack_samples(track.t, track.speed, track.cadence)
    assert len(blob) < 4 * len(track.t)
    t, speed, cadence = unpack_samples(blob)
    assert np.allclose(t, track.t)
    assert np.allclose(speed, track.speed, atol=5e-4)
    assert np.allclose(cadence, track.cadence, atol=0.05)


def test_missing_values_survive_packing_as_missing() -> None:
    t = np.arange(4.0)
    speed = np.array([3.0, np.nan, 3.1, 100.0])  # 100 m/s does not fit: stored as missing
    cadence = np.array([170.0, 171.0, np.nan, 172.0])
    _, speed_back, cadence_back = unpack_samples(pack_samples(t, speed, cadence))
    assert np.isnan(speed_back[[1, 3]]).all() and np.isnan(cadence_back[2])


def test_a_triathlon_yields_only_its_run_leg(tmp_path: Path) -> None:
    # Two FIT files chained in one, as multisport watches write them.
    ride_spec = RunSpec(minutes=5, seed=9, kind="cycling", speed=7.0)
    ride = simulate(ride_spec)
    run = simulate(RunSpec(minutes=5, seed=8, start=ride_spec.start + timedelta(minutes=6)))
    path = tmp_path / "multi.fit"
    path.write_bytes(fit_bytes(ride) + fit_bytes(run))
    result = decode_source(Source(name=path.name, path=str(path)))
    assert result.error is None
    assert result.skipped == 1
    assert len(result.runs) == 1
    assert result.runs[0].start == run.spec.start
    assert result.runs[0].sample_count == len(run.t)
