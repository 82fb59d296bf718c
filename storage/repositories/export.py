"""Everything stored about one person, as plain data, for `export me`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import AdvocateRow, FeedbackRow, NudgeRow, OutputRow, PersonRow, WinRow
from storage.tables.surveys import ResponseRow


def iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def row_dict(row: Any, *skip: str) -> dict[str, Any]:
    return {
        column.name: iso(getattr(row, column.key))
        for column in row.__table__.columns
        if column.name not in skip
    }


async def export_person(session: AsyncSession, *, person_id: int) -> dict[str, Any]:
    person = await session.get(PersonRow, person_id)
    if person is None:
        return {}
    feedback = (
        await session.execute(
            select(FeedbackRow, OutputRow)
            .outerjoin(OutputRow, FeedbackRow.output_id == OutputRow.id)
            .where(FeedbackRow.person_id == person_id)
            .order_by(FeedbackRow.id)
        )
    ).all()
    wins = (await session.scalars(select(WinRow).where(WinRow.person_id == person_id))).all()
    nudges = (await session.scalars(select(NudgeRow).where(NudgeRow.person_id == person_id))).all()
    advocate = await session.scalar(select(AdvocateRow).where(AdvocateRow.person_id == person_id))
    responses = (
        await session.scalars(select(ResponseRow).where(ResponseRow.person_id == person_id))
    ).all()
    return {
        "person": row_dict(person, "id", "conversation_ref"),
        "feedback": [
            {
                **row_dict(row, "id", "person_id", "superseded_by_id"),
                "output": row_dict(output, "id") if output is not None else None,
            }
            for row, output in feedback
        ],
        "wins": [row_dict(win, "id", "person_id") for win in wins],
        "survey_responses": [row_dict(item, "id", "person_id") for item in responses],
        "messages_sent_to_you": [row_dict(item, "id", "person_id") for item in nudges],
        "advocate": row_dict(advocate, "id", "person_id") if advocate is not None else None,
    }
