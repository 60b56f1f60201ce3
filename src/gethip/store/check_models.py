"""The checks table: one row per hip check reading, one test on one side, as the core measured it.

The landmarks themselves are not kept (a few megabytes a side, and the page
offers them as a download): only the reading, and the SHA-256 of the
recording it was measured from, so the same recording sent again is known
for the same and a different one under the same id is refused.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from gethip.store.models import Base, UtcDateTime


class HipCheck(Base):
    __tablename__ = "checks"
    __table_args__ = (
        # Progress and `gethip checks` read a user's checks newest first.
        Index("ix_checks_user_measured", "user_id", "measured_at"),
        # `gethip check --save` finds a download the page already kept by its fingerprint.
        Index("ix_checks_user_recording", "user_id", "recording_sha256"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    measured_at: Mapped[datetime] = mapped_column(UtcDateTime)
    test: Mapped[str] = mapped_column(String(10))
    side: Mapped[str] = mapped_column(String(10))
    # One of the two, by test: the Thomas test's thigh angle, the lunge's hip extension.
    thigh_angle_deg: Mapped[float | None] = mapped_column(Float, nullable=True)
    hip_extension_deg: Mapped[float | None] = mapped_column(Float, nullable=True)
    knee_angle_deg: Mapped[float] = mapped_column(Float)
    spread_deg: Mapped[float] = mapped_column(Float)
    uncertainty_deg: Mapped[float] = mapped_column(Float)
    frames_used: Mapped[int] = mapped_column(Integer)
    frames_total: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[str] = mapped_column(String(40))
    pose_model: Mapped[str | None] = mapped_column(String(200), nullable=True)
    recording_sha256: Mapped[str] = mapped_column(String(64))
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime)
