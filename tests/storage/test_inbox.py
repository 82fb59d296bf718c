"""Inbox claims on both databases: each stale item goes to exactly one worker."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.chat.inbox import Inbox, NewItem
from bot.records import Platform
from storage.database import Database


def item(number: int) -> NewItem:
    return NewItem(
        platform=Platform.SLACK,
        key=f"Ev{number}",
        kind="reaction_added",
        tenant="T1",
        user_id=f"U{number}",
        body="{}",
        content_type="application/json",
    )


async def test_a_redelivered_key_is_stored_once(database: Database) -> None:
    inbox = Inbox(database)
    first = await inbox.store(item(1))
    again = await inbox.store(item(1))
    assert (first is not None, again) == (True, None)
    assert await inbox.pending(Platform.SLACK) == 1


async def test_two_replicas_sweeping_never_take_the_same_item(postgres_url: str) -> None:
    """Two replicas (two connection pools) sweeping one PostgreSQL inbox at the same moment;
    SQLite is one process by design."""
    first_db, second_db = Database(postgres_url), Database(postgres_url)
    try:
        # A lease already over: everything stored is stale at once.
        writer = Inbox(first_db, lease=timedelta(seconds=-1))
        for number in range(40):
            await writer.store(item(number))
        one, two = Inbox(first_db), Inbox(second_db)
        taken: list[list[int]] = [[], []]

        async def sweep(inbox: Inbox, into: list[int]) -> None:
            for _ in range(10):
                into.extend(found.id for found in await inbox.claim_stale(Platform.SLACK, 5))

        await asyncio.gather(sweep(one, taken[0]), sweep(two, taken[1]))
    finally:
        await first_db.dispose()
        await second_db.dispose()
    assert not set(taken[0]) & set(taken[1])
    assert len(taken[0]) + len(taken[1]) == 40


async def test_a_claim_that_runs_out_is_taken_again(database: Database) -> None:
    short = Inbox(database, lease=timedelta(seconds=-1))
    stored = await short.store(item(1))
    [first] = await short.claim_stale(Platform.SLACK)
    [second] = await short.claim_stale(Platform.SLACK)
    assert first.id == second.id == stored
    assert (first.attempts, second.attempts) == (2, 3)
    await short.finish(first.id)
    assert await short.claim_stale(Platform.SLACK) == []
