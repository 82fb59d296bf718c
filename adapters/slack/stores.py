"""slack-sdk's SQLAlchemy OAuth stores, made async by running each call on a worker thread,
with every token sealed before it is written and unsealed after it is read.

Why not slack-sdk's own async stores: they write through aiosqlite, which can hold SQLite's
write lock while it waits for the event loop, and our units of work write inline on that
loop; the two then wait on each other until the busy timeout. A call on a worker thread runs
its whole transaction there, so it never holds the lock while waiting for the loop.

Why seal: slack-sdk stores tokens in plain text, and a database backup or a read-only SQL
login would hand out every workspace's bot. Migration 0006 sealed the rows written before.
"""

from __future__ import annotations

import asyncio
import copy
import logging
from typing import Any, TypeVar

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from storage.sealing import Sealer, UnsealError

log = logging.getLogger(__name__)
# The attributes of slack-sdk's Bot and Installation that hold credentials.
BOT_SECRETS = ("bot_token", "bot_refresh_token")
INSTALLATION_SECRETS = (*BOT_SECRETS, "user_token", "user_refresh_token", "incoming_webhook_url")

Stored = TypeVar("Stored", Bot, Installation)


def sealed(item: Stored, sealer: Sealer, fields: tuple[str, ...]) -> Stored:
    """A copy to hand to the store; the caller's object keeps its usable tokens."""
    copied = copy.copy(item)
    for name in fields:
        setattr(copied, name, sealer.seal(getattr(item, name, None)))
    return copied


def unsealed(item: Stored | None, sealer: Sealer, fields: tuple[str, ...]) -> Stored | None:
    if item is None:
        return None
    try:
        for name in fields:
            setattr(item, name, sealer.unseal(getattr(item, name, None)))
    except UnsealError:
        # Treated as not installed, so Slack's requests for it are refused, not crashed on.
        log.warning(
            "a stored Slack installation cannot be unsealed: GROUNDSWELL_SECRET_KEY (or the "
            "key file beside the database) is not the one it was sealed with"
        )
        return None
    return item


class ThreadedInstallationStore(AsyncInstallationStore):
    def __init__(
        self, *, client_id: str, engine: Engine, logger: logging.Logger, token_key: bytes
    ) -> None:
        self._store = SQLAlchemyInstallationStore(client_id=client_id, engine=engine, logger=logger)
        self._sealer = Sealer(token_key)

    @property
    def logger(self) -> logging.Logger:
        return self._store.logger

    async def async_save(self, installation: Installation) -> None:
        stored = sealed(installation, self._sealer, INSTALLATION_SECRETS)
        # slack-sdk's save also stores `to_bot()` of what it is given: sealed there too.
        await asyncio.to_thread(self._store.save, stored)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self._store.save_bot, sealed(bot, self._sealer, BOT_SECRETS))

    async def async_find_bot(self, **where: Any) -> Bot | None:
        found = await asyncio.to_thread(lambda: self._store.find_bot(**where))
        return unsealed(found, self._sealer, BOT_SECRETS)

    async def async_find_installation(self, **where: Any) -> Installation | None:
        found = await asyncio.to_thread(lambda: self._store.find_installation(**where))
        return unsealed(found, self._sealer, INSTALLATION_SECRETS)

    async def async_delete_bot(self, **where: Any) -> None:
        await asyncio.to_thread(lambda: self._store.delete_bot(**where))

    async def async_delete_installation(self, **where: Any) -> None:
        await asyncio.to_thread(lambda: self._store.delete_installation(**where))

    async def async_delete_all(self, **where: Any) -> None:
        await asyncio.to_thread(lambda: self._store.delete_all(**where))


class ThreadedStateStore(AsyncOAuthStateStore):
    def __init__(self, *, expiration_seconds: int, engine: Engine, logger: logging.Logger) -> None:
        self._store = SQLAlchemyOAuthStateStore(
            expiration_seconds=expiration_seconds, engine=engine, logger=logger
        )

    @property
    def logger(self) -> logging.Logger:
        return self._store.logger

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        return await asyncio.to_thread(self._store.issue, *args, **kwargs)

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self._store.consume, state)
