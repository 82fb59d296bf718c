"""Who the leads are in the people table, and the log of digests handed to them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.records import Person
from storage.database import Session
from storage.repositories.convert import to_person
from storage.repositories.upsert import insert_unless_exists
from storage.tables import DigestRow, PersonRow


def find_people_by_user(session: Session, *, platform: str, user_id: str) -> list[Person]:
    """GROUNDSWELL_LEADS names a platform and a user, not a workspace: every match."""
    rows = session.execute(
        select(PersonRow.__table__).where(
            PersonRow.platform == platform, PersonRow.user_id == user_id
        )
    ).all()
    return [to_person(row) for row in rows]


def log_digest(
    session: Session,
    *,
    key: str,
    recipient: str,
    start: datetime,
    end: datetime,
    content: dict[str, Any],
    sent_at: datetime,
) -> bool:
    """False when this digest was already logged for this recipient (the key is unique)."""
    new_id = insert_unless_exists(
        session,
        DigestRow,
        values={
            "dedupe_key": key,
            "recipient": recipient,
            "period_start": start,
            "period_end": end,
            "content": content,
            "sent_at": sent_at,
        },
        unique_on=("dedupe_key",),
    )
    return new_id is not None
