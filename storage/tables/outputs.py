"""AI outputs: the assistant answers that feedback is tied to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, utcnow


class OutputRow(Base):
    __tablename__ = "ai_outputs"
    # One row per platform message: registering it again is a no-op that returns the same id.
    __table_args__ = (
        UniqueConstraint("platform", "tenant", "channel", "message_id"),
        # Slack Connect: one channel id in both organisations, so look answers up without
        # the tenant (see storage/repositories/outputs.py).
        Index("ix_ai_outputs_platform_channel_message_id", "platform", "channel", "message_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    tenant: Mapped[str] = mapped_column(String(255))
    channel: Mapped[str] = mapped_column(String(255))
    message_id: Mapped[str] = mapped_column(String(255))
    assistant: Mapped[str] = mapped_column(String(255))
    use_case: Mapped[str | None] = mapped_column(String(255))
    trace_id: Mapped[str | None] = mapped_column(String(255), index=True)
    relayed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    posted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
