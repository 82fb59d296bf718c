"""Counts of what one person has told us, for their App Home / personal tab."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import FeedbackRow, WinRow


async def count_feedback_by_rating(session: AsyncSession, *, person_id: int) -> dict[str, int]:
    rows = (
        await session.execute(
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


async def sum_minutes_saved(session: AsyncSession, *, person_id: int) -> int:
    total = await session.scalar(
        select(func.coalesce(func.sum(WinRow.minutes_saved), 0)).where(
            WinRow.person_id == person_id
        )
    )
    return int(total or 0)
