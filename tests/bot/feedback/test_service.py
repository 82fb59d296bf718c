"""The feedback rules people rely on, on real SQLite and PostgreSQL databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import PersonForgotten, UnknownOutput
from bot.feedback.outputs import OutputService
from bot.feedback.service import FeedbackService, FeedPosition
from bot.records import (
    Feedback,
    FeedbackEvent,
    FeedbackSource,
    MessageRef,
    OutputRegistration,
    PersonRef,
    Platform,
    Rating,
)
from storage.database import Database
from storage.repositories import people as people_repo
from tests.support.secrets import FINGERPRINT_KEY

ALICE = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_ALICE")
T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


async def register(database: Database, ts: str = "1700000000.000100") -> int:
    recorded = await OutputService(database).register(
        OutputRegistration(
            message=MessageRef(platform=Platform.SLACK, tenant="T1", channel="C1", message_id=ts),
            assistant="helper",
        )
    )
    return recorded.id


def rating(
    key: str,
    value: Rating,
    output_id: int,
    minutes: int = 0,
    source: FeedbackSource = FeedbackSource.REACTION,
) -> FeedbackEvent:
    return FeedbackEvent(
        key=key,
        person=ALICE,
        output_id=output_id,
        rating=value,
        source=source,
        occurred_at=T0 + timedelta(minutes=minutes),
    )


async def standing(service: FeedbackService) -> list[tuple[str, bool]]:
    page = await service.page(since=None, after=FeedPosition(), limit=100)
    # In the order they were given (the feed lists them in the order they last changed).
    return [(item.rating.value, item.is_current) for item in sorted(page.items, key=by_id)]


def by_id(item: Feedback) -> int:
    return item.id


async def test_same_event_key_twice_is_one_feedback(database: Database) -> None:
    service = FeedbackService(database, fingerprint_key=FINGERPRINT_KEY)
    output = await register(database)
    first = await service.record(rating("slack:Ev1", Rating.UP, output))
    again = await service.record(rating("slack:Ev1", Rating.UP, output))
    assert first.created and not again.created
    assert again.id == first.id
    assert await standing(service) == [("up", True)]


async def test_a_key_sent_again_by_someone_new_is_the_first_feedback_unchanged(
    database: Database,
) -> None:
    service = FeedbackService(database, fingerprint_key=FINGERPRINT_KEY)
    output = await register(database)
    first = await service.record(rating("api:42", Rating.UP, output))
    stranger = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_NEW")
    again = await service.record(
        rating("api:42", Rating.DOWN, output, minutes=3).model_copy(update={"person": stranger})
    )
    assert (again.id, again.created) == (first.id, False)
    assert await standing(service) == [("up", True)]
    assert await database.run(lambda s: people_repo.find_person_id(s, ref=stranger)) is None


async def test_later_rating_replaces_earlier_and_keeps_history(database: Database) -> None:
    service = FeedbackService(database, fingerprint_key=FINGERPRINT_KEY)
    output = await register(database)
    await service.record(rating("k1", Rating.UP, output, minutes=0))
    await service.record(rating("k2", Rating.DOWN, output, minutes=1))
    assert await standing(service) == [("up", False), ("down", True)]


async def test_late_delivery_of_older_click_does_not_win(database: Database) -> None:
    service = FeedbackService(database, fingerprint_key=FINGERPRINT_KEY)
    output = await register(database)
    await service.record(rating("k2", Rating.DOWN, output, minutes=5))
    await service.record(rating("k1", Rating.UP, output, minutes=1))
    assert await standing(service) == [("down", True), ("up", False)]


async def test_retraction_marks_rating_and_keeps_it(database: Database) -> None:
    service = FeedbackService(database, fingerprint_key=FINGERPRINT_KEY)
    output = await register(database)
    await service.record(rating("k1", Rating.UP, output))
    count = await service.retract(
        person=ALICE,
        output_id=output,
        rating=Rating.UP,
        source="reaction",
        at=T0 + timedelta(minutes=1),
    )
    page = await service.page(since=None, after=FeedPosition(), limit=10)
    assert count == 1
    assert page.items[0].retracted_at is not None and not page.items[0].is_current


async def test_removing_newer_reaction_reinstates_the_one_still_on_the_message(
    database: Database,
) -> None:
    service = FeedbackService(database, fingerprint_key=FINGERPRINT_KEY)
    output = await register(database)
    await service.record(rating("k1", Rating.UP, output, minutes=0))
    await service.record(rating("k2", Rating.DOWN, output, minutes=1))
    await service.retract(
        person=ALICE,
        output_id=output,
        rating=Rating.DOWN,
        source="reaction",
        at=T0 + timedelta(minutes=2),
    )
    assert await standing(service) == [("up", True), ("down", False)]


async def test_comment_without_rating_does_not_replace_standing_rating(database: Database) -> None:
    service = FeedbackService(database, fingerprint_key=FINGERPRINT_KEY)
    output = await register(database)
    await service.record(rating("k1", Rating.UP, output))
    await service.record(
        FeedbackEvent(
            key="k2",
            person=ALICE,
            output_id=output,
            comment="also cite sources",
            source=FeedbackSource.MODAL,
            occurred_at=T0 + timedelta(minutes=1),
        )
    )
    assert await standing(service) == [("up", True), ("none", True)]


async def test_unknown_output_is_refused_and_nothing_is_stored(database: Database) -> None:
    service = FeedbackService(database, fingerprint_key=FINGERPRINT_KEY)
    with pytest.raises(UnknownOutput):
        await service.record(rating("k1", Rating.UP, 4242))
    assert await standing(service) == []
    assert await database.run(lambda s: people_repo.find_person(s, ref=ALICE)) is None


async def test_forgotten_person_is_not_recorded_again(database: Database) -> None:
    service = FeedbackService(database, fingerprint_key=FINGERPRINT_KEY)
    output = await register(database)
    await service.record(rating("k1", Rating.UP, output))
    assert await database.run(
        lambda s: people_repo.forget_person(s, ref=ALICE, fingerprint_key=FINGERPRINT_KEY)
    )
    assert await standing(service) == []
    with pytest.raises(PersonForgotten):
        await service.record(rating("k2", Rating.DOWN, output))
    assert await standing(service) == []


async def test_paging_is_stable_and_oldest_first(database: Database) -> None:
    service = FeedbackService(database, fingerprint_key=FINGERPRINT_KEY)
    output = await register(database)
    for number in range(5):
        await service.record(
            FeedbackEvent(
                key=f"c{number}",
                person=ALICE,
                output_id=output,
                comment=f"note {number}",
                source=FeedbackSource.API,
                occurred_at=T0 + timedelta(minutes=number),
            )
        )
    first = await service.page(since=None, after=FeedPosition(), limit=2)
    second = await service.page(since=None, after=first.resume_at, limit=2)
    third = await service.page(since=None, after=second.resume_at, limit=2)
    comments = [item.comment for page in (first, second, third) for item in page.items]
    assert comments == [f"note {n}" for n in range(5)]
    assert (first.has_more, second.has_more, third.has_more) == (True, True, False)
    recent = await service.page(since=T0 + timedelta(minutes=3), after=FeedPosition(), limit=10)
    assert [item.comment for item in recent.items] == ["note 3", "note 4"]


async def test_racing_ratings_by_one_person_leave_exactly_one_standing(
    database: Database,
) -> None:
    """Double clicks and retries racing on PostgreSQL: the partial unique index turns the
    loser away, the service runs it again, and nobody sees an error."""
    import asyncio

    service = FeedbackService(database, fingerprint_key=FINGERPRINT_KEY)
    output = await register(database)
    await service.record(rating("first", Rating.UP, output, minutes=0))
    racing = [
        service.record(
            rating(f"race-{n}", Rating.DOWN if n % 2 else Rating.UP, output, minutes=1 + n)
        )
        for n in range(12)
    ]
    results = await asyncio.gather(*racing)
    page = await service.page(since=None, after=FeedPosition(), limit=100)
    assert all(result.created for result in results)
    assert len(page.items) == 13
    assert sum(1 for item in page.items if item.is_current) == 1
