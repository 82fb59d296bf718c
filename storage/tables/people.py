"""People as the platforms and the directory know them, and tombstones of the ones who asked
to be forgotten."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, utcnow


class PersonRow(Base):
    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("platform", "tenant", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    tenant: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str | None] = mapped_column(String(255))
    department: Mapped[str | None] = mapped_column(String(255))
    timezone: Mapped[str | None] = mapped_column(String(64))
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    opted_out_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The directory (`people import`, PUT /api/v1/people) and platform profiles. Each source
    # column says who last set its value: "import" or "api" (the directory) win over "slack"
    # or "teams" (bot/people/profiles.py says when a platform value may replace one).
    email: Mapped[str | None] = mapped_column(String(320))
    title: Mapped[str | None] = mapped_column(String(255))
    name_source: Mapped[str | None] = mapped_column(String(16))
    department_source: Mapped[str | None] = mapped_column(String(16))
    department_updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    timezone_source: Mapped[str | None] = mapped_column(String(16))
    timezone_updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # What the platform last said, kept apart: only a change there overrides an imported zone.
    platform_timezone: Mapped[str | None] = mapped_column(String(64))
    # When the platform's profile (Slack users.info) was last asked for: at most once a day.
    profile_checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The platform says the account is deactivated (Slack `deleted`), or is a bot user.
    deactivated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # No Python-side default: the prepared insert of first contact leaves it to the server.
    is_bot: Mapped[bool] = mapped_column(Boolean, server_default="0")
    # A platform's address for proactive messages (Teams conversation reference, Slack DM id).
    conversation_ref: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class ForgottenRow(Base):
    """A keyed fingerprint of someone who asked to be forgotten, so their later events are
    ignored without keeping who they were."""

    __tablename__ = "forgotten_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    # HMAC-SHA256 under the server's fingerprint key; rows from before migration 0006 hold an
    # unkeyed SHA-256 (keyed false) until that person's next event re-keys them.
    subject_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The server default marks what older code writes as legacy; ours always writes keyed.
    keyed: Mapped[bool] = mapped_column(Boolean, default=True, server_default="0")
    forgotten_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
