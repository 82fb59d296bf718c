"""Wins people report, and the advocate candidates a lead reviews."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, utcnow


class WinRow(Base):
    __tablename__ = "wins"
    __table_args__ = (Index("ix_wins_occurred_at", "occurred_at"),)  # the digest's weekly reads

    id: Mapped[int] = mapped_column(primary_key=True)
    event_key: Mapped[str] = mapped_column(String(255), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    output_id: Mapped[int | None] = mapped_column(ForeignKey("ai_outputs.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    use_case: Mapped[str | None] = mapped_column(String(255))
    minutes_saved: Mapped[int | None] = mapped_column(Integer)
    # The time-saved bucket the person picked (bot.feedback.vocabulary), kept apart from
    # minutes stated in the text: reports show buckets as ranges.
    time_saved: Mapped[str | None] = mapped_column(String(16))
    shareable: Mapped[bool] = mapped_column(Boolean, default=False)
    confidence: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AdvocateRow(Base):
    """candidate → approved → invited → champion, or dismissed / declined; a lead decides."""

    __tablename__ = "advocates"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="candidate")
    reviewer: Mapped[str | None] = mapped_column(String(255))
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    invited_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # business / it / ai_team (bot.people.groups): each is ranked on its own.
    audience: Mapped[str | None] = mapped_column(String(16))
    # Why they were proposed: the score's parts and the quotes behind it.
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    proposed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    stepped_down_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # A champion's last monthly recap.
    recapped_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class AdvocateDecisionRow(Base):
    """Every step a lead or the person took (approve, dismiss, accept, decline, step down):
    who and when, kept with the person so their export shows it."""

    __tablename__ = "advocate_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    # "slack:U123" / "teams:29:…" for a lead in chat, "cli" for the command line.
    actor: Mapped[str] = mapped_column(String(255))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)
