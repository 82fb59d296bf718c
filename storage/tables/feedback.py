"""Feedback: one row per real-world event; history is kept, never overwritten."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, utcnow

CURRENT_RATING = text("rating <> 'none' AND superseded_at IS NULL AND retracted_at IS NULL")
SAID = text("comment IS NOT NULL OR reason IS NOT NULL")


class FeedbackRow(Base):
    __tablename__ = "feedback"
    __table_args__ = (
        Index("ix_feedback_person_output", "person_id", "output_id"),
        # At most one standing rating per person and answer, whatever the race.
        Index(
            "uq_feedback_current_rating",
            "person_id",
            "output_id",
            unique=True,
            sqlite_where=CURRENT_RATING,
            postgresql_where=CURRENT_RATING,
        ),
        # The change feed reads in this order (storage/repositories/feedback_listing.py).
        Index("ix_feedback_change_position", "change_xact", "change_seq"),
        # The digest's weekly reads (migration 0013): every column the rating counts need,
        # so they never visit the table; and the rows that say what went wrong.
        Index(
            "ix_feedback_current_by_time",
            "occurred_at",
            "output_id",
            "person_id",
            "rating",
            sqlite_where=CURRENT_RATING,
            postgresql_where=CURRENT_RATING,
        ),
        Index("ix_feedback_said_by_time", "occurred_at", sqlite_where=SAID, postgresql_where=SAID),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_key: Mapped[str] = mapped_column(String(255), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    output_id: Mapped[int | None] = mapped_column(ForeignKey("ai_outputs.id", ondelete="SET NULL"))
    rating: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    retracted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    superseded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The rating this one replaced: written with the insert, so a change costs no extra UPDATE.
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback.id", ondelete="SET NULL")
    )
    # Change feed position, set by triggers on every insert and every change of the row (see
    # migration 0007), so the write path stays as it is. PostgreSQL: the writing transaction's
    # id and a sequence value; SQLite, whose one writer commits in order: 0 and a counter.
    change_xact: Mapped[int] = mapped_column(BigInteger, server_default="0")
    change_seq: Mapped[int] = mapped_column(BigInteger, server_default="0")


class FeedCounterRow(Base):
    """SQLite's memory of the highest change position a deleted row held, so a position is
    never handed out twice (migration 0007). PostgreSQL uses a SEQUENCE instead."""

    __tablename__ = "feed_counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, server_default="0")
