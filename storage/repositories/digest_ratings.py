"""The digest's ratings: 👍/👎 per use case, who rated, coverage, and the weekly rollups."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import (
    Select,
    case,
    distinct,
    func,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.database import Session
from storage.repositories.digest import (
    UNKNOWN_USE_CASE,
    Counted,
    F,
    O,
    P,
    RatingCounts,
    current_rating,
)
from storage.tables import (
    DigestRollupRow,
    FeedbackRow,
    OutputRow,
)


def count_ratings_by_use_case(
    session: Session, *, start: datetime, end: datetime, week: int = 0
) -> list[RatingCounts]:
    """👍/👎 and distinct raters per assistant and use case."""
    use_case = func.coalesce(O.use_case, literal(UNKNOWN_USE_CASE)).label("use_case")
    rows = session.execute(
        select(
            O.assistant,
            use_case,
            func.sum(case((F.rating == "up", 1), else_=0)),
            func.sum(case((F.rating == "down", 1), else_=0)),
            func.count(distinct(F.person_id)),
        )
        .select_from(FeedbackRow.__table__.join(OutputRow.__table__, O.id == F.output_id))
        .where(current_rating(), F.occurred_at >= start, F.occurred_at < end)
        .group_by(O.assistant, use_case)
    ).all()
    return [
        RatingCounts(week, str(a), str(u), int(up or 0), int(down or 0), int(p))
        for a, u, up, down, p in rows
    ]


def week_raters(start: datetime, end: datetime) -> Select[tuple[int | None]]:
    """The people who rated an answer in the period (an index-only read)."""
    return select(F.person_id).where(
        current_rating(), F.output_id.is_not(None), F.occurred_at >= start, F.occurred_at < end
    )


def count_raters_by_department(
    session: Session, *, start: datetime, end: datetime
) -> list[Counted]:
    """Distinct raters per department (key "" when unknown); a person has one department,
    so they add up to all raters."""
    department = func.coalesce(P.department, literal("")).label("department")
    rows = session.execute(
        select(department, func.count(P.id))
        .where(P.id.in_(week_raters(start, end)))
        .group_by(department)
    ).all()
    return [Counted(str(d), int(c), int(c)) for d, c in rows]


def count_coverage(session: Session, *, start: datetime, end: datetime) -> tuple[int, int]:
    """Answers registered in the period, and how many of them were rated in it."""
    rated = select(F.output_id).where(current_rating(), F.occurred_at >= start, F.occurred_at < end)
    registered, with_rating = session.execute(
        select(func.count(O.id), func.sum(case((O.id.in_(rated), 1), else_=0))).where(
            O.registered_at >= start, O.registered_at < end
        )
    ).one()
    return int(registered or 0), int(with_rating or 0)


def read_rollups(session: Session, *, weeks: Sequence[str]) -> dict[str, list[RatingCounts]]:
    """Rolled-up weeks: week → its rows (the week's marker row left out); weeks never rolled
    up are absent."""
    r = DigestRollupRow.__table__.c
    found: dict[str, list[RatingCounts]] = {}
    for week, assistant, use_case, up, down, people in session.execute(
        select(r.week, r.assistant, r.use_case, r.up, r.down, r.people).where(r.week.in_(weeks))
    ):
        rows = found.setdefault(str(week), [])
        if assistant or use_case:
            rows.append(RatingCounts(0, str(assistant), str(use_case), up, down, people))
    return found


def write_rollup(
    session: Session, *, week: str, rows: Sequence[RatingCounts], computed_at: datetime
) -> None:
    """Once per week: a second writer (another replica) finds the rows there and adds none."""
    values = [
        {"week": week, "assistant": row.assistant, "use_case": row.use_case, "up": row.up,
         "down": row.down, "people": row.people, "computed_at": computed_at}
        for row in rows
    ]  # fmt: skip
    values.append(
        {"week": week, "assistant": "", "use_case": "", "up": 0, "down": 0, "people": 0,
         "computed_at": computed_at}
    )  # fmt: skip
    dialect_insert = sqlite_insert if session.dialect.name == "sqlite" else postgresql_insert
    session.execute(
        dialect_insert(DigestRollupRow).on_conflict_do_nothing(
            index_elements=["week", "assistant", "use_case"]
        ),
        values,
    )
