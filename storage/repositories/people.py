"""People: find or create by platform identity, privacy flags, and forgetting.

Creating a person is the one place that checks the forget tombstones: every path that meets
someone new (a reaction, a click, a command, an API write, first contact on Teams) comes
through `admit_person` / `create_person`, which need the fingerprint key to run at all.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, delete, or_, select, update

from bot.records import Person, PersonRef, Platform
from storage.base import utcnow
from storage.database import Session
from storage.prepared import Prepared
from storage.repositories.convert import to_person
from storage.repositories.inbox import forget_items
from storage.repositories.upsert import insert_unless_exists, prepared_insert
from storage.tables import ForgottenRow, PersonRow


def subject(ref: PersonRef) -> bytes:
    return f"{ref.platform}\x1f{ref.tenant}\x1f{ref.user_id}".encode()


def fingerprint(ref: PersonRef, key: bytes) -> str:
    """HMAC-SHA256 under the server's fingerprint key: recognises a forgotten person, and
    without the key cannot be matched against a member list."""
    return hmac.new(key, subject(ref), hashlib.sha256).hexdigest()


def legacy_fingerprint(ref: PersonRef) -> str:
    """The unkeyed SHA-256 of tombstones written before migration 0006 (flagged keyed=false)."""
    return hashlib.sha256(subject(ref)).hexdigest()


# Fingerprints remembered per person: the PostgreSQL write passes both on every write (its one
# statement checks tombstones at first contact), and two HMAC/SHA-256 runs were ~4% of the
# server's CPU per write (bench/ingest.py). Bounded; a person's fingerprints never change.
FINGERPRINTS_REMEMBERED = 65_536


def fingerprints(ref: PersonRef, key: bytes) -> tuple[str, str]:
    """(fingerprint, legacy fingerprint) of the person, as `fingerprint` and
    `legacy_fingerprint` make them."""
    return fingerprints_of(ref.platform, ref.tenant, ref.user_id, key)


@lru_cache(maxsize=FINGERPRINTS_REMEMBERED)
def fingerprints_of(platform: Platform, tenant: str, user_id: str, key: bytes) -> tuple[str, str]:
    ref = PersonRef(platform=platform, tenant=tenant, user_id=user_id)
    return fingerprint(ref, key), legacy_fingerprint(ref)


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
TOMBSTONES = ForgottenRow.__table__
# A keyed tombstone, or a legacy one not yet re-keyed (see `rekey_tombstone`).
IS_FORGOTTEN = select(TOMBSTONES.c.id, TOMBSTONES.c.keyed).where(
    or_(
        (TOMBSTONES.c.subject_hash == bindparam("fingerprint")) & TOMBSTONES.c.keyed,
        (TOMBSTONES.c.subject_hash == bindparam("legacy")) & ~TOMBSTONES.c.keyed,
    )
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


def admit_person(session: Session, *, ref: PersonRef, fingerprint_key: bytes) -> int | None:
    """The person's id, creating the row at first contact; None if they asked to be forgotten."""
    found = find_person_id(session, ref=ref)
    if found is not None:
        return found
    return create_person(session, ref=ref, fingerprint_key=fingerprint_key)


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


def is_forgotten(session: Session, *, ref: PersonRef, fingerprint_key: bytes) -> bool:
    """Whether a tombstone matches; a legacy one is re-keyed on the way (kept if the unit of
    work rolls back, and re-keyed on a later event then)."""
    keyed, legacy = fingerprints(ref, fingerprint_key)
    params = {"fingerprint": keyed, "legacy": legacy}
    row = PREPARED_IS_FORGOTTEN.first(session, params)
    if row is None:
        return False
    if not row[1]:
        rekey_tombstone(session, tombstone_id=int(row[0]), fingerprint=params["fingerprint"])
    return True


def rekey_tombstone(session: Session, *, tombstone_id: int, fingerprint: str) -> None:
    session.execute(
        update(ForgottenRow)
        .where(ForgottenRow.id == tombstone_id)
        .values(subject_hash=fingerprint, keyed=True)
    )


def create_person(session: Session, *, ref: PersonRef, fingerprint_key: bytes) -> int | None:
    """Insert someone we just found missing, unless they asked to be forgotten (None).

    Safe if another writer got there first: the existing row's id is returned.
    """
    if is_forgotten(session, ref=ref, fingerprint_key=fingerprint_key):
        return None
    now = utcnow()
    row = PREPARED_CREATE.first(
        session, {**identity_params(ref), "opted_out": False, "created_at": now, "updated_at": now}
    )
    if row is not None:
        return int(row[0])
    found = find_person_id(session, ref=ref)
    if found is None:  # pragma: no cover - the conflicting row cannot vanish mid-transaction
        raise LookupError("person disappeared during insert")
    return found


def forget_person(session: Session, *, ref: PersonRef, fingerprint_key: bytes) -> bool:
    """Delete the person and (by cascade) everything they said, including requests of theirs
    still waiting in the inbox; keep only a keyed tombstone."""
    forget_items(session, platform=ref.platform.value, tenant=ref.tenant, user_id=ref.user_id)
    result = session.execute(delete(PersonRow).where(identity(ref)))
    unforget_person(session, ref=ref, fingerprint_key=fingerprint_key)
    insert_unless_exists(
        session,
        ForgottenRow,
        values={"subject_hash": fingerprint(ref, fingerprint_key), "keyed": True},
        unique_on=("subject_hash",),
    )
    return bool(result.rowcount)


def unforget_person(session: Session, *, ref: PersonRef, fingerprint_key: bytes) -> None:
    """Lift the tombstone, keyed or legacy."""
    hashes = fingerprints(ref, fingerprint_key)
    session.execute(delete(ForgottenRow).where(ForgottenRow.subject_hash.in_(hashes)))
