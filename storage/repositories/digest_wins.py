"""The digest's wins: totals and minutes saved, highlights, and the new advocate candidates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import (
    and_,
    case,
    distinct,
    func,
    literal,
    select,
)

from storage.database import Session
from storage.repositories.digest import (
    UNKNOWN_USE_CASE,
    Candidate,
    Counted,
    F,
    Highlight,
    P,
    W,
    WinTotals,
    current_rating,
)
from storage.tables import (
    AdvocateRow,
    PersonRow,
    WinRow,
)


def count_wins_by_department(session: Session, *, start: datetime, end: datetime) -> list[Counted]:
    """Wins per department (key "" when unknown), for the concentration flag."""
    department = func.coalesce(P.department, literal("")).label("department")
    wins = session.execute(
        select(department, func.count(W.id), func.count(distinct(W.person_id)))
        .select_from(WinRow.__table__.join(PersonRow.__table__, P.id == W.person_id))
        .where(W.occurred_at >= start, W.occurred_at < end)
        .group_by(department)
    ).all()
    return [Counted(str(d), int(c), int(p)) for d, c, p in wins]


def sum_wins(
    session: Session, *, start: datetime, end: datetime, buckets: dict[str, tuple[int, int | None]]
) -> WinTotals:
    """Stated minutes add up as they are; a picked bucket adds its low and high bound."""
    totals = sum_wins_by_use_case(session, start=start, end=end, buckets=buckets, grouped=False)
    return totals.get("", WinTotals(0, 0, 0, 0, 0, 0))


def sum_wins_by_use_case(
    session: Session,
    *,
    start: datetime,
    end: datetime,
    buckets: dict[str, tuple[int, int | None]],
    grouped: bool = True,
) -> dict[str, WinTotals]:
    """WinTotals per use case (UNKNOWN_USE_CASE when none), or all under "" when not grouped."""
    unstated = W.minutes_saved.is_(None)
    low = case(
        *((and_(unstated, W.time_saved == key), lo) for key, (lo, _) in buckets.items()), else_=0
    )
    high = case(
        *((and_(unstated, W.time_saved == key), hi or lo) for key, (lo, hi) in buckets.items()),
        else_=0,
    )
    open_keys = [key for key, (_, hi) in buckets.items() if hi is None]
    use_case = (
        func.coalesce(W.use_case, literal(UNKNOWN_USE_CASE)) if grouped else literal("")
    ).label("use_case")
    query = select(
        use_case,
        func.count(W.id),
        func.count(distinct(W.person_id)),
        func.coalesce(func.sum(W.minutes_saved), 0),
        func.coalesce(func.sum(low), 0),
        func.coalesce(func.sum(high), 0),
        func.coalesce(func.sum(case((and_(unstated, W.time_saved.in_(open_keys)), 1), else_=0)), 0),
    ).where(W.occurred_at >= start, W.occurred_at < end)
    if grouped:
        query = query.group_by(use_case)
    rows = session.execute(query).all()
    return {
        str(row[0]): WinTotals(*(int(value or 0) for value in row[1:])) for row in rows if row[1]
    }


def count_wins_by_week(
    session: Session, *, starts: Sequence[datetime], end: datetime
) -> list[tuple[int, int, int]]:
    """(week index, wins, stated minutes) for the charts."""
    bucket = case(
        *((W.occurred_at >= start, index) for index, start in reversed(list(enumerate(starts)))),
        else_=-1,
    ).label("week")
    rows = session.execute(
        select(bucket, func.count(W.id), func.coalesce(func.sum(W.minutes_saved), 0))
        .where(W.occurred_at >= starts[0], W.occurred_at < end)
        .group_by(bucket)
    ).all()
    return [(int(w), int(c), int(m or 0)) for w, c, m in rows]


def list_highlights(
    session: Session, *, start: datetime, end: datetime, limit: int = 5
) -> list[Highlight]:
    """Only wins whose author agreed to share them, so naming the author is theirs to allow."""
    rows = session.execute(
        select(W.text, W.use_case, W.minutes_saved, P.display_name)
        .select_from(WinRow.__table__.join(PersonRow.__table__, P.id == W.person_id))
        .where(W.shareable.is_(True), W.occurred_at >= start, W.occurred_at < end)
        .order_by(func.coalesce(W.minutes_saved, 0).desc(), W.id)
        .limit(limit)
    ).all()
    return [Highlight(str(t), u, m, n) for t, u, m, n in rows]


def list_new_candidates(
    session: Session, *, start: datetime, end: datetime, limit: int = 50
) -> list[Candidate]:
    """The advocate candidates new this period: the one place the digest asks who they are.

    Rows of the advocates table (proposed by the period's end, not yet decided by a lead:
    they stay in every digest until a lead acts) when the scoring has
    written any; otherwise people whose wins fall on at least two distinct days up to `end`,
    one of them in this period, who are not already in the advocates table.
    """
    a = AdvocateRow.__table__.c
    scored = session.execute(
        select(a.person_id, P.display_name, P.department, a.explanation)
        .select_from(AdvocateRow.__table__.join(PersonRow.__table__, P.id == a.person_id))
        # Undecided proposals stay in every digest until a lead acts on them.
        .where(a.status == "candidate", a.proposed_at < end)
        .order_by(a.score.desc())
        .limit(limit)
    ).all()
    if scored or session.scalar(select(func.count(a.id))):
        return [Candidate(int(i), n, d, 0, 0, 0, str(e)) for i, n, d, e in scored]
    day = func.date(W.occurred_at)
    recent = WinRow.__table__.alias("recent")
    rows = session.execute(
        select(
            W.person_id,
            P.display_name,
            P.department,
            func.count(W.id),
            func.count(distinct(day)),
            func.coalesce(func.sum(W.minutes_saved), 0),
        )
        .select_from(WinRow.__table__.join(PersonRow.__table__, P.id == W.person_id))
        .where(
            # Only people with a win this period can be new: their history, not everyone's.
            W.person_id.in_(
                select(recent.c.person_id).where(
                    recent.c.occurred_at >= start, recent.c.occurred_at < end
                )
            ),
            W.occurred_at < end,
            P.opted_out.is_(False),
        )
        .group_by(W.person_id, P.display_name, P.department)
        .having(and_(func.count(distinct(day)) >= 2, func.max(W.occurred_at) >= start))
        .order_by(func.count(distinct(day)).desc(), func.count(W.id).desc(), W.person_id)
        .limit(limit)
    ).all()
    return [
        Candidate(
            int(i),
            n,
            d,
            int(c),
            int(days),
            int(m or 0),
            f"{int(c)} wins on {int(days)} different days",
        )
        for i, n, d, c, days, m in rows
    ]


def count_champion_activity(
    session: Session, *, start: datetime, end: datetime
) -> tuple[int, int, int]:
    """Champions, and the wins and ratings they gave this period."""
    a = AdvocateRow.__table__.c
    champions = select(a.person_id).where(a.status == "champion")
    count = session.scalar(select(func.count()).select_from(champions.subquery())) or 0
    wins = session.scalar(
        select(func.count(W.id)).where(
            W.person_id.in_(champions), W.occurred_at >= start, W.occurred_at < end
        )
    )
    ratings = session.scalar(
        select(func.count(F.id)).where(
            F.person_id.in_(champions),
            current_rating(),
            F.occurred_at >= start,
            F.occurred_at < end,
        )
    )
    return int(count), int(wins or 0), int(ratings or 0)
