"""The inbox: each platform request stored before it is acknowledged, deleted once worked.

Slack and Bot Framework never redeliver what they got a 2xx for, so what we acknowledge must
already be here. A row holds the raw request (people's words), so it lives only until its
work is done; `tenant`/`user_id` let "forget me" delete what is still pending.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime


class InboxRow(Base):
    __tablename__ = "inbox"
    __table_args__ = (
        # The platform's own id for the delivery: a retry of an acknowledged event is a no-op.
        UniqueConstraint("platform", "key"),
        Index("ix_inbox_platform_claimed_until", "platform", "claimed_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(32))
    tenant: Mapped[str | None] = mapped_column(String(255))
    user_id: Mapped[str | None] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Whoever is working the item holds it until then; a crashed worker's claim runs out.
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
