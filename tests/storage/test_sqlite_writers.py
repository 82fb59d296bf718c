"""The embedded SQLite file shared with other writers: the scheduler's job store, a CLI
command (`groundswell people import`) in another process.

A transaction that reads, then writes after another connection committed, cannot be
serialised: SQLite refuses it at once (SQLITE_BUSY_SNAPSHOT), no busy timeout, and the request
that carried it got a 503. A transaction that has only read is started again holding the
write lock, and the unit runs once more.
"""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy import text

from storage.database import Database, Session

ADD = (
    "INSERT INTO people (platform, tenant, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"
)
NOW = "2026-12-05 08:00:00.000000"


async def test_a_unit_that_reads_then_writes_survives_another_writer(sqlite_url: str) -> None:
    path = sqlite_url.removeprefix("sqlite:///")
    database = Database(sqlite_url)

    def another_process() -> None:
        other = sqlite3.connect(path, timeout=10)
        other.execute(ADD, ("slack", "T1", "U_OTHER", NOW, NOW))
        other.commit()
        other.close()

    writer = threading.Thread(target=another_process)

    def unit(session: Session) -> None:
        session.execute(text("SELECT count(*) FROM people")).scalar_one()
        if writer.ident is None:  # the first time: a unit may run again, the other process not
            writer.start()
            writer.join(5)  # it commits between our read and our write
        session.execute(
            text(
                "INSERT INTO people (platform, tenant, user_id, created_at, updated_at) "
                "VALUES ('slack', 'T1', 'U_OURS', :now, :now)"
            ),
            {"now": NOW},
        )

    try:
        await database.run(unit)
        writer.join(10)
        users = await database.run(
            lambda session: sorted(session.execute(text("SELECT user_id FROM people")).scalars())
        )
        assert users == ["U_OTHER", "U_OURS"]
    finally:
        await database.dispose()
