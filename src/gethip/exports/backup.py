"""Everything a user has, out to one JSON file and back in, without loss.

The file::

    {
      "format": "gethip-backup",
      "version": 1,
      "created_at": "2026-11-25T08:00:00Z",
      "created_by": "gethip 0.1.0",
      "sections": {
        "users": [...],
        "practices": [...],
        "profiles": [...],
        "runs": [
          {
            "id": 1, "user_id": 1, "start": "2026-03-02T06:30:00Z",
            "utc_offset_minutes": 60, "sport": "running", "elapsed_s": 1200.0, ...,
            "sha256": "9f86d0...", "leg": 0, "sample_count": 1200,
            "samples": "AbAEAAB4n...", "imported_at": "2026-11-01T00:00:00Z"
          }
        ]
      },
      "checksum": {"algorithm": "sha256", "value": "..."}
    }

Timestamps carry their zone, floats are written exactly (shortest repr, read
back bit for bit), and a run's packed per-second samples are base64.

The checksum is SHA-256 over the canonical JSON of every other top-level key
(sorted keys, no spaces, UTF-8), so re-indenting the file keeps it valid but
changing any value does not.

Adding a section (settings, ...): write a :class:`Section` subclass with its
record model, and add it to :data:`SECTIONS` after the sections it refers to.
Files written before it simply lack it and restore as before. Bump
:data:`VERSION` only when an existing section changes shape in a way an older
gethip would misread; an older gethip refuses newer versions.

Restoring happens in one transaction and only adds: a practice already in the
database (by id) is left as it is, and so is a segment (by practice id and
index). A run already there is left as it is too, found as the importer finds
it: the same file (SHA-256 and position in the file) or another recording of
the same run (about the same start and length). A restored run keeps its id
unless this database already uses that id for another run. A refused file
changes nothing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import struct
import uuid
import zlib
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from typing import Any, ClassVar, Generic, Literal, TypeVar

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_serializer,
    field_validator,
)
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, selectinload

from gethip.core.errors import GethipError
from gethip.core.practice import RATING_MAX, RATING_MIN, PracticeStatus
from gethip.core.profile import InvalidProfile, make_profile
from gethip.core.timeline import Deviation, SegmentKind, Side
from gethip.store.database import Store
from gethip.store.models import LOCAL_USER_ID, Practice, PracticeSegment, User
from gethip.store.profile_models import ProfileVersion
from gethip.store.run_models import Run
from gethip.store.runs import SAME_START, same_length

FORMAT = "gethip-backup"
VERSION = 1
CHECKSUM_ALGORITHM = "sha256"


class BackupError(GethipError):
    """A backup file that cannot be restored; the message says why."""


class CorruptBackup(BackupError):
    pass


class NewerBackup(BackupError):
    pass


class TamperedBackup(BackupError):
    pass


class InvalidBackup(BackupError):
    pass


# --- records: one validated model per row kind --------------------------------


class Record(BaseModel):
    # Strict: a backup is data we wrote, so "5" where 5 belongs means damage, not a typo to forgive.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class UserRecord(Record):
    id: int = Field(ge=1)
    name: str = Field(min_length=1, max_length=120)
    created_at: AwareDatetime = Field(strict=False)


class SegmentRecord(Record):
    index: int = Field(ge=0)
    move: str = Field(min_length=1, max_length=60)
    side: Side | None = Field(default=None, strict=False)
    kind: SegmentKind = Field(strict=False)
    start: float = Field(ge=0)
    duration: float = Field(ge=0)
    reps: int | None = Field(default=None, ge=0)
    breaths: int | None = Field(default=None, ge=0)
    finished_at: AwareDatetime = Field(strict=False)


class PracticeRecord(Record):
    id: str
    user_id: int = Field(ge=1)
    session: str = Field(min_length=1, max_length=60)
    breath_seconds: float = Field(gt=0)
    minutes: int | None = Field(default=None, ge=1)
    started_at: AwareDatetime = Field(strict=False)
    ended_at: AwareDatetime | None = Field(default=None, strict=False)
    status: PracticeStatus = Field(strict=False)
    segments_total: int = Field(ge=0)
    tightness: int | None = Field(default=None, ge=RATING_MIN, le=RATING_MAX)
    pain: int | None = Field(default=None, ge=RATING_MIN, le=RATING_MAX)
    # Kept as the stored JSON (lossless), but it must read back as a Deviation.
    deviation: dict[str, Any] | None = None
    # JSON has lists, not tuples: the one lax field, its items still strict.
    segments: tuple[SegmentRecord, ...] = Field(default=(), strict=False)

    @field_validator("id")
    @classmethod
    def id_is_a_uuid(cls, value: str) -> str:
        try:
            return str(uuid.UUID(value))
        except ValueError:
            raise ValueError("a practice id must be a UUID") from None

    @field_validator("deviation")
    @classmethod
    def deviation_reads_back(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None:
            Deviation.model_validate(value)
        return value

    @field_validator("segments")
    @classmethod
    def segment_indexes_are_unique(
        cls, value: tuple[SegmentRecord, ...]
    ) -> tuple[SegmentRecord, ...]:
        indexes = [segment.index for segment in value]
        if len(set(indexes)) != len(indexes):
            raise ValueError("two segments share an index")
        return value


class RunRecord(Record):
    """One imported run, every column of its row; the packed samples as base64."""

    id: int = Field(ge=1)
    user_id: int = Field(ge=1)
    start: AwareDatetime = Field(strict=False)
    # Python's timezone() takes offsets under a day; the file gave this one.
    utc_offset_minutes: int | None = Field(default=None, gt=-24 * 60, lt=24 * 60)
    sport: str = Field(max_length=40)
    sub_sport: str | None = Field(default=None, max_length=40)
    elapsed_s: float
    moving_s: float | None = None
    distance_m: float | None = None
    cadence_spm: float | None = None
    step_length_m: float | None = None
    step_length_from_device: bool
    ascent_m: float | None = None
    source: str = Field(max_length=1000)
    source_format: Literal["fit", "tcx", "gpx"]
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    leg: int = Field(ge=0)
    sample_count: int = Field(ge=0)
    speed_samples: int = Field(ge=0)
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


def _samples_problem(blob: bytes, count: int | None) -> str | None:
    """Why `blob` is not `count` samples as gethip.runs.activity.pack_samples packs them, if not."""
    # The app's own reader decides whether it can read them (NumPy loads only here).
    from gethip.runs.activity import unpack_samples

    try:
        unpack_samples(blob)
        packed = struct.unpack_from("<BI", blob)[1]
        body = zlib.decompress(blob[5:])
    except (ValueError, struct.error, zlib.error) as error:
        return f"the samples cannot be unpacked ({error})"
    # Each sample packs a time step (4 bytes), a speed (2) and a cadence (2).
    if len(body) != 8 * packed:
        return f"the samples hold {len(body)} bytes for {packed} samples"
    if count is not None and packed != count:
        return f"the samples hold {packed} samples, not sample_count {count}"
    return None


# --- sections -----------------------------------------------------------------

RecordT = TypeVar("RecordT", bound=Record)


@dataclass
class RestoreReport:
    """Rows added and rows already there, per kind of row."""

    added: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, added: bool) -> None:
        counts = self.added if added else self.kept
        counts[kind] = counts.get(kind, 0) + 1

    @property
    def nothing_added(self) -> bool:
        return not any(self.added.values())


class Section(ABC, Generic[RecordT]):
    name: ClassVar[str]
    record: type[RecordT]

    @abstractmethod
    def dump(self, db: Session, user_id: int) -> list[RecordT]: ...

    @abstractmethod
    def restore(self, db: Session, records: Sequence[RecordT], report: RestoreReport) -> None: ...

    def parse(self, raw: object) -> list[RecordT]:
        if not isinstance(raw, list):
            raise InvalidBackup(f"invalid backup content: section '{self.name}' is not a list")
        records = []
        for position, item in enumerate(raw):
            try:
                records.append(self.record.model_validate(item))
            except ValidationError as error:
                first = error.errors()[0]
                where = _location(f"{self.name}[{position}]", first["loc"])
                raise InvalidBackup(f"invalid backup content at {where}: {first['msg']}") from None
        return records


def _require_owner(db: Session, user_id: int, what: str) -> None:
    """Users are restored first, so a row whose user is still missing points nowhere."""
    if db.get(User, user_id) is None:
        raise InvalidBackup(
            f"{what} belongs to user {user_id}, who is neither in the backup nor in this database"
        )


class UsersSection(Section[UserRecord]):
    name = "users"
    record = UserRecord

    def dump(self, db: Session, user_id: int) -> list[UserRecord]:
        user = db.get(User, user_id)
        if user is None:
            return []
        return [UserRecord(id=user.id, name=user.name, created_at=user.created_at)]

    def restore(self, db: Session, records: Sequence[UserRecord], report: RestoreReport) -> None:
        for record in records:
            existing = db.get(User, record.id)
            if existing is not None:
                if existing.name != record.name:
                    raise InvalidBackup(
                        f"user {record.id} is '{existing.name}' in this database "
                        f"but '{record.name}' in the backup"
                    )
                # Every database makes its local user when first opened; the
                # user has existed since the earlier of the two dates.
                existing.created_at = min(existing.created_at, record.created_at)
                report.count(self.name, added=False)
                continue
            if db.scalar(select(User.id).where(User.name == record.name)) is not None:
                raise InvalidBackup(
                    f"the name '{record.name}' belongs to another user in this database"
                )
            db.add(User(id=record.id, name=record.name, created_at=record.created_at))
            report.count(self.name, added=True)


class PracticesSection(Section[PracticeRecord]):
    name = "practices"
    record = PracticeRecord

    def dump(self, db: Session, user_id: int) -> list[PracticeRecord]:
        practices = db.scalars(
            select(Practice)
            .where(Practice.user_id == user_id)
            .order_by(Practice.started_at, Practice.id)
            .options(selectinload(Practice.segments))
        ).all()
        return [
            PracticeRecord(
                id=p.id,
                user_id=p.user_id,
                session=p.session,
                breath_seconds=p.breath_seconds,
                minutes=p.minutes,
                started_at=p.started_at,
                ended_at=p.ended_at,
                status=PracticeStatus(p.status),
                segments_total=p.segments_total,
                tightness=p.tightness,
                pain=p.pain,
                deviation=p.deviation,
                segments=tuple(
                    SegmentRecord(
                        index=s.index,
                        move=s.move,
                        side=Side(s.side) if s.side else None,
                        kind=SegmentKind(s.kind),
                        start=s.start,
                        duration=s.duration,
                        reps=s.reps,
                        breaths=s.breaths,
                        finished_at=s.finished_at,
                    )
                    for s in p.segments
                ),
            )
            for p in practices
        ]

    def restore(
        self, db: Session, records: Sequence[PracticeRecord], report: RestoreReport
    ) -> None:
        for record in records:
            existing = db.get(Practice, record.id)
            if existing is None:
                _require_owner(db, record.user_id, f"practice {record.id}")
                db.add(
                    Practice(
                        id=record.id,
                        user_id=record.user_id,
                        session=record.session,
                        breath_seconds=record.breath_seconds,
                        minutes=record.minutes,
                        started_at=record.started_at,
                        ended_at=record.ended_at,
                        status=record.status.value,
                        segments_total=record.segments_total,
                        tightness=record.tightness,
                        pain=record.pain,
                        deviation=record.deviation,
                    )
                )
                report.count(self.name, added=True)
                saved: set[int] = set()
            else:
                if existing.user_id != record.user_id:
                    raise InvalidBackup(
                        f"practice {record.id} belongs to another user in this database"
                    )
                report.count(self.name, added=False)
                saved = set(
                    db.scalars(
                        select(PracticeSegment.index).where(
                            PracticeSegment.practice_id == record.id
                        )
                    )
                )
            for segment in record.segments:
                if segment.index in saved:
                    report.count("segments", added=False)
                    continue
                db.add(
                    PracticeSegment(
                        practice_id=record.id,
                        index=segment.index,
                        move=segment.move,
                        side=segment.side.value if segment.side else None,
                        kind=segment.kind.value,
                        start=segment.start,
                        duration=segment.duration,
                        reps=segment.reps,
                        breaths=segment.breaths,
                        finished_at=segment.finished_at,
                    )
                )
                report.count("segments", added=True)


class ProfileVersionRecord(Record):
    user_id: int = Field(ge=1)
    version: int = Field(ge=1)
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


class ProfilesSection(Section[ProfileVersionRecord]):
    """Every saved version of the profile: its history is part of the user's data."""

    name = "profiles"
    record = ProfileVersionRecord

    def dump(self, db: Session, user_id: int) -> list[ProfileVersionRecord]:
        rows = db.scalars(
            select(ProfileVersion)
            .where(ProfileVersion.user_id == user_id)
            .order_by(ProfileVersion.version)
        ).all()
        return [
            ProfileVersionRecord(
                user_id=row.user_id,
                version=row.version,
                changed_at=row.changed_at,
                data=row.data,
                changed=tuple(row.changed),
            )
            for row in rows
        ]

    def restore(
        self, db: Session, records: Sequence[ProfileVersionRecord], report: RestoreReport
    ) -> None:
        for record in records:
            existing = db.scalar(
                select(ProfileVersion.id).where(
                    ProfileVersion.user_id == record.user_id,
                    ProfileVersion.version == record.version,
                )
            )
            if existing is not None:
                report.count(self.name, added=False)
                continue
            _require_owner(db, record.user_id, f"profile version {record.version}")
            db.add(
                ProfileVersion(
                    user_id=record.user_id,
                    version=record.version,
                    changed_at=record.changed_at,
                    data=record.data,
                    changed=list(record.changed),
                )
            )
            report.count(self.name, added=True)


class RunsSection(Section[RunRecord]):
    """Every imported run with its per-second samples, kept once as the importer keeps it."""

    name = "runs"
    record = RunRecord

    def dump(self, db: Session, user_id: int) -> list[RunRecord]:
        rows = db.scalars(
            select(Run).where(Run.user_id == user_id).order_by(Run.start, Run.id)
        ).all()
        return [
            RunRecord(**{column: getattr(row, column) for column in _RUN_COLUMNS}) for row in rows
        ]

    def parse(self, raw: object) -> list[RunRecord]:
        records = super().parse(raw)
        ids: set[int] = set()
        files: set[tuple[int, str, int]] = set()
        for position, record in enumerate(records):
            if record.id in ids:
                raise InvalidBackup(
                    f"invalid backup content at {self.name}[{position}].id: "
                    f"run {record.id} appears twice"
                )
            file = (record.user_id, record.sha256, record.leg)
            if file in files:
                raise InvalidBackup(
                    f"invalid backup content at {self.name}[{position}].sha256: "
                    f"the same run of the same file (leg {record.leg}) appears twice"
                )
            ids.add(record.id)
            files.add(file)
        return records

    def restore(self, db: Session, records: Sequence[RunRecord], report: RestoreReport) -> None:
        new: list[RunRecord] = []
        for record in records:
            if self._same_run(db, record):
                report.count(self.name, added=False)
                continue
            _require_owner(db, record.user_id, f"run {record.id}")
            new.append(record)
            report.count(self.name, added=True)
        if not new:
            return
        # Ids the backup gives first, so that a run moved aside takes none of them.
        taken = {record.id for record in new if db.get(Run, record.id) is not None}
        for record in new:
            if record.id not in taken:
                db.add(Run(**record.model_dump()))
        db.flush()
        for record in (record for record in new if record.id in taken):
            # Another run has this id here; the restored one gets the next free id.
            last = db.scalar(select(func.max(Run.id))) or 0
            db.add(Run(**dict(record.model_dump(), id=last + 1)))
            db.flush()
        if db.get_bind().dialect.name == "postgresql":
            # Explicit ids leave the id sequence behind: move it past them, or
            # the next import would be handed an id already in use.
            db.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                    f"(SELECT max(id) FROM {Run.__tablename__}))"
                ),
                {"table": Run.__tablename__},
            )

    def _same_run(self, db: Session, record: RunRecord) -> bool:
        """Whether this database already has the run, as the importer would judge it."""
        same_file = db.scalar(
            select(Run.id).where(
                Run.user_id == record.user_id,
                Run.sha256 == record.sha256,
                Run.leg == record.leg,
            )
        )
        if same_file is not None:
            return True
        # Another recording of the same run (see gethip.store.runs): kept as it
        # is here, since a restore only adds.
        candidates = db.scalars(
            select(Run).where(
                Run.user_id == record.user_id,
                Run.start >= record.start - SAME_START,
                Run.start <= record.start + SAME_START,
            )
        ).all()
        return any(same_length(record.elapsed_s, record.distance_m, run) for run in candidates)


# Every column of a run's row, the record's fields exactly.
_RUN_COLUMNS = tuple(column.name for column in Run.__table__.columns)
assert set(_RUN_COLUMNS) == set(RunRecord.model_fields), "the runs table and RunRecord differ"


# In restore order: a section comes after the ones its rows refer to.
SECTIONS: tuple[Section[Any], ...] = (
    UsersSection(),
    PracticesSection(),
    ProfilesSection(),
    RunsSection(),
)


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


def create_backup(store: Store, created_at: datetime, user_id: int = LOCAL_USER_ID) -> bytes:
    """Every section of one user's data, as the bytes of a backup file."""
    with store.transaction() as db:
        sections = {
            section.name: [record.model_dump(mode="json") for record in section.dump(db, user_id)]
            for section in SECTIONS
        }
    document = seal(
        {
            "format": FORMAT,
            "version": VERSION,
            "created_at": created_at.isoformat(),
            "created_by": f"gethip {_gethip_version()}",
            "sections": sections,
        }
    )
    return (json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode()


@dataclass(frozen=True)
class Backup:
    """A backup file that passed every check, its records validated per section."""

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
        raise TamperedBackup(f"the backup has no {CHECKSUM_ALGORITHM} checksum")
    if sealed.get("value") != checksum(document):
        raise TamperedBackup(
            "the backup's checksum does not match its contents: "
            "it was changed or damaged after it was written"
        )
    raw_sections = document.get("sections")
    if not isinstance(raw_sections, dict):
        raise InvalidBackup('invalid backup content: "sections" is missing or not an object')
    known = {section.name for section in SECTIONS}
    unknown = sorted(set(raw_sections) - known)
    if unknown:
        raise InvalidBackup(
            f"invalid backup content: unknown section '{unknown[0]}'; "
            f"this gethip knows {', '.join(sorted(known))}"
        )
    sections = {
        section.name: section.parse(raw_sections.get(section.name, [])) for section in SECTIONS
    }
    return Backup(version=version, created_at=str(document.get("created_at")), sections=sections)


def restore_backup(store: Store, data: bytes) -> RestoreReport:
    """Add what the backup has and the database lacks, all in one transaction or not at all."""
    backup = read_backup(data)
    report = RestoreReport()
    with store.transaction() as db:
        for section in SECTIONS:
            section.restore(db, backup.sections[section.name], report)
            # Later sections look up rows this one added.
            db.flush()
    return report


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


def _gethip_version() -> str:
    try:
        return metadata.version("gethip")
    except metadata.PackageNotFoundError:
        return "unknown"
