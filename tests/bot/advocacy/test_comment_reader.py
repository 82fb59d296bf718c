"""Comments are read for wins after they are stored, from the change feed: never inside the
request, never twice, never skipped, by one replica at a time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.advocacy.comments import CommentReader
from bot.records import FeedbackEvent, FeedbackSource, PersonRef, Platform, Rating
from bot.services import Services, build_services
from tests.support.server import make_settings

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
WIN = "the assistant drafted the supplier letter and it went out today, saved me ~2h"
MOAN = "it keeps citing last year's travel policy"


def person(n: int) -> PersonRef:
    return PersonRef(platform=Platform.SLACK, tenant="T1", user_id=f"U{n}")


def comment(n: int, text: str | None, rating: Rating = Rating.UP) -> FeedbackEvent:
    return FeedbackEvent(
        key=f"api:e{n}",
        person=person(n),
        rating=rating,
        comment=text,
        source=FeedbackSource.API,
        occurred_at=NOW + timedelta(seconds=n),
    )


async def wins_of(services: Services, *people: int) -> list[str]:
    found = [w for n in people for w in await services.wins.list_for(person(n))]
    return [f"{w.person.user_id}:{w.minutes_saved}" for w in found]


async def test_a_stored_comment_becomes_a_win_once_the_reader_reads_it_and_only_once(
    database_url: str,
) -> None:
    services = build_services(make_settings(database_url))
    try:
        await services.feedback.record(comment(1, WIN))
        await services.feedback.record(comment(2, MOAN, Rating.DOWN))
        await services.feedback.record(comment(3, None))  # a plain rating: nothing to read
        before = await wins_of(services, 1, 2)
        first = await services.comments.catch_up()
        again = await services.comments.catch_up()
        after = await wins_of(services, 1, 2)
    finally:
        await services.close()
    assert before == []  # recording no longer reads the comment itself
    assert (first, again) == (2, 0)
    assert after == ["U1:120"]


async def test_comments_read_again_after_a_crash_keep_one_win(database_url: str) -> None:
    """A reader that recorded a win and died before storing its place: the next one reads
    the same comment again and records nothing new."""
    services = build_services(make_settings(database_url))
    try:
        event = comment(1, WIN)
        await services.feedback.record(event)
        await services.wins.consider_comment(event)  # the dead reader's work
        judged = await services.comments.catch_up()
        wins = await wins_of(services, 1)
    finally:
        await services.close()
    assert judged == 1 and wins == ["U1:120"]


async def test_one_replica_reads_at_a_time_and_another_takes_over_when_it_stops(
    postgres_url: str,
) -> None:
    replicas = [build_services(make_settings(postgres_url)) for _ in range(2)]
    first, second = replicas
    try:
        await first.feedback.record(comment(1, WIN))
        read_by_first = await first.comments.catch_up()
        await second.feedback.record(comment(2, WIN))
        read_by_second = await second.comments.catch_up()  # the first holds the lease
        await first.comments.stop()  # gives the lease up
        taken_over = await second.comments.catch_up()
        wins = await wins_of(first, 1, 2)
    finally:
        for replica in replicas:
            await replica.close()
    assert (read_by_first, read_by_second, taken_over) == (1, 0, 1)
    assert wins == ["U1:120", "U2:120"]


async def test_a_new_reader_starts_where_the_last_one_stopped(database_url: str) -> None:
    services = build_services(make_settings(database_url))
    try:
        await services.feedback.record(comment(1, WIN))
        await services.comments.catch_up()
        await services.comments.stop()
        await services.feedback.record(comment(2, WIN))
        restarted = CommentReader(services.database, services.wins)
        judged = await restarted.catch_up()
        wins = await wins_of(services, 1, 2)
    finally:
        await services.close()
    assert judged == 1 and wins == ["U1:120", "U2:120"]
