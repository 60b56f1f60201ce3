"""The backup file: everything one runner has, as versioned JSON with a checksum against damage.

The file::

    {
      "format": "gethip-backup",
      "version": 2,
      "created_at": "2026-11-25T08:00:00Z",
      "created_by": "gethip 0.1.0",
      "sections": {
        "practices": [{"id": "…", "session": "openers", "breath_seconds": 6.0, …,
                       "steps": [{"index": 1, "outcome": "done", "worked_seconds": 30.0, …}]}],
        "profiles": [{"version": 1, "changed_at": "…", "data": {…}, "changed": […]}],
        "runs": [{"start": "2026-03-02T06:30:00Z", "elapsed_s": 1200.0, …,
                  "sha256": "9f86d0…", "leg": 0, "samples": "AbAEAAB4n…"}],
        "checks": [{"id": "…", "measured_at": "2026-03-02T06:30:00Z", "test": "thomas",
                    "side": "left", "thigh_angle_deg": -9.1, …, "recording_sha256": "…"}]
      },
      "checksum": {"algorithm": "sha256", "value": "…"}
    }

Timestamps carry their zone, floats are written exactly (shortest repr, read
back bit for bit), a run's packed per-second samples are base64.

The checksum is SHA-256 over the canonical JSON of every other top-level key
(sorted keys, no spaces, UTF-8): re-indenting keeps the file valid, a flipped
byte does not. It guards against damage, not against edits: anyone can
recompute it. What keeps an edited file from harming a database is that every
record is checked on restore with the same models and bounds the live app
applies (see ``gethip.app.backups``), and belongs to whoever restores it.

Files written before hip checks were kept simply have no ``checks`` section,
and read as having none.

Version 1 files (a ``users`` section, owners named in every row, steps without
their outcome) are still read: owners are ignored and every step counts as
played to its end, which is all the players of version 1 saved.

Adding a section: a record model here, its rows in ``gethip.store.backup_rows``,
its name in :data:`SECTIONS` after the sections it refers to. Bump
:data:`VERSION` only when an existing section changes shape in a way an older
gethip would misread; an older gethip refuses newer versions.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import struct
import uuid
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_serializer,
    field_validator,
    model_validator,
)

from gethip.core.hipcheck import LIMITS as CHECK_LIMITS
from gethip.core.hipcheck import MAX_FRAMES, MAX_POSE_MODEL, CheckTest, Verdict
from gethip.core.hipcheck import Side as CheckSide
from gethip.core.limits import (
    MAX_BREATH_SECONDS,
    MAX_BUDGET_MINUTES,
    MIN_BREATH_SECONDS,
    MIN_BUDGET_MINUTES,
    RATING_MAX,
    RATING_MIN,
)
from gethip.core.practice import PracticeStatus, StepOutcome
from gethip.core.profile import InvalidProfile, make_profile
from gethip.core.timeline import SegmentKind, Side
from gethip.exports.backup_errors import BackupError as BackupError
from gethip.exports.backup_errors import CorruptBackup as CorruptBackup
from gethip.exports.backup_errors import DamagedBackup as DamagedBackup
from gethip.exports.backup_errors import InvalidBackup as InvalidBackup
from gethip.exports.backup_errors import NewerBackup as NewerBackup

FORMAT = "gethip-backup"
VERSION = 2
CHECKSUM_ALGORITHM = "sha256"
# The most steps a session has is under a hundred; far more is not a session.
MAX_STEPS = 1000
# Bounds on a run's figures: a week-long ultra, a run around the world twice.
MAX_RUN_SECONDS = 7 * 86_400.0
MAX_RUN_METRES = 100_000_000.0
MAX_CADENCE = 400.0
MAX_STEP_METRES = 5.0
MAX_ASCENT_METRES = 100_000.0
# An angle the hip check reads lies within a half turn either way.
MAX_CHECK_DEGREES = 180.0


# --- records: one validated model per row kind --------------------------------


def _uuid(value: str, what: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ValueError(f"{what} must be a UUID") from None


class Record(BaseModel):
    # Strict: a backup is data we wrote, so "5" where 5 belongs means damage, not a typo to forgive.
    # Every float must be a real number: JSON has no NaN, and 1e308 fails the bounds.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, allow_inf_nan=False)


class StepEntry(Record):
    index: int = Field(ge=0, lt=MAX_STEPS)
    move: str = Field(min_length=1, max_length=60)
    side: Side | None = Field(default=None, strict=False)
    kind: SegmentKind = Field(strict=False)
    start: float = Field(ge=0, le=86_400)
    duration: float = Field(gt=0, le=86_400)
    reps: int | None = Field(default=None, ge=0, le=MAX_STEPS)
    breaths: int | None = Field(default=None, ge=0, le=MAX_STEPS)
    # Version 1 saved only steps played to their end.
    outcome: StepOutcome = Field(default=StepOutcome.DONE, strict=False)
    worked_seconds: float | None = Field(default=None, ge=0, le=86_400)
    finished_at: AwareDatetime = Field(strict=False)


class PracticeEntry(Record):
    id: str
    session: str = Field(min_length=1, max_length=60)
    breath_seconds: float = Field(ge=MIN_BREATH_SECONDS, le=MAX_BREATH_SECONDS)
    minutes: int | None = Field(default=None, ge=MIN_BUDGET_MINUTES, le=MAX_BUDGET_MINUTES)
    started_at: AwareDatetime = Field(strict=False)
    ended_at: AwareDatetime | None = Field(default=None, strict=False)
    status: PracticeStatus = Field(strict=False)
    segments_total: int = Field(ge=1, le=MAX_STEPS)
    tightness: int | None = Field(default=None, ge=RATING_MIN, le=RATING_MAX)
    pain: int | None = Field(default=None, ge=RATING_MIN, le=RATING_MAX)
    # JSON has lists, not tuples: the one lax field, its items still strict.
    steps: tuple[StepEntry, ...] = Field(default=(), strict=False)

    @field_validator("id")
    @classmethod
    def id_is_a_uuid(cls, value: str) -> str:
        return _uuid(value, "a practice id")

    @field_validator("steps")
    @classmethod
    def step_indexes_are_unique(cls, value: tuple[StepEntry, ...]) -> tuple[StepEntry, ...]:
        indexes = [step.index for step in value]
        if len(set(indexes)) != len(indexes):
            raise ValueError("two steps share an index")
        return value


class ProfileEntry(Record):
    version: int = Field(ge=1, le=1_000_000)
    changed_at: AwareDatetime = Field(strict=False)
    data: dict[str, Any]
    changed: tuple[str, ...] = Field(strict=False)

    @field_validator("data")
    @classmethod
    def data_is_a_valid_profile(cls, value: dict[str, Any]) -> dict[str, Any]:
        try:
            make_profile(value)
        except InvalidProfile as error:
            raise ValueError(str(error)) from None
        return value


class RunEntry(Record):
    """One imported run, its figures and packed samples (as base64)."""

    start: AwareDatetime = Field(strict=False)
    # Python's timezone() takes offsets under a day; the file gave this one.
    utc_offset_minutes: int | None = Field(default=None, gt=-24 * 60, lt=24 * 60)
    sport: str = Field(min_length=1, max_length=40)
    sub_sport: str | None = Field(default=None, max_length=40)
    elapsed_s: float = Field(gt=0, le=MAX_RUN_SECONDS)
    moving_s: float | None = Field(default=None, ge=0, le=MAX_RUN_SECONDS)
    distance_m: float | None = Field(default=None, ge=0, le=MAX_RUN_METRES)
    cadence_spm: float | None = Field(default=None, ge=0, le=MAX_CADENCE)
    step_length_m: float | None = Field(default=None, ge=0, le=MAX_STEP_METRES)
    step_length_from_device: bool
    ascent_m: float | None = Field(default=None, ge=0, le=MAX_ASCENT_METRES)
    source: str = Field(max_length=1000)
    source_format: Literal["fit", "tcx", "gpx"]
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    leg: int = Field(ge=0, le=1000)
    sample_count: int = Field(ge=0, le=10_000_000)
    speed_samples: int = Field(ge=0, le=10_000_000)
    # After sample_count: its check reads the count.
    samples: bytes
    imported_at: AwareDatetime = Field(strict=False)

    @field_validator("speed_samples")
    @classmethod
    def speed_samples_are_samples(cls, value: int, info: ValidationInfo) -> int:
        count = info.data.get("sample_count")
        if count is not None and value > count:
            raise ValueError("more samples with a speed than samples")
        return value

    @field_validator("samples", mode="before")
    @classmethod
    def samples_from_base64(cls, value: object) -> object:
        if not isinstance(value, str):
            return value  # bytes from Python; anything else fails the strict check
        try:
            return base64.b64decode(value, validate=True)
        except binascii.Error:
            raise ValueError("the samples are not base64") from None

    @field_validator("samples")
    @classmethod
    def samples_unpack(cls, value: bytes, info: ValidationInfo) -> bytes:
        problem = _samples_problem(value, info.data.get("sample_count"))
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_serializer("samples", when_used="json")
    def samples_to_base64(self, value: bytes) -> str:
        return base64.b64encode(value).decode("ascii")


class CheckEntry(Record):
    """One hip check reading as the core measured it (its landmarks are not kept)."""

    id: str
    measured_at: AwareDatetime = Field(strict=False)
    test: CheckTest = Field(strict=False)
    side: CheckSide = Field(strict=False)
    thigh_angle_deg: float | None = Field(default=None, ge=-MAX_CHECK_DEGREES, le=MAX_CHECK_DEGREES)
    hip_extension_deg: float | None = Field(
        default=None, ge=-MAX_CHECK_DEGREES, le=MAX_CHECK_DEGREES
    )
    knee_angle_deg: float = Field(ge=0, le=MAX_CHECK_DEGREES)
    spread_deg: float = Field(ge=0, le=MAX_CHECK_DEGREES)
    # Derived from the spread on restore; read here only to be checked for range.
    uncertainty_deg: float = Field(ge=CHECK_LIMITS.base_uncertainty_deg, le=2 * MAX_CHECK_DEGREES)
    frames_total: int = Field(ge=CHECK_LIMITS.min_frames, le=MAX_FRAMES)
    # After frames_total: its check reads the total.
    frames_used: int = Field(ge=CHECK_LIMITS.min_frames, le=MAX_FRAMES)
    verdict: Verdict = Field(strict=False)
    pose_model: str | None = Field(default=None, min_length=1, max_length=MAX_POSE_MODEL)
    recording_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    saved_at: AwareDatetime = Field(strict=False)

    @field_validator("id")
    @classmethod
    def id_is_a_uuid(cls, value: str) -> str:
        return _uuid(value, "a hip check id")

    @field_validator("frames_used")
    @classmethod
    def used_frames_are_frames(cls, value: int, info: ValidationInfo) -> int:
        total = info.data.get("frames_total")
        if total is not None and value > total:
            raise ValueError("more frames used than frames recorded")
        return value

    @model_validator(mode="after")
    def the_tests_own_angle(self) -> CheckEntry:
        # The Thomas test reads the thigh angle, the lunge the hip extension; never both.
        thomas = self.test is CheckTest.THOMAS
        own, other = (
            ("thigh_angle_deg", "hip_extension_deg")
            if thomas
            else ("hip_extension_deg", "thigh_angle_deg")
        )
        if getattr(self, own) is None or getattr(self, other) is not None:
            raise ValueError(f"a {self.test.value} reading has {own} and no {other}")
        return self


def _samples_problem(blob: bytes, count: int | None) -> str | None:
    """Why `blob` is not `count` samples as gethip.runs.activity.pack_samples packs them, if not."""
    # The app's own reader decides whether it can read them (NumPy loads only here).
    from gethip.runs.activity import unpack_samples

    try:
        t, _speed, _cadence = unpack_samples(blob)
        packed = struct.unpack_from("<BI", blob)[1]
        body = zlib.decompress(blob[5:])
    except (ValueError, struct.error, zlib.error) as error:
        return f"the samples cannot be unpacked ({error})"
    # Each sample packs a time step (4 bytes), a speed (2) and a cadence (2).
    if len(body) != 8 * packed:
        return f"the samples hold {len(body)} bytes for {packed} samples"
    if count is not None and packed != count:
        return f"the samples hold {packed} samples, not sample_count {count}"
    if len(t) and float(t[-1]) > MAX_RUN_SECONDS:
        return "the samples run longer than a week"
    return None


# The sections in restore order (a section comes after the ones its rows refer to),
# and their record models.
SECTIONS: dict[str, type[Record]] = {
    "practices": PracticeEntry,
    "profiles": ProfileEntry,
    "runs": RunEntry,
    "checks": CheckEntry,
}
# Version 1 also had these; their content is no longer used.
RETIRED_SECTIONS = frozenset({"users"})
# Version 1 named an owner in every row; gethip now gives every row to whoever restores it.
RETIRED_FIELDS = {
    "practices": ("user_id", "deviation"),
    "profiles": ("user_id",),
    "runs": ("user_id", "id"),
}


# --- the file -------------------------------------------------------------------


def canonical_json(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def checksum(payload: Mapping[str, Any]) -> str:
    """SHA-256 of every top-level key but the checksum itself, in canonical JSON."""
    body = {key: value for key, value in payload.items() if key != "checksum"}
    return hashlib.sha256(canonical_json(body)).hexdigest()


def seal(document: Mapping[str, Any]) -> dict[str, Any]:
    """The document with its checksum set to match its contents."""
    sealed = {key: value for key, value in document.items() if key != "checksum"}
    sealed["checksum"] = {"algorithm": CHECKSUM_ALGORITHM, "value": checksum(sealed)}
    return sealed


def write_backup(
    sections: Mapping[str, Sequence[Record]], created_at: datetime, created_by: str
) -> bytes:
    document = seal(
        {
            "format": FORMAT,
            "version": VERSION,
            "created_at": created_at.isoformat(),
            "created_by": created_by,
            "sections": {
                name: [record.model_dump(mode="json") for record in sections.get(name, ())]
                for name in SECTIONS
            },
        }
    )
    return (json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode()


@dataclass(frozen=True)
class Backup:
    """A backup file that passed every check of its own, its records validated per section."""

    version: int
    created_at: str
    sections: dict[str, list[Any]]

    def count(self, section: str) -> int:
        return len(self.sections.get(section, []))


def read_backup(data: bytes) -> Backup:
    """Check a backup file without touching any database: JSON, format, version, checksum, content."""
    document = _parse_json(data)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise CorruptBackup(f'not a gethip backup: no "format": "{FORMAT}" at its top')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise CorruptBackup("not a gethip backup: its version is missing or not a whole number")
    # Before the checksum: a newer version may checksum differently.
    if version > VERSION:
        raise NewerBackup(
            f"this backup is format version {version}, written by a newer gethip; "
            f"this one reads up to version {VERSION}. Update gethip to restore it"
        )
    sealed = document.get("checksum")
    if not isinstance(sealed, dict) or sealed.get("algorithm") != CHECKSUM_ALGORITHM:
        raise DamagedBackup(f"the backup has no {CHECKSUM_ALGORITHM} checksum")
    if sealed.get("value") != checksum(document):
        raise DamagedBackup(
            "the backup's checksum does not match its contents: "
            "it was changed or damaged after it was written"
        )
    raw_sections = document.get("sections")
    if not isinstance(raw_sections, dict):
        raise InvalidBackup('invalid backup content: "sections" is missing or not an object')
    unknown = sorted(set(raw_sections) - set(SECTIONS) - RETIRED_SECTIONS)
    if unknown:
        raise InvalidBackup(
            f"invalid backup content: unknown section '{unknown[0]}'; "
            f"this gethip knows {', '.join(SECTIONS)}"
        )
    sections = {
        name: _parse_section(name, model, raw_sections.get(name, []), version)
        for name, model in SECTIONS.items()
    }
    return Backup(version=version, created_at=str(document.get("created_at")), sections=sections)


def _parse_section(name: str, model: type[Record], raw: object, version: int) -> list[Any]:
    if not isinstance(raw, list):
        raise InvalidBackup(f"invalid backup content: section '{name}' is not a list")
    records = []
    for position, item in enumerate(raw):
        if version == 1 and isinstance(item, dict):
            item = _from_version_1(name, item)
        try:
            records.append(model.model_validate(item))
        except ValidationError as error:
            first = error.errors()[0]
            where = _location(f"{name}[{position}]", first["loc"])
            raise InvalidBackup(f"invalid backup content at {where}: {first['msg']}") from None
    return records


def _from_version_1(name: str, item: dict[str, Any]) -> dict[str, Any]:
    item = {key: value for key, value in item.items() if key not in RETIRED_FIELDS.get(name, ())}
    if name == "practices" and "segments" in item:
        item["steps"] = item.pop("segments")
    return item


def _parse_json(data: bytes) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CorruptBackup("not a gethip backup: the file is not UTF-8 text") from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise CorruptBackup(
            f"not a gethip backup: the file is not valid JSON "
            f"(line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except (_NotJsonNumber, RecursionError) as error:
        raise CorruptBackup(f"not a gethip backup: {error or 'nested too deeply'}") from None


class _NotJsonNumber(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    # Python's json reads NaN and Infinity, which no other JSON reader does.
    raise _NotJsonNumber(f"{name} is not a number JSON allows")


def _location(prefix: str, loc: Sequence[int | str]) -> str:
    where = prefix
    for part in loc:
        where += f"[{part}]" if isinstance(part, int) else f".{part}"
    return where
