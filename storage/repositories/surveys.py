"""Survey runs, their delivery rows and responses: written in one unit of work each."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, insert, select, update

from bot.records import PersonRef, Platform
from storage.database import Session
from storage.repositories.upsert import insert_unless_exists
from storage.tables import (
    DeliveryRow,
    OutboxRow,
    PersonRow,
    ResponseRow,
    SurveyRow,
    SurveyRunRow,
)

RUNS = SurveyRunRow.__table__
DELIVERIES = DeliveryRow.__table__
RESPONSES = ResponseRow.__table__
SURVEYS = SurveyRow.__table__
PEOPLE = PersonRow.__table__
OUTBOX = OutboxRow.__table__
MAX_ID = 2**31 - 1  # an INTEGER primary key on PostgreSQL


def ensure_survey(session: Session, *, name: str, values: dict[str, Any]) -> int:
    """The survey's row id, creating the row the first time a run of it starts."""
    found = session.scalar(select(SURVEYS.c.id).where(SURVEYS.c.name == name))
    if found is not None:
        return int(found)
    insert_unless_exists(session, SurveyRow, values={"name": name, **values}, unique_on=("name",))
    return int(session.execute(select(SURVEYS.c.id).where(SURVEYS.c.name == name)).scalar_one())


def create_run(session: Session, *, values: dict[str, Any]) -> int | None:
    """The new run's id; None when this survey already has a run for that date."""
    return insert_unless_exists(
        session, SurveyRunRow, values=values, unique_on=("survey_id", "scheduled_for")
    )


def set_run_close(session: Session, *, run_id: int, closes_at: datetime) -> None:
    session.execute(
        update(SurveyRunRow).where(SurveyRunRow.id == run_id).values(closes_at=closes_at)
    )


def last_run_date(session: Session, *, name: str) -> datetime | None:
    found: datetime | None = session.scalar(
        select(func.max(RUNS.c.scheduled_for))
        .select_from(RUNS.join(SURVEYS, SURVEYS.c.id == RUNS.c.survey_id))
        .where(SURVEYS.c.name == name)
    )
    return found


def audience_rows(session: Session) -> list[Any]:
    """Every known person with what choosing recipients needs."""
    return list(
        session.execute(
            select(
                PEOPLE.c.id,
                PEOPLE.c.platform,
                PEOPLE.c.tenant,
                PEOPLE.c.user_id,
                PEOPLE.c.department,
                PEOPLE.c.timezone,
                PEOPLE.c.opted_out,
                PEOPLE.c.deactivated_at,
                PEOPLE.c.is_bot,
            ).order_by(PEOPLE.c.id)
        ).all()
    )


def add_delivery(session: Session, *, values: dict[str, Any]) -> int | None:
    return insert_unless_exists(
        session, DeliveryRow, values=values, unique_on=("run_id", "person_id")
    )


def link_outbox(
    session: Session, *, delivery_id: int, outbox_id: int, reminder: bool = False
) -> None:
    column = "reminder_outbox_id" if reminder else "outbox_id"
    session.execute(
        update(DeliveryRow).where(DeliveryRow.id == delivery_id).values({column: outbox_id})
    )


def find_delivery(session: Session, *, delivery_id: int) -> Any | None:
    """A delivery with its run, survey name and the person it went to."""
    return session.execute(
        select(
            DELIVERIES.c.id,
            DELIVERIES.c.run_id,
            DELIVERIES.c.person_id,
            DELIVERIES.c.answered,
            DELIVERIES.c.skip_reason,
            DELIVERIES.c.outbox_id,
            RUNS.c.closes_at,
            RUNS.c.closed_at,
            RUNS.c.anonymous,
            RUNS.c.scheduled_for,
            SURVEYS.c.name,
            PEOPLE.c.department,
            OUTBOX.c.message_ref,
        )
        .select_from(
            DELIVERIES.join(RUNS, RUNS.c.id == DELIVERIES.c.run_id)
            .join(SURVEYS, SURVEYS.c.id == RUNS.c.survey_id)
            .join(PEOPLE, PEOPLE.c.id == DELIVERIES.c.person_id)
            .outerjoin(OUTBOX, OUTBOX.c.id == DELIVERIES.c.outbox_id)
        )
        .where(DELIVERIES.c.id == delivery_id)
    ).first()


def mark_answered(session: Session, *, delivery_id: int, at: datetime | None) -> bool:
    """True for the one submission that flips it: a second click finds it answered."""
    done = session.execute(
        update(DeliveryRow)
        .where(DeliveryRow.id == delivery_id, DeliveryRow.answered.is_(False))
        .values(answered=True, answered_at=at)
    )
    return bool(done.rowcount)


def response_by_key(session: Session, *, key: str, run_id: int, person_id: int) -> Any | None:
    """The response this platform event stored before, for this run and person only."""
    return session.execute(
        select(RESPONSES.c.id, RESPONSES.c.answers).where(
            RESPONSES.c.idempotency_key == key,
            RESPONSES.c.run_id == run_id,
            RESPONSES.c.person_id == person_id,
        )
    ).first()


def add_response(session: Session, *, values: dict[str, Any]) -> int:
    """Ids are drawn at random, not counted up: an anonymous response's id must not tell in
    which order people answered."""
    while True:
        new_id = secrets.randbelow(MAX_ID) + 1
        if session.scalar(select(RESPONSES.c.id).where(RESPONSES.c.id == new_id)) is None:
            session.execute(insert(ResponseRow).values(id=new_id, **values))
            return new_id


def due_reminders(session: Session, *, now: datetime) -> list[Any]:
    """Deliveries sent, unanswered, not yet reminded, of runs still open."""
    return list(
        session.execute(
            select(
                DELIVERIES.c.id,
                DELIVERIES.c.run_id,
                DELIVERIES.c.person_id,
                DELIVERIES.c.timezone,
                OUTBOX.c.sent_at,
                OUTBOX.c.payload,
                OUTBOX.c.platform,
                SURVEYS.c.name,
            )
            .select_from(
                DELIVERIES.join(OUTBOX, OUTBOX.c.id == DELIVERIES.c.outbox_id)
                .join(RUNS, RUNS.c.id == DELIVERIES.c.run_id)
                .join(SURVEYS, SURVEYS.c.id == RUNS.c.survey_id)
            )
            .where(
                DELIVERIES.c.answered.is_(False),
                DELIVERIES.c.reminder_outbox_id.is_(None),
                OUTBOX.c.status == "sent",
                RUNS.c.closed_at.is_(None),
                RUNS.c.closes_at > now,
            )
        ).all()
    )


def budget_history(
    session: Session, *, person_ids: list[int], since: datetime, until: datetime
) -> dict[int, list[tuple[str, datetime]]]:
    """Per person, the allowance and the time (sent, else due) of every budgeted message sent
    or on its way in [since, until)."""
    moment = func.coalesce(OUTBOX.c.sent_at, OUTBOX.c.due_at)
    found: dict[int, list[tuple[str, datetime]]] = {}
    for start in range(0, len(person_ids), 1000):
        rows = session.execute(
            select(OUTBOX.c.person_id, OUTBOX.c.budget, OUTBOX.c.sent_at, OUTBOX.c.due_at).where(
                OUTBOX.c.person_id.in_(person_ids[start : start + 1000]),
                OUTBOX.c.budget.is_not(None),
                OUTBOX.c.status.in_(["pending", "sending", "sent"]),
                moment >= since,
                moment < until,
            )
        ).all()
        for row in rows:
            found.setdefault(row.person_id, []).append((row.budget, row.sent_at or row.due_at))
    return found


def close_due_runs(session: Session, *, now: datetime) -> int:
    done = session.execute(
        update(SurveyRunRow)
        .where(SurveyRunRow.closed_at.is_(None), SurveyRunRow.closes_at <= now)
        .values(closed_at=now)
    )
    return int(done.rowcount or 0)


def runs_of(session: Session, *, name: str) -> list[Any]:
    return list(
        session.execute(
            select(RUNS)
            .select_from(RUNS.join(SURVEYS, SURVEYS.c.id == RUNS.c.survey_id))
            .where(SURVEYS.c.name == name)
            .order_by(RUNS.c.scheduled_for.desc(), RUNS.c.id.desc())
        ).all()
    )


def delivery_counts(session: Session, *, run_id: int) -> dict[str, int]:
    """asked, answered, and skipped per reason; a survey the platform refused to deliver
    (account gone, app removed) counts as skipped: unreachable."""
    rows = session.execute(
        select(
            DELIVERIES.c.skip_reason,
            DELIVERIES.c.answered,
            OUTBOX.c.status,
            func.count(DELIVERIES.c.id),
        )
        .select_from(DELIVERIES.outerjoin(OUTBOX, OUTBOX.c.id == DELIVERIES.c.outbox_id))
        .where(DELIVERIES.c.run_id == run_id)
        .group_by(DELIVERIES.c.skip_reason, DELIVERIES.c.answered, OUTBOX.c.status)
    ).all()
    counts: dict[str, int] = {"asked": 0, "answered": 0}
    for reason, answered, sent, count in rows:
        reason = reason or ("unreachable" if sent == "failed" else None)
        if reason is None:
            counts["asked"] += int(count)
            counts["answered"] += int(count) if answered else 0
        else:
            counts[f"skipped: {reason}"] = counts.get(f"skipped: {reason}", 0) + int(count)
    return counts


def responses_of(session: Session, *, run_id: int) -> list[Any]:
    return list(
        session.execute(
            select(RESPONSES.c.segment, RESPONSES.c.answers).where(RESPONSES.c.run_id == run_id)
        ).all()
    )


def person_ref(row: Any) -> PersonRef:
    return PersonRef(platform=Platform(row.platform), tenant=row.tenant, user_id=row.user_id)


def open_run_ids(session: Session) -> list[int]:
    return list(session.scalars(select(RUNS.c.id).where(and_(RUNS.c.closed_at.is_(None)))))
