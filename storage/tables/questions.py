"""De-identified follow-up questions from the AI team to the person who gave feedback.

`questions` links a question to the person asked only while it is open: answering, declining
or expiring clears `person_id`, so what stays is the question and its answer, not who gave it.
`question_audit` records who asked what and when, and what came of it, with no link to the
person asked. `question_refusals` holds the people who turned questions off.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, utcnow


class QuestionRow(Base):
    __tablename__ = "questions"
    __table_args__ = (Index("ix_questions_subject", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The opaque reference of the opinion asked about (the exports' score id).
    subject: Mapped[str] = mapped_column(String(64))
    output_id: Mapped[int] = mapped_column(Integer)
    # Null once the question is closed, and when nobody could be asked.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    # Who asked: a chat member of the AI team (platform, tenant, user) or an API caller.
    asker_platform: Mapped[str | None] = mapped_column(String(16))
    asker_tenant: Mapped[str | None] = mapped_column(String(255))
    asker_user: Mapped[str | None] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    # open → answered | declined | expired
    status: Mapped[str] = mapped_column(String(16))
    answer: Mapped[str | None] = mapped_column(Text)
    shared_name: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class QuestionAuditRow(Base):
    __tablename__ = "question_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(16))  # asked, answered, declined
    asker: Mapped[str | None] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class QuestionRefusalRow(Base):
    __tablename__ = "question_refusals"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    refused: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
