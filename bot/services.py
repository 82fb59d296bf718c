"""The application's services, built once from settings and handed to every adapter."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.feedback import FeedbackListener, FeedbackService
from bot.outputs import OutputService
from bot.settings import Settings
from storage.database import Database


@dataclass
class Services:
    settings: Settings
    database: Database
    feedback: FeedbackService
    outputs: OutputService
    feedback_listeners: list[FeedbackListener] = field(default_factory=list)

    async def close(self) -> None:
        await self.database.dispose()


def build_services(settings: Settings) -> Services:
    database = Database(settings.core.database_url)
    listeners: list[FeedbackListener] = []
    return Services(
        settings=settings,
        database=database,
        feedback=FeedbackService(database, listeners),
        outputs=OutputService(database),
        feedback_listeners=listeners,
    )
