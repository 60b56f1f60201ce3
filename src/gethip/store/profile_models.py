"""The profile table: every saved version of a runner's profile, never overwritten.

The newest version is the profile in force; the older ones are its history of
changes. The table shares ``Base`` with the practice log so that one metadata
describes the whole store.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gethip.store.models import Base, UtcDateTime


class ProfileVersion(Base):
    __tablename__ = "profile_versions"
    # Two writers saving at once cannot both become version N.
    __table_args__ = (UniqueConstraint("user_id", "version", name="uq_profile_versions_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The whole profile as validated JSON, and which of its fields this version changed.
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    changed: Mapped[list[str]] = mapped_column(JSON)
