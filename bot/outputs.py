"""Registering AI outputs: the answers feedback is tied to."""

from __future__ import annotations

from bot.records import AIOutput, MessageRef, OutputRegistration, Recorded
from storage.database import Database
from storage.repositories import outputs as output_repo


class OutputService:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def register(
        self, registration: OutputRegistration, *, relayed: bool = False
    ) -> Recorded:
        """Idempotent on the platform address: registering the same message returns its id."""
        async with self._db.transaction() as session:
            return await output_repo.register_output(
                session, registration=registration, relayed=relayed
            )

    async def find(self, output_id: int) -> AIOutput | None:
        async with self._db.transaction() as session:
            return await output_repo.find_output(session, output_id=output_id)

    async def find_by_message(self, message: MessageRef) -> AIOutput | None:
        async with self._db.transaction() as session:
            return await output_repo.find_output_by_message(session, message=message)
