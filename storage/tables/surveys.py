"""Pulse surveys: definitions, runs, the delivery outbox and responses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime, utcnow


class SurveyRow(Base):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    schedule: Mapped[str] = mapped_column(String(255))
    local_time: Mapped[str] = mapped_column(String(5), default="10:00")
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    min_group_size: Mapped[int] = mapped_column(Integer, default=5)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class SurveyRunRow(Base):
    __tablename__ = "survey_runs"
    __table_args__ = (UniqueConstraint("survey_id", "scheduled_for"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    scheduled_for: Mapped[datetime] = mapped_column(UtcDateTime)
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The definition may change while a run is open: the run keeps its privacy promise.
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DeliveryRow(Base):
    """The outbox: one row per person per run, written before anything is sent, so a crash
    mid fan-out resumes without sending twice or skipping anyone."""

    __tablename__ = "survey_deliveries"
    __table_args__ = (UniqueConstraint("run_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("survey_runs.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    message_ref: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # The one outbox sends the survey and its one reminder (bot/surveys/engine.py).
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"))
    reminder_outbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox.id", ondelete="SET NULL")
    )
    # Why this person was not asked (over budget, opted out, no timezone, unreachable).
    skip_reason: Mapped[str | None] = mapped_column(String(64))
    # That *someone* answered: anonymous runs record no time (answered_at stays NULL).
    answered: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    timezone: Mapped[str | None] = mapped_column(String(64))


class ResponseRow(Base):
    """Anonymous surveys store no person here: only the segment needed for grouped results."""

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("survey_runs.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    segment: Mapped[str | None] = mapped_column(String(255))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The platform event that stored it (a double click stores one answer); NULL when
    # anonymous, since an event id could be matched to the person elsewhere.
    idempotency_key: Mapped[str | None] = mapped_column(String(255), unique=True)
