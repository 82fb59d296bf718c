"""Every figure of the weekly digest, aggregated in the database (one module, so the queries
can follow the survey and advocacy tables as they change).

Each function takes a half-open UTC period [start, end) and returns counts, never rows to
count in Python. Only the comments behind the themes come back as text, capped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    distinct,
    func,
    literal,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.database import Session
from storage.tables import (
    AdvocateRow,
    DeliveryRow,
    DigestRollupRow,
    FeedbackRow,
    OutputRow,
    PersonRow,
    ResponseRow,
    SurveyRow,
    SurveyRunRow,
    WinRow,
)

F = FeedbackRow.__table__.c
O = OutputRow.__table__.c  # noqa: E741 - the one-letter alias keeps the queries readable
W = WinRow.__table__.c
P = PersonRow.__table__.c
MAX_COMMENTS = 2000
UNKNOWN_USE_CASE = "(none)"


@dataclass(frozen=True)
class RatingCounts:
    week: int  # 0: the first period asked for
    assistant: str
    use_case: str
    up: int
    down: int
    people: int


@dataclass(frozen=True)
class Counted:
    """A count of something, and how many distinct people it came from."""

    key: str
    count: int
    people: int


@dataclass(frozen=True)
class WinTotals:
    count: int
    people: int
    stated_minutes: int
    bucket_low: int
    bucket_high: int
    open_ended: int  # wins in the top bucket, whose upper bound nobody knows


@dataclass(frozen=True)
class Highlight:
    text: str
    use_case: str | None
    minutes_saved: int | None
    author: str | None


@dataclass(frozen=True)
class PulseRun:
    run_id: int
    survey: str
    scheduled_for: datetime
    invited: int
    answered: int
    questions: list[dict[str, object]]


@dataclass(frozen=True)
class Comment:
    text: str
    person_id: int
    reason: str | None


@dataclass(frozen=True)
class Candidate:
    person_id: int
    name: str | None
    department: str | None
    wins: int
    days: int
    minutes: int
    explanation: str


def current_rating() -> ColumnElement[bool]:
    # Written as the partial index's own condition (ix_feedback_current_by_time), term for
    # term: SQLite uses a partial index only when the query repeats its WHERE.
    # The literal is inlined, not bound: a PostgreSQL generic plan (psycopg prepares a
    # statement run 5 times) cannot prove `rating <> $1` matches the index's predicate.
    return and_(
        F.rating != literal_column("'none'"), F.superseded_at.is_(None), F.retracted_at.is_(None)
    )


def said_something() -> ColumnElement[bool]:
    """ix_feedback_said_by_time's condition, repeated for the same reason."""
    return or_(F.comment.is_not(None), F.reason.is_not(None))


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


def list_pulse_runs(session: Session, *, start: datetime, end: datetime) -> list[PulseRun]:
    """Runs scheduled in the period with how many were asked (sent) and answered."""
    d = DeliveryRow.__table__.c
    r = SurveyRunRow.__table__.c
    s = SurveyRow.__table__.c
    # Counted per run first: PostgreSQL cannot group by the questions' JSON.
    counts = (
        select(
            d.run_id,
            func.sum(case((d.sent_at.is_not(None), 1), else_=0)).label("sent"),
            func.sum(case((d.answered_at.is_not(None), 1), else_=0)).label("answered"),
        )
        .group_by(d.run_id)
        .subquery()
    )
    rows = session.execute(
        select(r.id, s.name, r.scheduled_for, s.questions, counts.c.sent, counts.c.answered)
        .select_from(
            SurveyRunRow.__table__.join(SurveyRow.__table__, s.id == r.survey_id).outerjoin(
                counts, counts.c.run_id == r.id
            )
        )
        .where(r.scheduled_for >= start, r.scheduled_for < end)
        .order_by(r.scheduled_for, s.name)
    ).all()
    return [
        PulseRun(int(i), str(n), when, int(sent or 0), int(answered or 0), list(q or []))
        for i, n, when, q, sent, answered in rows
    ]


def count_answers(session: Session, *, run_id: int, question: str) -> list[tuple[str, int]]:
    """How often each answer to one question of a run was given."""
    c = ResponseRow.__table__.c
    answer = c.answers[question].as_string()
    rows = session.execute(
        select(answer, func.count(c.id))
        .where(c.run_id == run_id, answer.is_not(None))
        .group_by(answer)
    ).all()
    return [(str(value), int(count)) for value, count in rows]


def count_reasons(session: Session, *, start: datetime, end: datetime) -> list[Counted]:
    rows = session.execute(
        select(F.reason, func.count(F.id), func.count(distinct(F.person_id)))
        .where(
            said_something(),
            F.reason.is_not(None),
            F.rating.in_(("down", "none")),
            F.retracted_at.is_(None),
            F.occurred_at >= start,
            F.occurred_at < end,
        )
        .group_by(F.reason)
        .order_by(func.count(F.id).desc())
    ).all()
    return [Counted(str(r), int(c), int(p)) for r, c, p in rows]


def list_comments(session: Session, *, start: datetime, end: datetime) -> list[Comment]:
    """What people wrote with a 👎 or on its own, newest first, capped: the themes' input."""
    rows = session.execute(
        select(F.comment, F.person_id, F.reason)
        .where(
            said_something(),
            F.comment.is_not(None),
            F.rating.in_(("down", "none")),
            F.retracted_at.is_(None),
            F.occurred_at >= start,
            F.occurred_at < end,
        )
        .order_by(F.occurred_at.desc())
        .limit(MAX_COMMENTS)
    ).all()
    return [Comment(str(t), int(p), r) for t, p, r in rows if str(t).strip()]


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
