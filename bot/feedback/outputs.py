"""Registering AI outputs: the answers feedback is tied to."""

from __future__ import annotations

from bot.records import AIOutput, OutputRegistration, Recorded
from storage.database import Database, Session
from storage.repositories import outputs as output_repo


class OutputService:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def register(
        self, registration: OutputRegistration, *, relayed: bool = False
    ) -> Recorded:
        """Idempotent on the platform address: registering the same message returns its id."""

        def work(session: Session) -> Recorded:
            return output_repo.register_output(session, registration=registration, relayed=relayed)

        return await self._db.run(work)

    async def find(self, output_id: int) -> AIOutput | None:
        def work(session: Session) -> AIOutput | None:
            return output_repo.find_output(session, output_id=output_id)

        return await self._db.run(work)
