"""The outbox: every message Groundswell starts itself, written before it is sent.

One row per message a person gets without asking (a survey, its reminder, a follow-up after a
rating, a champion nudge, a welcome). The unique `dedupe_key` makes deciding to send
idempotent; `status` and `claimed_until` let one worker at a time send it; `message_ref` is
what the platform answered, so a crash mid-send can be reconciled instead of sent twice. The
same rows are the fatigue budget's memory: what a person got in the last days.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, utcnow


class OutboxRow(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_status_due_at", "status", "due_at"),
        Index("ix_outbox_person_id_created_at", "person_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    # Where to show it: an ephemeral note in a channel, or a channel post; null = their DM.
    tenant: Mapped[str | None] = mapped_column(String(255))
    channel: Mapped[str | None] = mapped_column(String(255))
    ephemeral: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Which allowance it uses: "survey" (also a message), "message", or none (exempt).
    budget: Mapped[str | None] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A reason code (unreachable: user_not_found), never a person's words.
    last_error: Mapped[str | None] = mapped_column(String(255))
    message_ref: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
