"""Conversations the bot can post into later, with the platform's reference for each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

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
    """Insert the conversation, or refresh its reference (service URLs move between regions)."""
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
        values: dict[str, Any] = {"reference": reference, "kind": kind}
        if name is not None:
            values["name"] = name
        session.execute(
            update(ConversationRow)
            .where(
                ConversationRow.platform == platform,
                ConversationRow.tenant == tenant,
                ConversationRow.conversation_id == conversation_id,
            )
            .values(**values)
        )


def find_reference(
    session: Session, *, platform: str, tenant: str, conversation_id: str
) -> dict[str, Any] | None:
    found: dict[str, Any] | None = session.scalar(
        select(ConversationRow.reference).where(
            ConversationRow.platform == platform,
            ConversationRow.tenant == tenant,
            ConversationRow.conversation_id == conversation_id,
        )
    )
    return found
