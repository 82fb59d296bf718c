"""Digest log and the platform event ids already processed (retry and replica dedupe)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, utcnow


class DigestRow(Base):
    __tablename__ = "digests"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    recipient: Mapped[str] = mapped_column(String(255))
    period_start: Mapped[datetime] = mapped_column(UtcDateTime)
    period_end: Mapped[datetime] = mapped_column(UtcDateTime)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DigestRollupRow(Base):
    """A settled week's 👍/👎 and distinct raters per assistant and use case (the row with
    empty assistant and use case marks the week as rolled up): the digest's history."""

    __tablename__ = "digest_rollups"

    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    assistant: Mapped[str] = mapped_column(String(255), primary_key=True)
    use_case: Mapped[str] = mapped_column(String(255), primary_key=True)
    up: Mapped[int] = mapped_column(Integer)
    down: Mapped[int] = mapped_column(Integer)
    people: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProcessedEventRow(Base):
    __tablename__ = "processed_events"
    __table_args__ = (UniqueConstraint("platform", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(255))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
