"""Counts of what one person has told us, for their App Home / personal tab."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.database import Session
from storage.tables import FeedbackRow, WinRow


def count_feedback_by_rating(session: Session, *, person_id: int) -> dict[str, int]:
    rows = (
        session.execute(
            select(FeedbackRow.rating, func.count(FeedbackRow.id))
            .where(
                FeedbackRow.person_id == person_id,
                FeedbackRow.retracted_at.is_(None),
                FeedbackRow.superseded_at.is_(None),
            )
            .group_by(FeedbackRow.rating)
        )
    ).all()
    return {rating: int(count) for rating, count in rows}


def sum_minutes_saved(session: Session, *, person_id: int) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(WinRow.minutes_saved), 0)).where(
            WinRow.person_id == person_id
        )
    )
    return int(total or 0)
