"""APScheduler 3 inside `serve`, its jobs kept in Groundswell's database, run by one replica.

Features register periodic work with `register_periodic(name, seconds, fn)`; `fn(now)` is an
async function. The job store (table apscheduler_jobs) remembers each job's next run, so a
restart loses nothing and a run missed while every replica was down happens once on start
(coalesce), not once per missed interval. With PostgreSQL every replica runs this, and the
one holding the advisory lock (storage/leadership.py) starts the scheduler; the others try
again every `leader_poll_seconds` and take over when the leader's connection goes.

The scheduler runs its own event loop on a thread of its own, and each job hands its work to
the serving loop. The job store writes with a connection of its own: on the serving loop, on
SQLite, such a write waits for the lock that loop's open group commit holds — which cannot
commit while the loop waits — so every acknowledgement stalled for the 5 s busy timeout
(measured with bench/slack_events.py: p99 ack 5.1 s at 200 events/s, 18 ms without it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.settings.scheduler import SchedulerSettings
from storage.leadership import QUIET_JOB_STORE, LeaderLock, job_store_url

log = logging.getLogger(__name__)

Periodic = Callable[[datetime], Awaitable[object]]  # what a job returns is ignored

# The job store keeps a job as a reference to a module-level function and its arguments, so
# a stored job names its work and the leading scheduler of this process supplies it.
REGISTERED: dict[str, Periodic] = {}
# The loop that serves requests: jobs run their work there, where the services live.
SERVING: list[asyncio.AbstractEventLoop] = []


async def run_periodic(name: str) -> None:
    work = REGISTERED.get(name)
    if work is None or not SERVING:  # a job an older version stored: nothing to do here
        return
    try:

        async def on_serving_loop() -> None:
            await work(datetime.now(UTC))

        done = asyncio.run_coroutine_threadsafe(on_serving_loop(), SERVING[0])
        await asyncio.wrap_future(done)
    except Exception as error:  # the next interval tries again
        log.warning("periodic job %s failed (%s)", name, type(error).__name__)


class Scheduler:
    def __init__(self, settings: SchedulerSettings, database_url: str) -> None:
        self._settings = settings
        self._url = database_url
        self._intervals: dict[str, int] = {}
        self._works: dict[str, Periodic] = {}
        self._scheduler: AsyncIOScheduler | None = None
        self._lock: LeaderLock | None = None
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the scheduler thread's own
        self._thread: threading.Thread | None = None
        self.leading = asyncio.Event()

    def register_periodic(self, name: str, interval_seconds: int, work: Periodic) -> None:
        """Run `work(now)` every `interval_seconds` on the leading replica."""
        self._intervals[name] = interval_seconds
        self._works[name] = work

    def start(self) -> None:
        if self._settings.enabled and self._task is None:
            self._lock = LeaderLock(self._url)
            self._task = asyncio.create_task(self._campaign())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self._stand_down()
        if self._lock is not None:
            await asyncio.to_thread(self._lock.release)
            self._lock = None

    async def _campaign(self) -> None:
        """Lead when the lock is free; stand down the moment it is lost."""
        assert self._lock is not None
        failing_since: float | None = None
        while True:
            try:
                leading = await asyncio.to_thread(self._lock.try_lead)
            except Exception as error:  # the database is away: try again later, quietly
                if failing_since is None:
                    failing_since = time.monotonic()
                    log.warning(
                        "scheduler cannot reach the database (%s): standing by, trying every %g s",
                        type(error).__name__,
                        self._settings.leader_poll_seconds,
                    )
                leading = False
            else:
                if failing_since is not None:
                    lasted = time.monotonic() - failing_since
                    log.warning("scheduler reached the database again after %.1f s", lasted)
                    failing_since = None
            if leading and self._scheduler is None:
                SERVING[:] = [asyncio.get_running_loop()]
                await asyncio.to_thread(self._take_over)
                self.leading.set()
            elif not leading and self._scheduler is not None:
                self._stand_down()
            await asyncio.sleep(self._settings.leader_poll_seconds)

    def _take_over(self) -> None:
        """On a worker thread: the job store's reads and writes stay off the serving loop."""
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="scheduler", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread
        scheduler = AsyncIOScheduler(
            jobstores={"default": SQLAlchemyJobStore(url=job_store_url(self._url))},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
            event_loop=loop,
        )
        REGISTERED.clear()
        REGISTERED.update(self._works)
        logging.getLogger("apscheduler.scheduler").addFilter(QUIET_JOB_STORE)
        scheduler.start()
        for name, seconds in self._intervals.items():
            trigger = IntervalTrigger(seconds=seconds, timezone=UTC)
            job = scheduler.get_job(name)
            if job is None:
                first = datetime.now(UTC) + timedelta(seconds=1)
                scheduler.add_job(run_periodic, trigger, args=[name], id=name, next_run_time=first)
            elif getattr(job.trigger, "interval", None) != timedelta(seconds=seconds):
                scheduler.reschedule_job(name, trigger=trigger)
        self._scheduler = scheduler
        log.info("this replica runs the scheduler (%d jobs)", len(self._intervals))

    def _stand_down(self) -> None:
        if self._scheduler is not None:
            scheduler, loop, thread = self._scheduler, self._loop, self._thread
            assert loop is not None and thread is not None

            def stop() -> None:
                scheduler.shutdown(wait=False)
                loop.stop()

            loop.call_soon_threadsafe(stop)
            thread.join(timeout=5)
            self._scheduler = None
            REGISTERED.clear()
            self.leading.clear()
