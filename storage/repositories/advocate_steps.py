"""Moving an advocate along (candidate → approved → invited → champion …) and the log of who
decided each step and when."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from storage.database import Session
from storage.tables import AdvocateDecisionRow, AdvocateRow

ADVOCATES = AdvocateRow.__table__.c


def move(
    session: Session,
    *,
    person_id: int,
    to: str,
    allowed_from: Collection[str],
    values: dict[str, Any],
) -> bool:
    """Change status only from one of `allowed_from`: two leads pressing at once, or a stale
    button, decide once. True when this call made the change."""
    changed = session.execute(
        update(AdvocateRow)
        .where(ADVOCATES.person_id == person_id, ADVOCATES.status.in_(list(allowed_from)))
        .values(status=to, **values)
    ).rowcount
    return bool(changed)


def record_decision(
    session: Session, *, person_id: int, action: str, actor: str, at: datetime
) -> None:
    session.execute(
        insert(AdvocateDecisionRow).values(
            person_id=person_id, action=action, actor=actor[:255], decided_at=at
        )
    )


def recapped_at(session: Session, *, person_id: int) -> datetime | None:
    found: datetime | None = session.scalar(
        select(ADVOCATES.recapped_at).where(ADVOCATES.person_id == person_id)
    )
    return found
