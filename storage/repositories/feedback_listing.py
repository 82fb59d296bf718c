"""Reading feedback back: stable, oldest-first pages with the person and the answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.records import Feedback
from storage.database import Session, orm_view
from storage.repositories.convert import to_feedback
from storage.tables import FeedbackRow, OutputRow, PersonRow


def list_feedback(
    session: Session, *, since: datetime | None, after_id: int, limit: int
) -> list[Feedback]:
    """Oldest first by recording order, so paging by id is stable under concurrent writes."""
    statement = (
        select(FeedbackRow, PersonRow, OutputRow)
        .join(PersonRow, FeedbackRow.person_id == PersonRow.id)
        .outerjoin(OutputRow, FeedbackRow.output_id == OutputRow.id)
        .where(FeedbackRow.id > after_id)
        .order_by(FeedbackRow.id)
        .limit(limit)
    )
    if since is not None:
        statement = statement.where(FeedbackRow.occurred_at >= since)
    with orm_view(session) as orm:
        rows = orm.execute(statement).all()
        return [to_feedback(row, person, output) for row, person, output in rows]
