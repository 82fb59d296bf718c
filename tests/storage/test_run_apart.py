"""Long reports on PostgreSQL (Database.run_apart): side by side, and never in a write's way.

The writer lanes group the units handed over together into one transaction, and answer
every caller after its COMMIT: a digest's half-second read grouped with a 👍 would hold that
👍's acknowledgement for as long.
"""

from __future__ import annotations

import asyncio
import threading

from sqlalchemy import text

from storage.database import Database, Session

STORE = text(
    "INSERT INTO people (platform, tenant, user_id, created_at, updated_at) "
    "VALUES ('slack', 'T1', :user, now(), now()) RETURNING id"
)


async def test_a_write_handed_over_with_a_report_is_answered_before_the_report_ends(
    postgres_url: str,
) -> None:
    database = Database(postgres_url)
    report_may_end = threading.Event()

    def report(session: Session) -> str:
        session.execute(text("SELECT count(*) FROM people"))
        report_may_end.wait(10)
        return "read"

    try:
        # Handed over in the same pass of the loop, as a digest and a reaction can be.
        reading = asyncio.ensure_future(database.run_apart(report))
        writing = asyncio.ensure_future(
            database.run(lambda session: session.execute(STORE, {"user": "U1"}).scalar_one())
        )
        person_id = await asyncio.wait_for(writing, 5)
        assert not reading.done()
        report_may_end.set()
        assert await reading == "read"
        stored = await database.run(
            lambda session: session.execute(text("SELECT count(*) FROM people")).scalar_one()
        )
        assert person_id and stored == 1
    finally:
        report_may_end.set()
        await database.dispose()


async def test_reports_run_side_by_side(postgres_url: str) -> None:
    """Each part of a digest waits here for the other: one after another, neither would end."""
    database = Database(postgres_url)
    both_reading = threading.Barrier(2, timeout=5)

    def part(session: Session) -> int:
        session.execute(text("SELECT 1"))
        both_reading.wait()
        return int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())

    try:
        first, second = await asyncio.gather(database.run_apart(part), database.run_apart(part))
        assert first != second  # two connections, two server processes
    finally:
        await database.dispose()
