"""PostgreSQL's writer lanes (storage/lanes.py): what group commit must not break when two
replicas write the same rows at once."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from sqlalchemy import text

from bot.records import PersonRef, Platform
from storage.database import Database, Session
from storage.repositories import people
from tests.support.secrets import FINGERPRINT_KEY

TOUCH = text("UPDATE people SET opted_out = opted_out WHERE id = :id")


def crossing(first: int, second: int, barrier: threading.Barrier) -> Callable[[Session], bool]:
    """Lock `first`, wait for the other replica to lock its row, then lock `second`."""
    calls = []

    def work(session: Session) -> bool:
        calls.append(1)
        session.execute(TOUCH, {"id": first})
        if len(calls) == 1:  # only the first attempt meets the other replica
            barrier.wait()
        session.execute(TOUCH, {"id": second})
        return True

    return work


async def run_as_another_replica(url: str, work: Callable[[Session], bool]) -> bool:
    """`work` on a Database of its own, on an event loop of its own in another thread: a second
    `serve` process, as far as the database can tell."""

    async def replica() -> bool:
        database = Database(url)
        try:
            return await database.run(work)
        finally:
            await database.dispose()

    return await asyncio.to_thread(asyncio.run, replica())


async def test_two_replicas_locking_rows_in_opposite_orders_both_succeed(
    postgres_url: str,
) -> None:
    """A deadlock between two replicas is PostgreSQL aborting one of them; the lane retries
    the victim, so neither caller sees an error."""
    database = Database(postgres_url)
    try:
        ids = [
            await database.run(
                lambda s, n=n: people.admit_person(
                    s,
                    ref=PersonRef(platform=Platform.SLACK, tenant="T1", user_id=f"U{n}"),
                    fingerprint_key=FINGERPRINT_KEY,
                )
            )
            for n in range(2)
        ]
        barrier = threading.Barrier(2, timeout=10)
        results = await asyncio.gather(
            run_as_another_replica(postgres_url, crossing(ids[1], ids[0], barrier)),
            database.run(crossing(ids[0], ids[1], barrier)),
            return_exceptions=True,
        )
        assert results == [True, True]
    finally:
        await database.dispose()


async def test_a_unit_that_swallows_a_database_error_is_not_answered_as_kept(
    postgres_url: str,
) -> None:
    """PostgreSQL quietly turns the COMMIT of a failed transaction into a rollback: a unit that
    catches its own database error must not leave its caller believing its write was kept."""
    database = Database(postgres_url)
    ref = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_SWALLOW")

    def swallowing(session: Session) -> bool:
        people.admit_person(session, ref=ref, fingerprint_key=FINGERPRINT_KEY)
        try:
            session.execute(text("SELECT 1 / 0"))
        except Exception:  # the mistake under test: the transaction is now failed
            return True
        return False

    try:
        for batch in (1, 3):  # alone (the careful path) and in a batch (optimistic first)
            results = await asyncio.gather(
                *(database.run(swallowing) for _ in range(batch)), return_exceptions=True
            )
            assert all(isinstance(result, Exception) for result in results)
        assert await database.run(lambda s: people.find_person(s, ref=ref)) is None
    finally:
        await database.dispose()
