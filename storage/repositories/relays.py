"""Relay intents: claimed before posting, then posted, then registered (see RelayRow)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from storage.database import Session
from storage.repositories.upsert import insert_unless_exists
from storage.tables import RelayRow

PENDING = "pending"
POSTED = "posted"
REGISTERED = "registered"


@dataclass(frozen=True)
class StoredRelay:
    id: int
    ref_id: str
    request_hash: str
    status: str
    claimed_at: datetime
    lease_until: datetime
    channel: str | None
    message_id: str | None
    output_id: int | None


def claim_relay(
    session: Session, *, ref_id: str, request_hash: str, now: datetime, lease: timedelta
) -> int | None:
    """Record the intent; its id, or None when this ref_id was claimed before."""
    return insert_unless_exists(
        session,
        RelayRow,
        values={
            "ref_id": ref_id,
            "request_hash": request_hash,
            "status": PENDING,
            "claimed_at": now,
            "lease_until": now + lease,
        },
        unique_on=("ref_id",),
    )


def find_relay(session: Session, *, ref_id: str) -> StoredRelay | None:
    row = session.execute(select(RelayRow.__table__).where(RelayRow.ref_id == ref_id)).first()
    if row is None:
        return None
    return StoredRelay(
        id=row.id,
        ref_id=row.ref_id,
        request_hash=row.request_hash,
        status=row.status,
        claimed_at=row.claimed_at,
        lease_until=row.lease_until,
        channel=row.channel,
        message_id=row.message_id,
        output_id=row.output_id,
    )


def take_over(
    session: Session, *, relay_id: int, seen_lease: datetime, now: datetime, lease: timedelta
) -> bool:
    """Claim a relay whose lease ran out; of several retries doing this at once, one wins
    (the lease it saw is the compare-and-set guard)."""
    result = session.execute(
        update(RelayRow)
        .where(RelayRow.id == relay_id, RelayRow.lease_until == seen_lease)
        .values(lease_until=now + lease)
    )
    return bool(result.rowcount)


def end_lease(session: Session, *, relay_id: int, now: datetime) -> None:
    """The claimant gave up without knowing whether it posted: a retry may look at once."""
    session.execute(
        update(RelayRow)
        .where(RelayRow.id == relay_id, RelayRow.status != REGISTERED)
        .values(lease_until=now)
    )


def mark_posted(session: Session, *, relay_id: int, channel: str, message_id: str) -> None:
    session.execute(
        update(RelayRow)
        .where(RelayRow.id == relay_id)
        .values(status=POSTED, channel=channel, message_id=message_id)
    )


def mark_registered(session: Session, *, relay_id: int, output_id: int) -> None:
    session.execute(
        update(RelayRow)
        .where(RelayRow.id == relay_id)
        .values(status=REGISTERED, output_id=output_id)
    )


def release(session: Session, *, relay_id: int) -> None:
    """The platform refused the post, so nothing is out there: the key is free again."""
    session.execute(delete(RelayRow).where(RelayRow.id == relay_id, RelayRow.status == PENDING))
