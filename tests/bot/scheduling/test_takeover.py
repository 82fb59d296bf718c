"""Two `groundswell serve` replicas on one PostgreSQL: one runs the scheduler; kill -9 it and
the other takes over within a minute."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import psycopg

from storage.leadership import LOCK_KEY
from tests.support import databases
from tests.support.process import ServeProcess, clean_environment

# pg_locks shows a bigint advisory key as two 32-bit halves.
HIGH, LOW = LOCK_KEY >> 32, LOCK_KEY & 0xFFFFFFFF


def leader_backend(url: str) -> int | None:
    dsn = databases.plain_dsn(url, url.rsplit("/", 1)[-1])
    with psycopg.connect(dsn, autocommit=True) as connection:
        row = connection.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = %s AND objid = %s",
            (HIGH, LOW),
        ).fetchone()
    return int(row[0]) if row else None


async def wait_for_leader(url: str, *, other_than: int | None, within: float) -> int:
    deadline = time.monotonic() + within
    while True:
        found = await asyncio.to_thread(leader_backend, url)
        if found is not None and found != other_than:
            return found
        assert time.monotonic() < deadline, "no replica took the scheduler over"
        await asyncio.sleep(0.2)


async def test_a_standby_replica_takes_the_scheduler_over_when_the_leader_dies(
    postgres_url: str, tmp_path: Path
) -> None:
    env = clean_environment(
        GROUNDSWELL_DATABASE_URL=postgres_url,
        GROUNDSWELL_SCHEDULER_ENABLED="true",
        GROUNDSWELL_SCHEDULER_LEADER_POLL_SECONDS="1",
    )
    first = ServeProcess(env, tmp_path)
    await first.start()
    second = ServeProcess(env, tmp_path)
    try:
        leader = await wait_for_leader(postgres_url, other_than=None, within=30)
        await second.start()
        # The lock has one holder: the second replica, running, waits as a standby.
        assert await asyncio.to_thread(leader_backend, postgres_url) == leader
        started = time.monotonic()
        first.kill_hard()
        await first.wait_dead()
        await wait_for_leader(postgres_url, other_than=leader, within=60)
        assert time.monotonic() - started < 60
    finally:
        first.kill_hard()
        await second.stop()
