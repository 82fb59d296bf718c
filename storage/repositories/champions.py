"""What a champion's recap and help-wanted notes are made of: counts only, never a person."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import distinct, func, select

from storage.database import Session
from storage.tables import FeedbackRow, OutputRow, PersonRow, WinRow


def count_wins_since(session: Session, *, person_id: int, since: datetime) -> tuple[int, int]:
    """(wins, minutes saved) of one person since `since`."""
    row = session.execute(
        select(func.count(WinRow.id), func.coalesce(func.sum(WinRow.minutes_saved), 0)).where(
            WinRow.person_id == person_id, WinRow.occurred_at >= since
        )
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


def use_cases_of(session: Session, *, person_id: int) -> list[str]:
    rows = session.scalars(
        select(WinRow.use_case)
        .where(WinRow.person_id == person_id, WinRow.use_case.is_not(None))
        .distinct()
    )
    return sorted(str(value) for value in rows)


def count_ratings(
    session: Session, *, use_cases: Collection[str], since: datetime
) -> dict[str, int]:
    """Standing 👍/👎 on answers of these use cases since `since`, by rating."""
    if not use_cases:
        return {}
    rows = session.execute(
        select(FeedbackRow.rating, func.count(FeedbackRow.id))
        .join(OutputRow, OutputRow.id == FeedbackRow.output_id)
        .where(
            OutputRow.use_case.in_(list(use_cases)),
            FeedbackRow.rating.in_(("up", "down")),
            FeedbackRow.retracted_at.is_(None),
            FeedbackRow.superseded_at.is_(None),
            FeedbackRow.occurred_at >= since,
        )
        .group_by(FeedbackRow.rating)
    ).all()
    return {str(rating): int(count) for rating, count in rows}


def department_themes(
    session: Session, *, department: str, since: datetime, min_people: int
) -> list[tuple[str, int]]:
    """(use case, people) of 👎 in a department since `since`, biggest first, only where at
    least `min_people` different people struggled: a theme, never a person."""
    people = func.count(distinct(FeedbackRow.person_id))
    rows = session.execute(
        select(OutputRow.use_case, people)
        .join(PersonRow, PersonRow.id == FeedbackRow.person_id)
        .join(OutputRow, OutputRow.id == FeedbackRow.output_id)
        .where(
            func.lower(PersonRow.department) == department.lower(),
            OutputRow.use_case.is_not(None),
            FeedbackRow.occurred_at >= since,
            (FeedbackRow.rating == "down") | FeedbackRow.reason.is_not(None),
            FeedbackRow.retracted_at.is_(None),
        )
        .group_by(OutputRow.use_case)
        .having(people >= min_people)
        .order_by(people.desc(), OutputRow.use_case)
    ).all()
    return [(str(use_case), int(count)) for use_case, count in rows]
