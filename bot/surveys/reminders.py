"""One reminder to whoever has not answered, after the survey's delay; then the run closes.

A reminder is a bot-initiated message like any other, so it goes through the outbox; it
uses no allowance of the fatigue budget (the person already got this survey).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.chat.messenger import Outgoing
from bot.records import OutboxStatus
from bot.surveys.definition import SurveyDefinition
from bot.surveys.recipients import known_zone
from bot.surveys.spread import reminder_jitter
from bot.surveys.timing import reminder_instant
from storage.database import Database, Session
from storage.repositories import outbox as outbox_repo
from storage.repositories import surveys as surveys_repo

REMINDER_KIND = "survey-reminder"
UTC_ZONE = ZoneInfo("UTC")


def reminder_of(payload: dict[str, object]) -> dict[str, object]:
    message = Outgoing.model_validate(payload)
    return message.model_copy(
        update={"kind": REMINDER_KIND, "text": "A gentle reminder — " + message.text}
    ).model_dump(mode="json")


async def remind_and_close(
    database: Database, *, now: datetime, find_survey: Callable[[str], SurveyDefinition | None]
) -> tuple[int, int]:
    """Queue the reminders that are due and close the runs that are over: (reminded, closed)."""

    def work(session: Session) -> tuple[int, int]:
        reminded = 0
        for row in surveys_repo.due_reminders(session, now=now):
            survey = find_survey(row.name)
            if survey is None or survey.remind_after_days is None or row.sent_at is None:
                continue
            zone = known_zone(row.timezone) or UTC_ZONE
            due = reminder_instant(
                window=survey.window,
                delivered_at=row.sent_at,
                zone=zone,
                after_days=survey.remind_after_days,
                jitter=reminder_jitter(str(row.run_id), str(row.person_id)),
            )
            if due > now:
                continue
            item_id = outbox_repo.add_item(
                session,
                values={
                    "kind": REMINDER_KIND,
                    "dedupe_key": f"{REMINDER_KIND}:{row.id}",
                    "person_id": row.person_id,
                    "platform": row.platform,
                    "ephemeral": False,
                    "budget": None,
                    "payload": reminder_of(row.payload),
                    "status": OutboxStatus.PENDING.value,
                    "due_at": now,
                    "attempts": 0,
                    "created_at": now,
                },
            )
            if item_id is not None:
                surveys_repo.link_outbox(
                    session, delivery_id=row.id, outbox_id=item_id, reminder=True
                )
                reminded += 1
        return reminded, surveys_repo.close_due_runs(session, now=now)

    return await database.run(work)
