"""AI outputs: the assistant answers that feedback is tied to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, UniqueConstraint
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
        Index("ix_ai_outputs_registered_at", "registered_at"),  # the digest's coverage
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


class RelayRow(Base):
    """A relay's intent, written and committed before the platform is called, so a retry, a
    racing duplicate or a restart after a crash finds it and never posts the answer twice.

    `ref_id` is the idempotency key scoped to where the answer goes (a hash, so the caller's
    key is not stored); it travels with the posted message as its metadata, which is how a
    relay interrupted between posting and recording is found again (Slack).
    Status: pending (claimed, maybe posting) → posted (message id known) → registered.
    """

    __tablename__ = "relays"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref_id: Mapped[str] = mapped_column(String(64), unique=True)
    # What was asked, hashed: the same key with a different answer is refused, not replayed.
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Until then the claimant is presumed to be posting; after it, a retry may take over.
    lease_until: Mapped[datetime] = mapped_column(UtcDateTime)
    channel: Mapped[str | None] = mapped_column(String(255))
    message_id: Mapped[str | None] = mapped_column(String(255))
    output_id: Mapped[int | None] = mapped_column(ForeignKey("ai_outputs.id", ondelete="SET NULL"))
