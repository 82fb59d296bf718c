"""The outbox: decide once (dedupe key), claim one at a time, record what the platform said."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update

from bot.records import Budget, OutboxItem, OutboxStatus, PersonRef, Place, Platform
from storage.base import utcnow
from storage.database import Session
from storage.repositories.upsert import insert_unless_exists
from storage.tables import OutboxRow, PersonRow

OUTBOX = OutboxRow.__table__
PEOPLE = PersonRow.__table__


def add_item(session: Session, *, values: dict[str, Any]) -> int | None:
    """The new item's id; None when its dedupe key was used before (already decided)."""
    return insert_unless_exists(session, OutboxRow, values=values, unique_on=("dedupe_key",))


def key_used(session: Session, *, key: str) -> bool:
    return session.scalar(select(OUTBOX.c.id).where(OUTBOX.c.dedupe_key == key)) is not None


def lock_person(session: Session, *, person_id: int) -> None:
    """Serialise budget decisions for one person across replicas (PostgreSQL row lock; SQLite
    has one writer and ignores it)."""
    session.execute(select(PEOPLE.c.id).where(PEOPLE.c.id == person_id).with_for_update())


def count_recent(session: Session, *, person_id: int, since: datetime) -> dict[Budget, int]:
    """Budgeted messages decided for this person since `since` (sent, or on their way)."""
    rows = session.execute(
        select(OUTBOX.c.budget, func.count(OUTBOX.c.id))
        .where(
            OUTBOX.c.person_id == person_id,
            OUTBOX.c.created_at >= since,
            OUTBOX.c.budget.is_not(None),
            OUTBOX.c.status.in_(
                [OutboxStatus.PENDING.value, OutboxStatus.SENDING.value, OutboxStatus.SENT.value]
            ),
        )
        .group_by(OUTBOX.c.budget)
    ).all()
    return {Budget(budget): int(count) for budget, count in rows}


def count_kind_since(session: Session, *, person_id: int, kind: str, since: datetime) -> int:
    found = session.scalar(
        select(func.count(OUTBOX.c.id)).where(
            OUTBOX.c.person_id == person_id, OUTBOX.c.kind == kind, OUTBOX.c.created_at >= since
        )
    )
    return int(found or 0)


def claim(
    session: Session,
    *,
    now: datetime,
    until: datetime,
    limit: int,
    item_id: int | None = None,
) -> list[OutboxItem]:
    """Take due items nobody holds: pending ones, and ones whose sender's claim ran out (a
    crash mid-send: the dispatcher reconciles those before sending again)."""
    claimable = or_(
        and_(OUTBOX.c.status == OutboxStatus.PENDING.value, OUTBOX.c.due_at <= now),
        and_(OUTBOX.c.status == OutboxStatus.SENDING.value, OUTBOX.c.claimed_until < now),
    )
    query = select(OUTBOX.c.id).where(claimable)
    if item_id is not None:
        query = query.where(OUTBOX.c.id == item_id)
    ids = list(
        session.scalars(
            query.order_by(OUTBOX.c.due_at, OUTBOX.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    if not ids:
        return []
    session.execute(
        update(OutboxRow)
        .where(OutboxRow.id.in_(ids))
        .values(
            status=OutboxStatus.SENDING.value,
            claimed_until=until,
            attempts=OutboxRow.attempts + 1,
        )
    )
    rows = session.execute(
        select(
            OUTBOX,
            PEOPLE.c.platform.label("person_platform"),
            PEOPLE.c.tenant.label("person_tenant"),
            PEOPLE.c.user_id,
        )
        .select_from(OUTBOX.outerjoin(PEOPLE, PEOPLE.c.id == OUTBOX.c.person_id))
        .where(OUTBOX.c.id.in_(ids))
        .order_by(OUTBOX.c.due_at, OUTBOX.c.id)
    ).all()
    return [to_item(row) for row in rows]


def to_item(row: Any) -> OutboxItem:
    person = (
        PersonRef(
            platform=Platform(row.person_platform), tenant=row.person_tenant, user_id=row.user_id
        )
        if row.user_id is not None
        else None
    )
    place = (
        Place(platform=Platform(row.platform), tenant=row.tenant, channel=row.channel)
        if row.channel is not None and row.tenant is not None
        else None
    )
    return OutboxItem(
        id=row.id,
        kind=row.kind,
        platform=Platform(row.platform),
        person=person,
        place=place,
        ephemeral=row.ephemeral,
        payload=row.payload,
        status=OutboxStatus(row.status),
        due_at=row.due_at,
        attempts=row.attempts,
    )


def finish(
    session: Session,
    *,
    item_id: int,
    status: OutboxStatus,
    message_ref: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    values: dict[str, Any] = {"status": status.value, "claimed_until": None}
    if status is OutboxStatus.SENT:
        values.update(sent_at=utcnow(), message_ref=message_ref)
    if error is not None:
        values["last_error"] = error[:255]
    session.execute(update(OutboxRow).where(OutboxRow.id == item_id).values(**values))


def release_claims(session: Session) -> int:
    """Hand every claim back (start-up of the only process that could have held them); the
    items keep their attempt count, so the next send looks for them on the platform first."""
    result = session.execute(
        update(OutboxRow)
        .where(OutboxRow.status == OutboxStatus.SENDING.value)
        .values(status=OutboxStatus.PENDING.value, claimed_until=None)
    )
    return int(result.rowcount or 0)


def retry_later(session: Session, *, item_id: int, due_at: datetime, error: str) -> None:
    session.execute(
        update(OutboxRow)
        .where(OutboxRow.id == item_id)
        .values(
            status=OutboxStatus.PENDING.value,
            claimed_until=None,
            due_at=due_at,
            last_error=error[:255],
        )
    )


def count_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(OUTBOX.c.status, func.count(OUTBOX.c.id)).group_by(OUTBOX.c.status)
    ).all()
    return {status: int(count) for status, count in rows}
