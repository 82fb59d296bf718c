"""Everything stored about one person, as plain data, for `export me`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage.database import Session, orm_view
from storage.tables import (
    AdvocateDecisionRow,
    AdvocateRow,
    FeedbackRow,
    OutboxRow,
    OutputRow,
    PersonRow,
    WinRow,
)
from storage.tables.surveys import ResponseRow


def iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def row_dict(row: Any, *skip: str) -> dict[str, Any]:
    return {
        column.name: iso(getattr(row, column.key))
        for column in row.__table__.columns
        if column.name not in skip
    }


def export_person(session: Session, *, person_id: int) -> dict[str, Any]:
    with orm_view(session) as orm:
        return collect(orm, person_id)


def collect(session: Any, person_id: int) -> dict[str, Any]:
    person = session.get(PersonRow, person_id)
    if person is None:
        return {}
    feedback = (
        session.execute(
            select(FeedbackRow, OutputRow)
            .outerjoin(OutputRow, FeedbackRow.output_id == OutputRow.id)
            .where(FeedbackRow.person_id == person_id)
            .order_by(FeedbackRow.id)
        )
    ).all()
    wins = (session.scalars(select(WinRow).where(WinRow.person_id == person_id))).all()
    sent = (session.scalars(select(OutboxRow).where(OutboxRow.person_id == person_id))).all()
    advocate = session.scalar(select(AdvocateRow).where(AdvocateRow.person_id == person_id))
    decisions = session.scalars(
        select(AdvocateDecisionRow)
        .where(AdvocateDecisionRow.person_id == person_id)
        .order_by(AdvocateDecisionRow.id)
    ).all()
    responses = (
        session.scalars(select(ResponseRow).where(ResponseRow.person_id == person_id))
    ).all()
    return {
        "person": row_dict(person, "id", "conversation_ref"),
        "feedback": [
            {
                **row_dict(row, "id", "person_id", "supersedes_id"),
                "output": row_dict(output, "id") if output is not None else None,
            }
            for row, output in feedback
        ],
        "wins": [row_dict(win, "id", "person_id") for win in wins],
        "survey_responses": [row_dict(item, "id", "person_id") for item in responses],
        "messages_sent_to_you": [
            row_dict(item, "id", "person_id", "payload", "claimed_until", "dedupe_key")
            for item in sent
        ],
        # Why they were proposed (explanation, evidence with the quotes) and who decided what.
        "advocate": row_dict(advocate, "id", "person_id") if advocate is not None else None,
        "advocate_decisions": [row_dict(item, "id", "person_id") for item in decisions],
    }
