"""The Monday digest: at 09:00 in each lead's own timezone, once per lead per week.

The scheduler calls `tick(now)` as often as it likes (every few minutes). A lead is due from
Monday 09:00 their time to the end of Tuesday, so a scheduler that was down on Monday still
delivers the next day. Once-only is the outbox's: the dedupe key `digest:<week>:<lead>` is
unique in the database, so a second tick, a second replica or a restart decides nothing new.
The message goes out through the outbox and the dispatcher like every other one; it draws on
no fatigue budget, because the lead asked for it by being a lead.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.chat.messenger import Attachment
from bot.outreach.outbox import Outreach, Send
from bot.records import Person
from bot.reports.build import DigestBuilder
from bot.reports.chat import digest_message
from bot.reports.command import FileRenderer
from bot.reports.figures import Digest
from bot.reports.weeks import IsoWeek
from storage.database import Database, Session
from storage.repositories import digest_log

log = logging.getLogger(__name__)

SEND_HOUR = 9
MONDAY = 0
TUESDAY = 1


def digest_key(week: IsoWeek, lead: str) -> str:
    return f"digest:{week}:{lead}"


def due_week(local: datetime) -> IsoWeek | None:
    """The week to report at this local time: from Monday 09:00 to the end of Tuesday (a
    scheduler down on Monday catches up), otherwise None — a server first started on a
    Thursday does not send last week's news."""
    if local.weekday() > TUESDAY or (local.weekday() == MONDAY and local.hour < SEND_HOUR):
        return None
    year, week, _ = local.isocalendar()
    return IsoWeek(year, week).shift(-1)


def zone_of(person: Person, default: str) -> ZoneInfo:
    for name in (person.timezone, default):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


class DigestDelivery:
    def __init__(
        self,
        database: Database,
        builder: DigestBuilder,
        outreach: Outreach,
        *,
        leads: list[str],
        default_timezone: str = "UTC",
    ) -> None:
        self._db = database
        self._builder = builder
        self._outreach = outreach
        self._leads = leads
        self._default_zone = default_timezone
        self._built: dict[IsoWeek, Digest] = {}
        self._report_file: FileRenderer | None = None
        self._files: dict[IsoWeek, Attachment] = {}

    def attach_reports(self, report_file: FileRenderer) -> None:
        """Send each lead the full report as a file with the message (`groundswell serve`)."""
        self._report_file = report_file

    async def tick(self, now: datetime) -> int:
        """Decide the digest for every lead now due; how many outbox items were written."""
        decided = 0
        for lead in self._leads:
            platform, _, user_id = lead.partition(":")
            people = await self._find(platform, user_id)
            if not people:
                log.info("a lead has not used Groundswell yet; no address to send the digest")
                continue
            person = people[0]
            week = due_week(now.astimezone(zone_of(person, self._default_zone)))
            if week is None:
                continue
            decided += await self._decide(lead, person, week, now)
        return decided

    async def send_week(self, week: IsoWeek, now: datetime) -> int:
        """`groundswell digest --send`: decide this week's digest for every lead at once (the
        same once-only key, so the Monday run will not send it again)."""
        decided = 0
        for lead in self._leads:
            platform, _, user_id = lead.partition(":")
            people = await self._find(platform, user_id)
            if people:
                decided += await self._decide(lead, people[0], week, now)
        return decided

    async def _find(self, platform: str, user_id: str) -> list[Person]:
        def work(session: Session) -> list[Person]:
            return digest_log.find_people_by_user(session, platform=platform, user_id=user_id)

        return await self._db.run(work)

    async def _decide(self, lead: str, person: Person, week: IsoWeek, now: datetime) -> int:
        key = digest_key(week, lead)
        digest = await self._digest(week)
        message = digest_message(digest)
        if self._report_file is not None:
            message = message.model_copy(update={"attachment": await self._file(week, digest)})
        decision = await self._outreach.decide(
            Send(person=person.ref, message=message, key=key, budget=None)
        )
        if decision.item_id is None:
            return 0

        def record(session: Session) -> bool:
            return digest_log.log_digest(
                session,
                key=key,
                recipient=lead,
                start=week.start,
                end=week.end,
                content=digest.model_dump(mode="json"),
                sent_at=now,
            )

        await self._db.run(record)
        return 1

    async def _file(self, week: IsoWeek, digest: Digest) -> Attachment:
        if week not in self._files:
            assert self._report_file is not None
            # Drawing the charts takes a second of CPU: never on the serving loop.
            self._files = {week: await asyncio.to_thread(self._report_file, digest)}
        return self._files[week]

    async def _digest(self, week: IsoWeek) -> Digest:
        if week not in self._built:
            self._built = {week: await self._builder.build(week)}
        return self._built[week]
