"""The runs table: one row per run kept, with its per-second samples packed beside it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from gethip.store.models import Base, UtcDateTime


class Run(Base):
    __tablename__ = "runs"
    __table_args__ = (
        # The same file imported twice is the same run: a file holds few runs,
        # each at its own position ("leg") in the file.
        UniqueConstraint("user_id", "sha256", "leg", name="uq_runs_user_file_leg"),
        Index("ix_runs_user_start", "user_id", "start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    start: Mapped[datetime] = mapped_column(UtcDateTime)
    utc_offset_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sport: Mapped[str] = mapped_column(String(40))
    sub_sport: Mapped[str | None] = mapped_column(String(40), nullable=True)
    elapsed_s: Mapped[float] = mapped_column(Float)
    moving_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    distance_m: Mapped[float | None] = mapped_column(Float, nullable=True)
    cadence_spm: Mapped[float | None] = mapped_column(Float, nullable=True)
    step_length_m: Mapped[float | None] = mapped_column(Float, nullable=True)
    step_length_from_device: Mapped[bool] = mapped_column(Boolean, default=False)
    ascent_m: Mapped[float | None] = mapped_column(Float, nullable=True)
    source: Mapped[str] = mapped_column(String(1000))
    source_format: Mapped[str] = mapped_column(String(10))
    sha256: Mapped[str] = mapped_column(String(64))
    leg: Mapped[int] = mapped_column(Integer, default=0)
    samples: Mapped[bytes] = mapped_column(LargeBinary)
    sample_count: Mapped[int] = mapped_column(Integer)
    speed_samples: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)
