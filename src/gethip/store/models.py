"""Tables of the practice log: every row belongs to one user, and every query names that user."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# The one user of local mode: made when the store is first opened.
LOCAL_USER_ID = 1
LOCAL_USER_NAME = "local"


class UtcDateTime(TypeDecorator[datetime]):
    """Stores UTC, returns aware datetimes on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give a time zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Unique: "local" in local mode, the account's email (lower case) in hosted mode.
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Hosted mode's accounts; all None for the local user.
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    display_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    calendar_key: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)


class Practice(Base):
    __tablename__ = "practices"
    # History reads a user's practices newest first, a page at a time.
    __table_args__ = (Index("ix_practices_user_started", "user_id", "started_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    session: Mapped[str] = mapped_column(String(60))
    breath_seconds: Mapped[float] = mapped_column(Float)
    minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    segments_total: Mapped[int] = mapped_column(Integer)
    # Seconds of work (moves and holds, not the pauses between) the session holds.
    work_seconds_total: Mapped[float] = mapped_column(Float, default=0.0)
    tightness: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pain: Mapped[int | None] = mapped_column(Integer, nullable=True)
    deviation: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    segments: Mapped[list[PracticeSegment]] = relationship(
        back_populates="practice", order_by="PracticeSegment.index", cascade="all, delete-orphan"
    )


class PracticeSegment(Base):
    __tablename__ = "practice_segments"

    practice_id: Mapped[str] = mapped_column(
        ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True
    )
    index: Mapped[int] = mapped_column(Integer, primary_key=True)
    move: Mapped[str] = mapped_column(String(60))
    side: Mapped[str | None] = mapped_column(String(10), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    start: Mapped[float] = mapped_column(Float)
    duration: Mapped[float] = mapped_column(Float)
    reps: Mapped[int | None] = mapped_column(Integer, nullable=True)
    breaths: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # "done" (ran out, or the reps were marked done) or "skipped", and the
    # seconds the runner actually spent in it either way.
    outcome: Mapped[str] = mapped_column(String(10), default="done")
    worked_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    finished_at: Mapped[datetime] = mapped_column(UtcDateTime)

    practice: Mapped[Practice] = relationship(back_populates="segments")
