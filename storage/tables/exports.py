"""The export queue: one row per destination and rated answer (a person's opinion of one
answer), written in the same transaction as the feedback change it announces.

A row is a note that "this opinion changed, tell the destination": the worker reads the
opinion as it stands when it sends, so a retry or a crash never sends a stale value, and one
row per opinion serialises its deliveries (in order per feedback). `version` counts changes:
a change landing while the row is being sent bumps it, and the sender's finish, seeing a newer
version, leaves the row pending for one more delivery. `person_id` and `output_id` are plain
integers, not foreign keys: when a person is forgotten their rows must stay, to delete what
was exported.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime


class ExportRow(Base):
    __tablename__ = "export_queue"
    __table_args__ = (
        UniqueConstraint("destination", "person_id", "output_id"),
        # The worker's claim reads only due rows through this index, however many were sent.
        Index("ix_export_queue_status_due_at", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    destination: Mapped[str] = mapped_column(String(32))
    person_id: Mapped[int] = mapped_column(Integer)
    output_id: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # pending → sending → sent | failed (a permanent refusal) | unexportable (no trace id)
    status: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A reason code or the destination's status ("http_401"), never a person's words.
    last_error: Mapped[str | None] = mapped_column(String(255))
    # The oldest change not yet delivered: what the lag is measured from.
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
