"""The scheduler inside `serve`: periodic jobs run, live in the database, catch a missed run
up once, and on PostgreSQL run on exactly one replica, another taking over when it goes."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import create_engine, text

from bot.scheduling.scheduler import Scheduler
from bot.settings.scheduler import SchedulerSettings
from storage.database import sync_url
from storage.migrate import upgrade
from tests.support.postgres import ThrowawayPostgres

FAST = SchedulerSettings.model_construct(enabled=True, leader_poll_seconds=0.1)


class Calls:
    def __init__(self) -> None:
        self.seen: list[datetime] = []
        self.event = asyncio.Event()

    async def __call__(self, now: datetime) -> None:
        self.seen.append(now)
        self.event.set()

    async def wait(self, within: float = 10.0) -> None:
        await asyncio.wait_for(self.event.wait(), within)
        self.event.clear()


def stored_next_run(url: str, name: str) -> float:
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as connection:
            return float(
                connection.execute(
                    text("SELECT next_run_time FROM apscheduler_jobs WHERE id = :id"), {"id": name}
                ).scalar_one()
            )
    finally:
        engine.dispose()


async def test_a_job_runs_and_a_missed_run_is_caught_up_once(database_url: str) -> None:
    calls = Calls()
    first = Scheduler(FAST, database_url)
    first.register_periodic("tick", 3600, calls)
    first.start()
    await calls.wait()
    await first.stop()
    # Every replica was down for five intervals: the restart runs the job once, and the
    # next run is an interval ahead, not the four other missed ones.
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=5), tick=True):
        second = Scheduler(FAST, database_url)
        second.register_periodic("tick", 3600, calls)
        second.start()
        await calls.wait()
        try:
            assert len(calls.seen) == 2
            assert stored_next_run(database_url, "tick") > time.time() + 3000
        finally:
            await second.stop()


async def test_one_replica_leads_and_another_takes_over_when_it_goes(postgres_url: str) -> None:
    replicas = [Scheduler(FAST, postgres_url) for _ in range(2)]
    calls = [Calls() for _ in replicas]
    for replica, seen in zip(replicas, calls, strict=True):
        replica.register_periodic("tick", 3600, seen)
        replica.start()
    done, _ = await asyncio.wait(
        [asyncio.create_task(r.leading.wait()) for r in replicas],
        timeout=10,
        return_when=asyncio.FIRST_COMPLETED,
    )
    assert done
    leader = next(i for i, r in enumerate(replicas) if r.leading.is_set())
    standby = 1 - leader
    await calls[leader].wait()
    assert not replicas[standby].leading.is_set()  # the lock has one holder
    started = time.monotonic()
    await replicas[leader].stop()  # its connection closes: the lock is free
    await asyncio.wait_for(replicas[standby].leading.wait(), 10)
    assert time.monotonic() - started < 60
    await replicas[standby].stop()


def warnings_of_ours(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The scheduler's and APScheduler's own lines (not a GC note about an earlier test)."""
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.WARNING and r.name.startswith(("bot.", "apscheduler.scheduler"))
    ]


async def test_an_outage_is_logged_once_not_at_every_election(
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = ThrowawayPostgres()
    url = server.start()
    replica = Scheduler(FAST, url)
    try:
        upgrade(url)
        replica.start()
        await asyncio.wait_for(replica.leading.wait(), 10)
        caplog.set_level(logging.INFO, logger="bot.scheduling")
        caplog.set_level(logging.INFO, logger="storage.leadership")
        server.halt()
        await asyncio.sleep(1.5)  # fifteen elections at FAST's 0.1 s
        during = [m.split(" (")[0] for m in warnings_of_ours(caplog)]
        caplog.clear()
        server.launch()
        await asyncio.wait_for(replica.leading.wait(), 10)
        await asyncio.sleep(0.5)
        after = [m.split(" after")[0] for m in warnings_of_ours(caplog)]
    finally:
        await replica.stop()
        server.stop()
    assert during == ["scheduler cannot reach the database"]
    assert after == ["scheduler reached the database again"]
