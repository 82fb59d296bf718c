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

from bot.chat.messenger import Attachment, Outgoing
from bot.outreach.outbox import Outreach, Send
from bot.records import Person, Place
from bot.reports.build import DigestBuilder
from bot.reports.chat import channel_copy, digest_message
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
    return zone_named(person.timezone, default)


def zone_named(*names: str | None) -> ZoneInfo:
    for name in names:
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
        channel: str | None = None,
    ) -> None:
        self._db = database
        self._builder = builder
        self._outreach = outreach
        self._leads = leads
        self._default_zone = default_timezone
        self._channel = channel
        self._built: dict[IsoWeek, Digest] = {}
        self._report_file: FileRenderer | None = None
        self._files: dict[tuple[IsoWeek, bool], Attachment] = {}

    def attach_reports(self, report_file: FileRenderer) -> None:
        """Send each lead the full report as a file with the message (`groundswell serve`)."""
        self._report_file = report_file

    async def tick(self, now: datetime) -> int:
        """Decide the digest for every lead now due, and the channel's when it is due; how many
        outbox items were written."""
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
        week = due_week(now.astimezone(zone_named(self._default_zone)))
        if week is not None:
            decided += await self._decide_channel(week, now)
        return decided

    async def send_week(self, week: IsoWeek, now: datetime) -> int:
        """`groundswell digest --send`: decide this week's digest for every lead and the
        channel at once (the same once-only keys: the Monday run will not send it again)."""
        decided = 0
        for lead in self._leads:
            platform, _, user_id = lead.partition(":")
            people = await self._find(platform, user_id)
            if people:
                decided += await self._decide(lead, people[0], week, now)
        return decided + await self._decide_channel(week, now)

    async def _find(self, platform: str, user_id: str) -> list[Person]:
        def work(session: Session) -> list[Person]:
            return digest_log.find_people_by_user(session, platform=platform, user_id=user_id)

        return await self._db.run(work)

    async def _decide(self, lead: str, person: Person, week: IsoWeek, now: datetime) -> int:
        digest = await self._digest(week)
        send = Send(
            person=person.ref,
            message=await self._message(week, digest),
            key=digest_key(week, lead),
            budget=None,
        )
        return await self._queue(send, lead, week, digest, now)

    async def _decide_channel(self, week: IsoWeek, now: datetime) -> int:
        """The channel's copy, in the outbox under the first lead known on its platform (whose
        workspace or tenant posts it); never the candidates' names."""
        if self._channel is None:
            return 0
        platform, _, channel = self._channel.partition(":")
        owner = None
        for lead in self._leads:
            lead_platform, _, user_id = lead.partition(":")
            people = await self._find(lead_platform, user_id) if lead_platform == platform else []
            if people:
                owner = people[0]
                break
        if owner is None:
            log.info("no lead on the digest channel's platform has used Groundswell yet")
            return 0
        digest = channel_copy(await self._digest(week))
        send = Send(
            person=owner.ref,
            message=await self._message(week, digest),
            key=digest_key(week, self._channel),
            budget=None,
            place=Place(platform=owner.ref.platform, tenant=owner.ref.tenant, channel=channel),
            respect_opt_out=False,  # the lead's own choice is about their DMs, not the channel
        )
        return await self._queue(send, self._channel, week, digest, now)

    async def _queue(
        self, send: Send, recipient: str, week: IsoWeek, digest: Digest, now: datetime
    ) -> int:
        decision = await self._outreach.decide(send)
        if decision.item_id is None:
            return 0

        def record(session: Session) -> bool:
            return digest_log.log_digest(
                session,
                key=send.key,
                recipient=recipient,
                start=week.start,
                end=week.end,
                content=digest.model_dump(mode="json"),
                sent_at=now,
            )

        await self._db.run(record)
        return 1

    async def _message(self, week: IsoWeek, digest: Digest) -> Outgoing:
        message = digest_message(digest)
        if self._report_file is None:
            return message
        key = (week, digest.advocates.leads_only)
        if key not in self._files:
            # Drawing the charts takes a second of CPU: never on the serving loop.
            self._files[key] = await asyncio.to_thread(self._report_file, digest)
        return message.model_copy(update={"attachment": self._files[key]})

    async def _digest(self, week: IsoWeek) -> Digest:
        if week not in self._built:
            self._built = {week: await self._builder.build(week)}
            self._files = {}
        return self._built[week]
