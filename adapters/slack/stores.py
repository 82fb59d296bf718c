"""slack-sdk's SQLAlchemy OAuth stores, made async by running each call on a worker thread.

Why not slack-sdk's own async stores: they write through aiosqlite, which can hold SQLite's
write lock while it waits for the event loop, and our units of work write inline on that
loop; the two then wait on each other until the busy timeout. A call on a worker thread runs
its whole transaction there, so it never holds the lock while waiting for the loop.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine


class ThreadedInstallationStore(AsyncInstallationStore):
    def __init__(self, *, client_id: str, engine: Engine, logger: logging.Logger) -> None:
        self._store = SQLAlchemyInstallationStore(client_id=client_id, engine=engine, logger=logger)

    @property
    def logger(self) -> logging.Logger:
        return self._store.logger

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self._store.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self._store.save_bot, bot)

    async def async_find_bot(self, **where: Any) -> Bot | None:
        return await asyncio.to_thread(lambda: self._store.find_bot(**where))

    async def async_find_installation(self, **where: Any) -> Installation | None:
        return await asyncio.to_thread(lambda: self._store.find_installation(**where))

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
