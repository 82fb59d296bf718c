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


async def test_two_replicas_locking_rows_in_opposite_orders_both_succeed(
    postgres_url: str,
) -> None:
    """A deadlock between two replicas is PostgreSQL aborting one of them; the lane retries
    the victim, so neither caller sees an error."""
    first_db, second_db = Database(postgres_url), Database(postgres_url)
    try:
        ids = [
            await first_db.run(
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
            first_db.run(crossing(ids[0], ids[1], barrier)),
            second_db.run(crossing(ids[1], ids[0], barrier)),
            return_exceptions=True,
        )
        assert results == [True, True]
    finally:
        await first_db.dispose()
        await second_db.dispose()
