"""The inbox of platform requests: store once per platform id, claim, finish, forget."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update

from bot.records import InboxItem, Platform
from storage.database import Session
from storage.repositories.upsert import insert_unless_exists
from storage.tables import InboxRow

INBOX = InboxRow.__table__


def store_item(session: Session, *, values: dict[str, Any]) -> int | None:
    """The new item's id; None when this platform id was stored before (a redelivery)."""
    return insert_unless_exists(session, InboxRow, values=values, unique_on=("platform", "key"))


def finish_item(session: Session, *, item_id: int) -> None:
    session.execute(delete(InboxRow).where(InboxRow.id == item_id))


def release_claims(session: Session, *, platform: str) -> int:
    """Hand every claim back (start-up of the only process that could have held them)."""
    result = session.execute(
        update(InboxRow)
        .where(InboxRow.platform == platform, InboxRow.claimed_until.is_not(None))
        .values(claimed_until=None)
    )
    return int(result.rowcount)


def claim_stale(
    session: Session, *, platform: str, now: datetime, until: datetime, limit: int
) -> list[InboxItem]:
    """Claim items nobody holds (never claimed, or the claim ran out), oldest first.

    On PostgreSQL the rows are locked with SKIP LOCKED, so replicas sweeping at the same
    moment each take different items; SQLite has one writer and ignores the clause.
    """
    ids = list(
        session.scalars(
            select(InboxRow.id)
            .where(
                InboxRow.platform == platform,
                or_(InboxRow.claimed_until.is_(None), InboxRow.claimed_until < now),
            )
            .order_by(InboxRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    if not ids:
        return []
    session.execute(
        update(InboxRow)
        .where(InboxRow.id.in_(ids))
        .values(claimed_until=until, attempts=InboxRow.attempts + 1)
    )
    rows = session.execute(select(INBOX).where(INBOX.c.id.in_(ids)).order_by(INBOX.c.id)).all()
    return [
        InboxItem(
            id=row.id,
            platform=Platform(row.platform),
            key=row.key,
            kind=row.kind,
            body=row.body,
            content_type=row.content_type,
            received_at=row.received_at,
            attempts=row.attempts,
        )
        for row in rows
    ]


def forget_items(session: Session, *, platform: str, tenant: str, user_id: str) -> int:
    """Pending requests from this person: their words must go with them."""
    result = session.execute(
        delete(InboxRow).where(
            and_(
                InboxRow.platform == platform,
                InboxRow.user_id == user_id,
                InboxRow.tenant == tenant,
            )
        )
    )
    return int(result.rowcount)


def count_items(session: Session, *, platform: str) -> int:
    found = session.scalar(select(func.count(InboxRow.id)).where(InboxRow.platform == platform))
    return int(found or 0)
