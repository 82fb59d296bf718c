"""Conversations the bot can post into later: Teams channels and group chats, Slack channels."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, utcnow


class ConversationRow(Base):
    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("platform", "tenant", "conversation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    tenant: Mapped[str] = mapped_column(String(255))
    conversation_id: Mapped[str] = mapped_column(String(512))
    kind: Mapped[str] = mapped_column(String(16))  # personal, channel, groupChat
    name: Mapped[str | None] = mapped_column(String(255))
    # The platform's full address for proactive sends (a Teams conversation reference).
    reference: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Set when the app was removed from the conversation; sends fail fast until it is back.
    unreachable_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
