"""The nudge log: one row per message we chose to send a person, deduplicated by key.

Rate limits are keys with a time bucket in them (`followup-up:42:2026-W48`): claiming the key
is what sends, so two replicas or a retry can never send the same nudge twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from storage.base import utcnow
from storage.database import Session
from storage.repositories.upsert import insert_unless_exists
from storage.tables import NudgeRow


def claim_nudge(
    session: Session,
    *,
    person_id: int,
    kind: str,
    dedupe_key: str,
    message_ref: dict[str, Any] | None = None,
) -> bool:
    """True if this key was free and is now ours; False if it was already used."""
    new_id = insert_unless_exists(
        session,
        NudgeRow,
        values={
            "person_id": person_id,
            "kind": kind,
            "dedupe_key": dedupe_key,
            "sent_at": utcnow(),
            "message_ref": message_ref,
        },
        unique_on=("dedupe_key",),
    )
    return new_id is not None


def count_nudges_since(session: Session, *, person_id: int, kind: str, since: datetime) -> int:
    count = session.scalar(
        select(func.count(NudgeRow.id)).where(
            NudgeRow.person_id == person_id, NudgeRow.kind == kind, NudgeRow.sent_at >= since
        )
    )
    return int(count or 0)
