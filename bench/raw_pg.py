"""The PostgreSQL floor for bench/ingest.py: aiohttp + psycopg's async driver, nothing else.

Each request takes a connection from a small pool (as many as Groundswell's), runs one
`INSERT ... ON CONFLICT DO NOTHING RETURNING id` in autocommit (one round trip, one commit)
and answers 201. Its table has Groundswell's feedback columns, unique key and indexes (the
person kept as text, as in the sqlite3 baseline), in the same database Groundswell uses.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import psycopg

POOL_SIZE = 10

SCHEMA = """
CREATE TABLE IF NOT EXISTS raw_feedback (
    id BIGSERIAL PRIMARY KEY,
    event_key VARCHAR(255) NOT NULL UNIQUE,
    person VARCHAR(255) NOT NULL,
    output_id INTEGER,
    rating VARCHAR(8) NOT NULL,
    comment TEXT,
    reason VARCHAR(64),
    source VARCHAR(16) NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    retracted_at TIMESTAMPTZ,
    superseded_at TIMESTAMPTZ,
    supersedes_id BIGINT
);
CREATE INDEX IF NOT EXISTS ix_raw_feedback_occurred_at ON raw_feedback (occurred_at);
CREATE INDEX IF NOT EXISTS ix_raw_feedback_person_output ON raw_feedback (person, output_id);
"""

INSERT = """
INSERT INTO raw_feedback (event_key, person, output_id, rating, comment, reason, source,
                          occurred_at, recorded_at)
VALUES (%s, %s, %s, %s, %s, %s, 'api', %s, %s)
ON CONFLICT (event_key) DO NOTHING RETURNING id
"""


def libpq_dsn(url: str) -> str:
    # Groundswell's URLs name SQLAlchemy's driver; libpq wants plain postgresql://.
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


class RawPostgres:
    """A fixed pool of autocommit connections handed out through a queue."""

    def __init__(self, url: str) -> None:
        self.dsn = libpq_dsn(url)
        self.idle: asyncio.Queue[psycopg.AsyncConnection[Any]] = asyncio.Queue()

    async def open(self) -> None:
        for _ in range(POOL_SIZE):
            connection = await psycopg.AsyncConnection.connect(self.dsn, autocommit=True)
            self.idle.put_nowait(connection)
        connection = await self.idle.get()
        await connection.execute(SCHEMA)
        self.idle.put_nowait(connection)

    async def insert(self, body: dict[str, Any]) -> int | None:
        now = datetime.now(UTC)
        values = (
            f"api:{body['platform']}:{body['workspace']}:{body['event_id']}",
            body["user"],
            body.get("output_id"),
            body.get("rating") or "none",
            body.get("comment"),
            body.get("reason"),
            now,
            now,
        )
        connection = await self.idle.get()
        try:
            cursor = await connection.execute(INSERT, values, prepare=True)
            row = await cursor.fetchone()
        finally:
            self.idle.put_nowait(connection)
        return None if row is None else int(row[0])
