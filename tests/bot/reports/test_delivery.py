"""The Monday digest as leads receive it: 09:00 in their own timezone, once per week, however
often the scheduler fires and across a restart."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.people.entries import DirectoryEntry, Source
from bot.records import PersonRef, Platform
from bot.reports.chat import DIGEST_KIND
from bot.services import Services, build_services
from tests.support.messenger import RecordingMessenger
from tests.support.server import make_settings

TOKYO = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_TOKYO")
NEW_YORK = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_NY")
LEADS = "slack:U_TOKYO,slack:U_NY"


def started(database_url: str, messenger: RecordingMessenger) -> Services:
    """What a (re)started process builds: nothing in memory from before."""
    services = build_services(make_settings(database_url, leads=LEADS))
    services.outreach.use(Platform.SLACK, messenger)
    return services


async def tick_and_send(services: Services, now: datetime) -> int:
    assert services.digests is not None
    decided = await services.digests.tick(now)
    while await services.dispatcher.dispatch_once():
        pass
    return decided


async def test_each_lead_gets_the_digest_once_at_nine_their_time(database_url: str) -> None:
    messenger = RecordingMessenger()
    services = started(database_url, messenger)
    await services.directory.store(
        [
            DirectoryEntry(ref=TOKYO, name="Lead Tokyo", timezone="Asia/Tokyo"),
            DirectoryEntry(ref=NEW_YORK, name="Lead NY", timezone="America/New_York"),
        ],
        source=Source.IMPORT,
    )
    # Monday 2026-11-23, 08:30 in Tokyo (Sunday evening in New York): nobody yet.
    assert await tick_and_send(services, datetime(2026, 11, 22, 23, 30, tzinfo=UTC)) == 0
    # 09:30 in Tokyo: the Tokyo lead, once, however often the scheduler fires.
    tokyo_nine = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)
    assert await tick_and_send(services, tokyo_nine) == 1
    assert await tick_and_send(services, tokyo_nine) == 0
    await services.close()

    # A restart: a new process on the same database sends nothing again.
    services = started(database_url, messenger)
    assert await tick_and_send(services, tokyo_nine) == 0
    # 09:30 in New York: now their lead.
    assert await tick_and_send(services, datetime(2026, 11, 23, 14, 30, tzinfo=UTC)) == 1
    assert await tick_and_send(services, datetime(2026, 11, 24, 15, 0, tzinfo=UTC)) == 0
    await services.close()

    received = [(item.person, item.message.kind) for item in messenger.delivered]
    assert received == [(TOKYO, DIGEST_KIND), (NEW_YORK, DIGEST_KIND)]
    for item in messenger.delivered:
        assert item.message.title == "Weekly impact digest 2026-W47"
        assert len(item.message.text) <= 3000


async def test_a_lead_asks_for_a_report_and_others_are_refused(database_url: str) -> None:
    from bot.chat.commands import Invocation

    services = started(database_url, RecordingMessenger())
    try:
        lead = Invocation(person=TOKYO, text="report 2026-W47", key="k1", at=datetime.now(UTC))
        answer = await services.commands.handle(lead)
        assert answer.text.startswith("*Groundswell digest, week 2026-W47*")
        assert answer.attachment is not None
        assert answer.attachment.filename == "groundswell-digest-2026-W47.md"
        stranger = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_OTHER")
        refused = await services.commands.handle(
            Invocation(person=stranger, text="report", key="k2", at=datetime.now(UTC))
        )
        assert "for programme leads" in refused.text
        bad = await services.commands.handle(
            Invocation(person=TOKYO, text="report last-week", key="k3", at=datetime.now(UTC))
        )
        assert "write it like 2026-W47" in bad.text
    finally:
        await services.close()


async def test_the_digest_channel_gets_a_copy_without_the_candidates_names(
    database_url: str,
) -> None:
    from bot.settings import ReportSettings
    from tests.bot.reports import programme_fixture as fx

    messenger = RecordingMessenger()
    settings = make_settings(database_url, leads="slack:U_NY").model_copy(
        update={"reports": ReportSettings(_env_file=None, digest_channel="slack:CDIGEST")}
    )
    services = build_services(settings)
    services.outreach.use(Platform.SLACK, messenger)
    try:
        await fx.play_fixture(services)  # "Person 1" becomes an advocate candidate in W47
        await services.directory.store(
            [DirectoryEntry(ref=NEW_YORK, name="Lead NY", timezone="America/New_York")],
            source=Source.IMPORT,
        )
        # Monday 09:30 UTC (the programme's timezone): the channel; New York is still asleep.
        assert await tick_and_send(services, fx.NOW) == 1
        [posted] = messenger.delivered
        assert posted.place is not None and posted.place.channel == "CDIGEST"
        assert posted.place.tenant == "T1"  # the lead's workspace posts it
        assert "in the programme leads' digest" in posted.message.text
        # (Person 1 agreed to share their win: its highlight may name them; the candidacy not.)
        assert "Person 1 (Sales):" not in posted.message.text and posted.message.choices == ()
        # The lead's own copy names the candidate, with the buttons to decide.
        assert await tick_and_send(services, datetime(2026, 11, 23, 14, 30, tzinfo=UTC)) == 1
        lead_copy = messenger.delivered[-1]
        assert lead_copy.person == NEW_YORK and "Person 1 (Sales):" in lead_copy.message.text
        assert lead_copy.message.choices
        # Once each, however often the scheduler fires.
        assert await tick_and_send(services, datetime(2026, 11, 23, 15, 0, tzinfo=UTC)) == 0
    finally:
        await services.close()
