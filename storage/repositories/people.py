"""People: find or create by platform identity, privacy flags, and forgetting."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.records import Person, PersonRef
from storage.base import utcnow
from storage.repositories.convert import to_person
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


async def find_person_id(session: AsyncSession, *, ref: PersonRef) -> int | None:
    return await session.scalar(select(PersonRow.id).where(identity(ref)))


async def find_person(session: AsyncSession, *, ref: PersonRef) -> Person | None:
    row = await session.scalar(select(PersonRow).where(identity(ref)))
    return to_person(row) if row is not None else None


async def ensure_person(
    session: AsyncSession, *, ref: PersonRef, display_name: str | None = None
) -> int:
    """The person's id, creating the row at first contact."""
    found = await find_person_id(session, ref=ref)
    if found is not None:
        return found
    row = PersonRow(
        platform=ref.platform.value,
        tenant=ref.tenant,
        user_id=ref.user_id,
        display_name=display_name,
        opted_out=False,
    )
    session.add(row)
    await session.flush()
    return row.id


async def find_conversation_ref(session: AsyncSession, *, ref: PersonRef) -> dict[str, Any] | None:
    found: dict[str, Any] | None = await session.scalar(
        select(PersonRow.conversation_ref).where(identity(ref))
    )
    return found


async def update_profile(
    session: AsyncSession,
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
        await session.execute(update(PersonRow).where(identity(ref)).values(**values))


async def set_opted_out(session: AsyncSession, *, ref: PersonRef, opted_out: bool) -> None:
    await session.execute(
        update(PersonRow)
        .where(identity(ref))
        .values(opted_out=opted_out, opted_out_at=utcnow() if opted_out else None)
    )


async def is_forgotten(session: AsyncSession, *, ref: PersonRef) -> bool:
    found = await session.scalar(
        select(ForgottenRow.id).where(ForgottenRow.subject_hash == subject_hash(ref))
    )
    return found is not None


async def forget_person(session: AsyncSession, *, ref: PersonRef) -> bool:
    """Delete the person and (by cascade) everything they said; keep only the tombstone."""
    result = await session.execute(delete(PersonRow).where(identity(ref)))
    if not await is_forgotten(session, ref=ref):
        session.add(ForgottenRow(subject_hash=subject_hash(ref)))
    await session.flush()
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def unforget_person(session: AsyncSession, *, ref: PersonRef) -> None:
    await session.execute(
        delete(ForgottenRow).where(ForgottenRow.subject_hash == subject_hash(ref))
    )
