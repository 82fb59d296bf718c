"""Where the bot may speak later: stored platform references of chats, channels and teams.

The reference itself is opaque JSON that only the adapter which stored it can read. A
conversation the app was removed from is marked unreachable until it is installed again, so
senders fail fast instead of asking the platform to refuse them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.records import Platform
from storage.database import Database, Session
from storage.repositories import conversations as conversations_repo


class ConversationService:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def remember(
        self,
        *,
        platform: Platform,
        tenant: str,
        conversation_id: str,
        kind: str,
        reference: dict[str, Any],
        name: str | None = None,
    ) -> None:
        """Store (or refresh) how to reach this conversation proactively."""

        def work(session: Session) -> None:
            conversations_repo.save_conversation(
                session,
                platform=platform.value,
                tenant=tenant[:255],
                conversation_id=conversation_id[:512],
                kind=kind[:16],
                name=name[:255] if name else None,
                reference=reference,
            )

        await self._db.run(work)

    async def reference(
        self, *, platform: Platform, tenant: str, conversation_id: str
    ) -> dict[str, Any] | None:
        def work(session: Session) -> dict[str, Any] | None:
            return conversations_repo.find_reference(
                session, platform=platform.value, tenant=tenant, conversation_id=conversation_id
            )

        return await self._db.run(work)

    async def mark_unreachable(
        self, *, platform: Platform, tenant: str, conversation_id: str, at: datetime
    ) -> bool:
        """The app was removed from this conversation; False if we never knew it."""

        def work(session: Session) -> bool:
            return conversations_repo.mark_unreachable(
                session,
                platform=platform.value,
                tenant=tenant[:255],
                conversation_id=conversation_id[:512],
                at=at,
            )

        return await self._db.run(work)

    async def unreachable_since(
        self, *, platform: Platform, tenant: str, conversation_id: str
    ) -> datetime | None:
        def work(session: Session) -> datetime | None:
            return conversations_repo.find_unreachable_at(
                session, platform=platform.value, tenant=tenant, conversation_id=conversation_id
            )

        return await self._db.run(work)
