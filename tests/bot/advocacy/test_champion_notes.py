"""What a champion hears: a monthly recap, and help-wanted notes naming a theme of 👎 in their
department, never a person, only when enough different people share it; one note a week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.advocacy.champions import CHAMPION_ACCEPT, HELP_WANTED, INVITATION, RECAP
from bot.advocacy.wins import WinReport
from bot.chat.answers import ADVOCATE_APPROVE, Answer
from bot.people.entries import DirectoryEntry, Source
from bot.records import (
    FeedbackEvent,
    FeedbackSource,
    MessageRef,
    OutputRegistration,
    PersonRef,
    Platform,
    Rating,
)
from bot.services import Services, build_services
from tests.support.messenger import RecordingMessenger
from tests.support.server import make_settings

NOW = datetime.now(UTC)
CHAMPION = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_CHAMP")
LEAD = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_LEAD")


def colleague(n: int) -> PersonRef:
    return PersonRef(platform=Platform.SLACK, tenant="T1", user_id=f"U_FIN{n}")


async def make_champion(services: Services) -> None:
    for days, text in (
        (9, "closed the month-end pack a day early with its draft"),
        (2, "reconciled the supplier invoices with it, saved me 2 hours"),
    ):
        await services.wins.record(
            WinReport(
                key=f"w{days}",
                person=CHAMPION,
                text=text,
                source=FeedbackSource.COMMAND,
                occurred_at=NOW - timedelta(days=days),
            )
        )
    (candidate,) = await services.advocacy.service.list(("candidate",))
    await services.answers.handle(
        Answer(
            key="a1",
            person=LEAD,
            action=ADVOCATE_APPROVE,
            value=str(candidate.person_id),
            occurred_at=NOW,
        )
    )
    await services.answers.handle(
        Answer(key="a2", person=CHAMPION, action=CHAMPION_ACCEPT, occurred_at=NOW)
    )


async def struggle(services: Services, people: int, at: datetime) -> None:
    output = await services.outputs.register(
        OutputRegistration(
            message=MessageRef(
                platform=Platform.SLACK, tenant="T1", channel="C1", message_id="1.1"
            ),
            assistant="Copilot",
            use_case="policy lookups",
        )
    )
    for n in range(people):
        await services.feedback.record(
            FeedbackEvent(
                key=f"down-{n}",
                person=colleague(n),
                output_id=output.id,
                rating=Rating.DOWN,
                source=FeedbackSource.REACTION,
                occurred_at=at,
            )
        )


async def setup(database_url: str, struggling: int) -> tuple[Services, RecordingMessenger]:
    services = build_services(make_settings(database_url, leads=["slack:U_LEAD"]))
    messenger = RecordingMessenger()
    services.outreach.use(Platform.SLACK, messenger)
    entries = [DirectoryEntry(ref=CHAMPION, department="Finance")]
    entries += [DirectoryEntry(ref=colleague(n), department="Finance") for n in range(8)]
    await services.directory.store(entries, source=Source.IMPORT)
    await make_champion(services)
    await services.advocacy.service.tick(NOW)  # just accepted: nothing to say yet
    await services.advocacy.service.tick(NOW + timedelta(days=28))  # a month on: the recap
    next_week = NOW + timedelta(days=35)
    await struggle(services, struggling, next_week - timedelta(hours=1))
    await services.advocacy.service.tick(next_week)
    await services.advocacy.service.tick(next_week + timedelta(hours=1))  # same week: nothing
    return services, messenger


async def test_a_theme_shared_by_enough_people_reaches_the_champion(database_url: str) -> None:
    services, messenger = await setup(database_url, struggling=5)
    await services.close()
    assert messenger.kinds_for(CHAMPION) == [INVITATION, RECAP, HELP_WANTED]
    note = messenger.delivered[-1].message.text
    assert note.startswith("5 people in Finance struggled with policy lookups this week")
    assert "U_FIN" not in note


async def test_a_theme_below_the_minimum_group_size_is_never_named(database_url: str) -> None:
    services, messenger = await setup(database_url, struggling=4)
    await services.close()
    assert messenger.kinds_for(CHAMPION) == [INVITATION, RECAP]
