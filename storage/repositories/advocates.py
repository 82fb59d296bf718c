"""Advocate candidates and champions: what scoring reads, what a lead reviews, who decided."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update

from bot.records import PersonRef
from storage.database import Session
from storage.repositories.convert import person_ref
from storage.repositories.upsert import insert_unless_exists
from storage.tables import AdvocateRow, FeedbackRow, PersonRow, WinRow

WINS = WinRow.__table__.c
PEOPLE = PersonRow.__table__.c
ADVOCATES = AdvocateRow.__table__.c


@dataclass(frozen=True)
class WinLine:
    text: str
    evidence: dict[str, Any] | None
    minutes: int | None
    use_case: str | None
    occurred_at: datetime
    confidence: float | None


@dataclass(frozen=True)
class PersonLine:
    """One person's wins and the 👍 they gave, as scoring reads them."""

    person_id: int
    ref: PersonRef
    name: str | None
    department: str | None
    opted_out: bool
    wins: tuple[WinLine, ...]
    helpful_ratings: int


@dataclass(frozen=True)
class AdvocateEntry:
    person_id: int
    ref: PersonRef
    name: str | None
    department: str | None
    audience: str | None
    score: float
    explanation: str
    evidence: dict[str, Any]
    status: str
    proposed_at: datetime | None
    reviewer: str | None
    reviewed_at: datetime | None
    invited_at: datetime | None
    accepted_at: datetime | None
    opted_out: bool = False


def load_people_with_wins(
    session: Session, *, since: datetime, person_id: int | None = None
) -> list[PersonLine]:
    """Everyone with a win since `since` (or just `person_id`), with their wins."""
    query = (
        select(
            WINS.person_id,
            WINS.text,
            WINS.evidence,
            WINS.minutes_saved,
            WINS.use_case,
            WINS.occurred_at,
            WINS.confidence,
        )
        .where(WINS.occurred_at >= since)
        .order_by(WINS.person_id, WINS.occurred_at)
    )
    if person_id is not None:
        query = query.where(WINS.person_id == person_id)
    wins: dict[int, list[WinLine]] = defaultdict(list)
    for row in session.execute(query):
        wins[row.person_id].append(WinLine(*row[1:]))
    if not wins:
        return []
    helpful: dict[int, int] = {
        person: count
        for person, count in session.execute(
            select(FeedbackRow.person_id, func.count(FeedbackRow.id))
            .where(
                FeedbackRow.person_id.in_(wins),
                FeedbackRow.rating == "up",
                FeedbackRow.retracted_at.is_(None),
                FeedbackRow.superseded_at.is_(None),
                FeedbackRow.occurred_at >= since,
            )
            .group_by(FeedbackRow.person_id)
        )
    }
    people = session.execute(select(PersonRow.__table__).where(PEOPLE.id.in_(wins))).all()
    return [
        PersonLine(
            person_id=row.id,
            ref=person_ref(row),
            name=row.display_name,
            department=row.department,
            opted_out=bool(row.opted_out),
            wins=tuple(wins[row.id]),
            helpful_ratings=int(helpful.get(row.id, 0)),
        )
        for row in people
    ]


def save_score(
    session: Session,
    *,
    person_id: int,
    values: dict[str, Any],
    propose: bool,
    now: datetime,
    proposed_at: datetime | None = None,
) -> bool:
    """Refresh a known advocate's score whatever their status; make a new candidate only
    when `propose`. True when a new candidate was proposed."""
    changed = session.execute(
        update(AdvocateRow).where(ADVOCATES.person_id == person_id).values(**values)
    ).rowcount
    if changed or not propose:
        return False
    new_id = insert_unless_exists(
        session,
        AdvocateRow,
        values={
            **values,
            "person_id": person_id,
            "status": "candidate",
            "proposed_at": proposed_at or now,
            "updated_at": now,
        },
        unique_on=("person_id",),
    )
    return new_id is not None


def withdraw_candidate(session: Session, *, person_id: int) -> None:
    """No longer a candidate (opted out, fewer win days): undecided proposals go."""
    session.execute(
        delete(AdvocateRow).where(ADVOCATES.person_id == person_id, ADVOCATES.status == "candidate")
    )


def list_advocates(
    session: Session, *, statuses: Collection[str] | None = None, person_id: int | None = None
) -> list[AdvocateEntry]:
    query = select(AdvocateRow.__table__, PersonRow.__table__).join(
        PersonRow.__table__, PEOPLE.id == ADVOCATES.person_id
    )
    if statuses:
        query = query.where(ADVOCATES.status.in_(list(statuses)))
    if person_id is not None:
        query = query.where(ADVOCATES.person_id == person_id)
    rows = session.execute(query.order_by(ADVOCATES.score.desc(), ADVOCATES.id)).mappings()
    return [to_entry(row) for row in rows]


def to_entry(row: Any) -> AdvocateEntry:
    return AdvocateEntry(
        person_id=row[ADVOCATES.person_id],
        ref=PersonRef(
            platform=row[PEOPLE.platform], tenant=row[PEOPLE.tenant], user_id=row[PEOPLE.user_id]
        ),
        name=row[PEOPLE.display_name],
        department=row[PEOPLE.department],
        audience=row[ADVOCATES.audience],
        score=row[ADVOCATES.score],
        explanation=row[ADVOCATES.explanation],
        evidence=row[ADVOCATES.evidence] or {},
        status=row[ADVOCATES.status],
        proposed_at=row[ADVOCATES.proposed_at],
        reviewer=row[ADVOCATES.reviewer],
        reviewed_at=row[ADVOCATES.reviewed_at],
        invited_at=row[ADVOCATES.invited_at],
        accepted_at=row[ADVOCATES.accepted_at],
        opted_out=bool(row[PEOPLE.opted_out]),
    )
