"""Conversations the bot can post into later, with the platform's reference for each."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update

from storage.database import Session
from storage.repositories.upsert import insert_unless_exists
from storage.tables import ConversationRow


def save_conversation(
    session: Session,
    *,
    platform: str,
    tenant: str,
    conversation_id: str,
    kind: str,
    name: str | None,
    reference: dict[str, Any],
) -> None:
    """Insert the conversation, or refresh its reference (service URLs move between regions).

    Hearing from a conversation again means the app is back in it: the unreachable mark goes.
    """
    new_id = insert_unless_exists(
        session,
        ConversationRow,
        values={
            "platform": platform,
            "tenant": tenant,
            "conversation_id": conversation_id,
            "kind": kind,
            "name": name,
            "reference": reference,
        },
        unique_on=("platform", "tenant", "conversation_id"),
    )
    if new_id is None:
        values: dict[str, Any] = {"reference": reference, "kind": kind, "unreachable_at": None}
        if name is not None:
            values["name"] = name
        session.execute(
            update(ConversationRow)
            .where(*matching(platform, tenant, conversation_id))
            .values(**values)
        )


def matching(platform: str, tenant: str, conversation_id: str) -> list[ColumnElement[bool]]:
    return [
        ConversationRow.platform == platform,
        ConversationRow.tenant == tenant,
        ConversationRow.conversation_id == conversation_id,
    ]


def find_reference(
    session: Session, *, platform: str, tenant: str, conversation_id: str
) -> dict[str, Any] | None:
    found: dict[str, Any] | None = session.scalar(
        select(ConversationRow.reference).where(*matching(platform, tenant, conversation_id))
    )
    return found


def mark_unreachable(
    session: Session, *, platform: str, tenant: str, conversation_id: str, at: datetime
) -> bool:
    """The app was removed from this conversation; False if we never stored it."""
    result = session.execute(
        update(ConversationRow)
        .where(*matching(platform, tenant, conversation_id))
        .values(unreachable_at=at)
    )
    return bool(result.rowcount)


def find_unreachable_at(
    session: Session, *, platform: str, tenant: str, conversation_id: str
) -> datetime | None:
    found: datetime | None = session.scalar(
        select(ConversationRow.unreachable_at).where(*matching(platform, tenant, conversation_id))
    )
    return found
