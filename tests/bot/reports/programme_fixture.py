"""A small programme whose digest figures are worked out by hand, played through the real
services (directory, answers, ratings, comments, wins) on a real database."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from bot.advocacy.wins import WinReport
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
from bot.reports.weeks import IsoWeek
from bot.services import Services

WEEK = IsoWeek(2026, 47)  # Monday 2026-11-16 .. Monday 2026-11-23
PREVIOUS = WEEK.shift(-1)
_ids = itertools.count(1)


def person(n: int) -> PersonRef:
    return PersonRef(platform=Platform.SLACK, tenant="T1", user_id=f"U{n:02d}")


def at(week: IsoWeek, day: int = 1, hour: int = 10) -> datetime:
    return week.start + timedelta(days=day, hours=hour)


async def add_people(services: Services) -> None:
    """p1..p12 in Sales, p13..p16 in IT."""
    entries = [
        DirectoryEntry(ref=person(n), name=f"Person {n}", department="Sales" if n <= 12 else "IT")
        for n in range(1, 17)
    ]
    await services.directory.store(entries, source=Source.IMPORT)


async def rate(services: Services, who: int, use_case: str, rating: Rating, when: datetime) -> int:
    n = next(_ids)
    output = await services.outputs.register(
        OutputRegistration(
            message=MessageRef(
                platform=Platform.SLACK, tenant="T1", channel="C1", message_id=f"{n}.0"
            ),
            assistant="helper",
            use_case=use_case,
        )
    )
    await services.feedback.record(
        FeedbackEvent(
            key=f"rate-{n}",
            person=person(who),
            output_id=output.id,
            rating=rating,
            source=FeedbackSource.REACTION,
            occurred_at=when,
        )
    )
    return output.id


async def comment(services: Services, who: int, text: str, when: datetime) -> None:
    output_id = await rate(services, who, "alpha-comments", Rating.DOWN, when)
    await services.feedback.record(
        FeedbackEvent(
            key=f"why-{next(_ids)}",
            person=person(who),
            output_id=output_id,
            reason="out_of_date",
            comment=text,
            source=FeedbackSource.MODAL,
            occurred_at=when + timedelta(minutes=1),
        )
    )


async def win(
    services: Services,
    who: int,
    when: datetime,
    *,
    minutes: int | None = None,
    bucket: str | None = None,
    shareable: bool = False,
) -> None:
    await services.wins.record(
        WinReport(
            key=f"win-{next(_ids)}",
            person=person(who),
            text="Closed the month-end reconciliation early with the assistant's help",
            use_case="alpha",
            minutes_saved=minutes,
            time_saved=bucket,
            shareable=shareable,
            source=FeedbackSource.COMMAND,
            occurred_at=when,
        )
    )


async def play_fixture(services: Services) -> None:
    """By hand, for WEEK:
    - alpha: p1..p6, 8 👍 2 👎 → 80%, Wilson 95% (49.0%, 94.3%);
    - falling: last week p1..p10 19 👍 1 👎 (95%); this week 8 👍 12 👎 (40%) → flagged;
    - four: p13..p16, one 👍 each → 4 people, suppressed;
    - five: p1..p5, one 👍 each → 5 people, shown (5 ratings: too few for a rate);
    - totals 25 👍 14 👎 from 14 people;
    - wins: p1 30 min, p2 60 min, p3 bucket 1–3 h, p4 bucket 15–60 min, p5 10 min →
      5 wins, 5 people, stated 100 min, range 175–340 min; p1 also won last week.
    """
    await add_people(services)
    for n, rating in enumerate([Rating.UP] * 8 + [Rating.DOWN] * 2):
        await rate(services, 1 + n % 6, "alpha", rating, at(WEEK, day=n % 5))
    for n in range(20):
        await rate(services, 1 + n % 10, "falling", Rating.UP if n else Rating.DOWN, at(PREVIOUS))
        await rate(services, 1 + n % 10, "falling", Rating.UP if n < 8 else Rating.DOWN, at(WEEK))
    for n in range(13, 17):
        await rate(services, n, "four", Rating.UP, at(WEEK))
    for n in range(1, 6):
        await rate(services, n, "five", Rating.UP, at(WEEK))
    await win(services, 1, at(PREVIOUS, day=2), minutes=5)
    await win(services, 1, at(WEEK), minutes=30, shareable=True)
    await win(services, 2, at(WEEK), minutes=60)
    await win(services, 3, at(WEEK), bucket="1_3h")
    await win(services, 4, at(WEEK), bucket="15_60m")
    await win(services, 5, at(WEEK), minutes=10)


NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
