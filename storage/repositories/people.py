"""People: find or create by platform identity, privacy flags, and forgetting."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import bindparam, delete, select, update

from bot.records import Person, PersonRef
from storage.base import utcnow
from storage.database import Session
from storage.prepared import Prepared
from storage.repositories.convert import to_person
from storage.repositories.inbox import forget_items
from storage.repositories.upsert import insert_unless_exists, prepared_insert
from storage.tables import ForgottenRow, PersonRow


def subject_hash(ref: PersonRef) -> str:
    """A one-way fingerprint: enough to recognise a forgotten person, not to name them."""
    return hashlib.sha256(f"{ref.platform}\x1f{ref.tenant}\x1f{ref.user_id}".encode()).hexdigest()


def identity(ref: PersonRef) -> Any:
    return (
        (PersonRow.platform == ref.platform.value)
        & (PersonRow.tenant == ref.tenant)
        & (PersonRow.user_id == ref.user_id)
    )


PEOPLE = PersonRow.__table__
# Prebuilt: the feedback hot path runs these on every event.
FIND_PERSON_ID = select(PEOPLE.c.id).where(
    PEOPLE.c.platform == bindparam("platform"),
    PEOPLE.c.tenant == bindparam("tenant"),
    PEOPLE.c.user_id == bindparam("user_id"),
)
IS_FORGOTTEN = select(ForgottenRow.__table__.c.id).where(
    ForgottenRow.__table__.c.subject_hash == bindparam("subject_hash")
)


PREPARED_IS_FORGOTTEN = Prepared(IS_FORGOTTEN)
PERSON_COLUMNS = ("platform", "tenant", "user_id", "opted_out", "created_at", "updated_at")
PREPARED_CREATE = prepared_insert(
    PersonRow, unique_on=("platform", "tenant", "user_id"), keys=PERSON_COLUMNS
)


def identity_params(ref: PersonRef) -> dict[str, str]:
    return {"platform": ref.platform.value, "tenant": ref.tenant, "user_id": ref.user_id}


def find_person_id(session: Session, *, ref: PersonRef) -> int | None:
    found: int | None = session.scalar(FIND_PERSON_ID, identity_params(ref))
    return found


def find_person(session: Session, *, ref: PersonRef) -> Person | None:
    row = session.execute(select(PersonRow.__table__).where(identity(ref))).first()
    return to_person(row) if row is not None else None


def ensure_person(session: Session, *, ref: PersonRef, display_name: str | None = None) -> int:
    """The person's id, creating the row at first contact (safe against a concurrent insert)."""
    found = find_person_id(session, ref=ref)
    if found is not None:
        return found
    new_id = insert_unless_exists(
        session,
        PersonRow,
        values={
            "platform": ref.platform.value,
            "tenant": ref.tenant,
            "user_id": ref.user_id,
            "display_name": display_name,
            "opted_out": False,
        },
        unique_on=("platform", "tenant", "user_id"),
    )
    if new_id is None:
        new_id = find_person_id(session, ref=ref)
    if new_id is None:  # pragma: no cover - the conflicting row cannot vanish mid-transaction
        raise LookupError("person disappeared during insert")
    return new_id


def find_conversation_ref(session: Session, *, ref: PersonRef) -> dict[str, Any] | None:
    found: dict[str, Any] | None = session.scalar(
        select(PersonRow.conversation_ref).where(identity(ref))
    )
    return found


def update_profile(
    session: Session,
    *,
    ref: PersonRef,
    display_name: str | None = None,
    timezone: str | None = None,
    department: str | None = None,
    conversation_ref: dict[str, Any] | None = None,
) -> None:
    values: dict[str, Any] = {
        key: value
        for key, value in {
            "display_name": display_name,
            "timezone": timezone,
            "department": department,
            "conversation_ref": conversation_ref,
        }.items()
        if value is not None
    }
    if values:
        session.execute(update(PersonRow).where(identity(ref)).values(**values))


def set_opted_out(session: Session, *, ref: PersonRef, opted_out: bool) -> None:
    session.execute(
        update(PersonRow)
        .where(identity(ref))
        .values(opted_out=opted_out, opted_out_at=utcnow() if opted_out else None)
    )


def is_forgotten(session: Session, *, ref: PersonRef) -> bool:
    return PREPARED_IS_FORGOTTEN.first(session, {"subject_hash": subject_hash(ref)}) is not None


def create_person(session: Session, *, ref: PersonRef) -> int:
    """Insert someone we just found missing; safe if another writer got there first."""
    now = utcnow()
    row = PREPARED_CREATE.first(
        session, {**identity_params(ref), "opted_out": False, "created_at": now, "updated_at": now}
    )
    if row is not None:
        return int(row[0])
    return ensure_person(session, ref=ref)


def forget_person(session: Session, *, ref: PersonRef) -> bool:
    """Delete the person and (by cascade) everything they said, including requests of theirs
    still waiting in the inbox; keep only the tombstone."""
    forget_items(session, platform=ref.platform.value, tenant=ref.tenant, user_id=ref.user_id)
    result = session.execute(delete(PersonRow).where(identity(ref)))
    insert_unless_exists(
        session,
        ForgottenRow,
        values={"subject_hash": subject_hash(ref)},
        unique_on=("subject_hash",),
    )
    return bool(result.rowcount)


def unforget_person(session: Session, *, ref: PersonRef) -> None:
    session.execute(delete(ForgottenRow).where(ForgottenRow.subject_hash == subject_hash(ref)))
