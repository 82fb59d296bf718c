"""What people said and answered: pulse runs and their answers, 👎 reasons and comments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    case,
    distinct,
    func,
    select,
)

from storage.database import Session
from storage.repositories.digest import MAX_COMMENTS, Comment, Counted, F, PulseRun, said_something
from storage.tables import (
    DeliveryRow,
    ResponseRow,
    SurveyRow,
    SurveyRunRow,
)


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
