"""Follow-up questions (storage/tables/questions.py): ask once per opinion, answer, audit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from bot.records import PersonRef, Platform
from storage.database import Session
from storage.tables import (
    FeedbackRow,
    PersonRow,
    QuestionAuditRow,
    QuestionRefusalRow,
    QuestionRow,
)

QUESTIONS = QuestionRow.__table__
FEEDBACK = FeedbackRow.__table__
PEOPLE = PersonRow.__table__
OPEN = "open"


@dataclass(frozen=True)
class Asked:
    """The person a question may go to: who, and whether they may be asked at all."""

    person: PersonRef
    name: str | None
    may_ask: bool


@dataclass(frozen=True)
class Question:
    id: int
    subject: str
    output_id: int
    person_id: int | None
    asker: PersonRef | None
    text: str
    status: str
    answer: str | None
    shared_name: str | None
    expires_at: datetime


def rated_pairs(session: Session) -> list[tuple[int, int]]:
    """Every (person, answer) with feedback: where an opaque reference is looked up."""
    rows = session.execute(
        select(FEEDBACK.c.person_id, FEEDBACK.c.output_id)
        .where(FEEDBACK.c.output_id.is_not(None))
        .distinct()
    ).all()
    return [(int(person), int(output)) for person, output in rows]


def pair_of_feedback(session: Session, *, feedback_id: int) -> tuple[int, int] | None:
    row = session.execute(
        select(FEEDBACK.c.person_id, FEEDBACK.c.output_id).where(FEEDBACK.c.id == feedback_id)
    ).first()
    if row is None or row.output_id is None:
        return None
    return int(row.person_id), int(row.output_id)


def open_question_on(session: Session, *, subject: str, now: datetime) -> bool:
    found = session.scalar(
        select(QUESTIONS.c.id)
        .where(QUESTIONS.c.subject == subject, QUESTIONS.c.status == OPEN)
        .where(QUESTIONS.c.expires_at > now)
        .limit(1)
    )
    return found is not None


def who_to_ask(session: Session, *, person_id: int) -> Asked | None:
    row = session.execute(
        select(
            PEOPLE.c.platform,
            PEOPLE.c.tenant,
            PEOPLE.c.user_id,
            PEOPLE.c.display_name,
            PEOPLE.c.opted_out,
        ).where(PEOPLE.c.id == person_id)
    ).first()
    if row is None:
        return None
    refused = session.scalar(
        select(QuestionRefusalRow.person_id).where(QuestionRefusalRow.person_id == person_id)
    )
    person = PersonRef(platform=Platform(row.platform), tenant=row.tenant, user_id=row.user_id)
    return Asked(person=person, name=row.display_name, may_ask=not row.opted_out and not refused)


def add_question(session: Session, *, values: dict[str, Any]) -> int:
    found: int = session.execute(
        insert(QuestionRow).values(**values).returning(QUESTIONS.c.id)
    ).scalar_one()
    return found


def audit(
    session: Session,
    *,
    question_id: int,
    event: str,
    asker: str | None,
    subject: str,
    text: str | None,
    at: datetime,
) -> None:
    session.execute(
        insert(QuestionAuditRow).values(
            question_id=question_id, event=event, asker=asker, subject=subject, text=text, at=at
        )
    )


def find_question(session: Session, *, question_id: int) -> Question | None:
    row = session.execute(select(QUESTIONS).where(QUESTIONS.c.id == question_id)).first()
    if row is None:
        return None
    asker = (
        PersonRef(
            platform=Platform(row.asker_platform), tenant=row.asker_tenant, user_id=row.asker_user
        )
        if row.asker_platform and row.asker_tenant and row.asker_user
        else None
    )
    return Question(
        id=row.id,
        subject=row.subject,
        output_id=row.output_id,
        person_id=row.person_id,
        asker=asker,
        text=row.text,
        status=row.status,
        answer=row.answer,
        shared_name=row.shared_name,
        expires_at=row.expires_at,
    )


def close_question(
    session: Session,
    *,
    question_id: int,
    status: str,
    now: datetime,
    answer: str | None = None,
    shared_name: str | None = None,
) -> bool:
    """Close an open question, unlinking the person; False if it was no longer open."""
    result = session.execute(
        update(QuestionRow)
        .where(QuestionRow.id == question_id, QuestionRow.status == OPEN)
        .values(
            status=status,
            answer=answer,
            shared_name=shared_name,
            answered_at=now,
            person_id=None,
        )
    )
    return bool(result.rowcount)


def expire_open(session: Session, *, now: datetime) -> int:
    """Questions past their time close as expired and forget whom they were for."""
    result = session.execute(
        update(QuestionRow)
        .where(QuestionRow.status == OPEN, QuestionRow.expires_at <= now)
        .values(status="expired", person_id=None)
    )
    return int(result.rowcount)


def set_refusal(session: Session, *, person_id: int, refused: bool) -> None:
    session.execute(delete(QuestionRefusalRow).where(QuestionRefusalRow.person_id == person_id))
    if refused:
        session.execute(insert(QuestionRefusalRow).values(person_id=person_id, refused=True))


def answers_on(session: Session, *, subject: str) -> list[str]:
    """Answers given about this opinion, oldest first (the exporters add them as comments)."""
    return list(
        session.scalars(
            select(QUESTIONS.c.answer)
            .where(QUESTIONS.c.subject == subject, QUESTIONS.c.answer.is_not(None))
            .order_by(QUESTIONS.c.id)
        )
    )
