"""A survey fan-out to 10,000 people through `groundswell serve` against a fake Slack (its own
process) that allows chat.postMessage at a fixed rate and answers 429 beyond it.

    .venv/bin/python bench/fanout.py [--people 10000] [--rate 200] [--kills 5]

Three measurements, in this order, each against a fresh fake:

- baseline: a bare client (8 concurrent senders, paced just under the rate) posting the same
  number of messages to the fake — what this machine manages right now, with no Groundswell;
- fan-out: the run through `serve` (dispatcher, outbox, pacer); its time from the first to the
  last accepted post against the ideal (people - 1) / rate. Target: within 10 %;
- kills: the same run on a fresh database, `serve` killed with SIGKILL `--kills` times along
  the way and restarted; nobody may get two messages or none.

Duplicates count messages beyond the first in a person's DM; misses count people with none.
Exit code 1 when a target is missed. SQLite only: on PostgreSQL a killed replica's claims wait
out their lease (2 minutes) before another replica reconciles them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import update  # noqa: E402

from bot.people.entries import DirectoryEntry, Source  # noqa: E402
from bot.records import PersonRef, Platform  # noqa: E402
from bot.services import build_services  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.tables import OutboxRow  # noqa: E402
from tests.support.process import (  # noqa: E402
    ServeProcess,
    clean_environment,
    unsent_messages,
)
from tests.support.server import make_settings  # noqa: E402

TEAM = "T111"
TARGET = 1.10
UNDER = 0.97  # the pacer aims this far under the allowed rate


@dataclass
class Outcome:
    seconds: float
    duplicates: int
    misses: int
    limited: int
    reconciled: int


async def plan(url: str, people: int) -> None:
    """Everyone in the directory, one run of the weekly pulse planned, every message due."""
    upgrade(url)
    services = build_services(make_settings(url))
    try:
        for start in range(0, people, 1000):
            await services.directory.store(
                [
                    DirectoryEntry(
                        ref=PersonRef(platform=Platform.SLACK, tenant=TEAM, user_id=f"U{n:06d}"),
                        timezone="UTC",
                    )
                    for n in range(start, min(people, start + 1000))
                ],
                source=Source.IMPORT,
            )
        report = await services.surveys.send_now("weekly-impact")
        assert len(report.asked) == people, report.skip_counts()
        due = datetime.now(UTC) - timedelta(minutes=1)
        await services.database.run(
            lambda session: session.execute(update(OutboxRow).values(due_at=due))
        )
    finally:
        await services.close()


class FakeSlack:
    """bench/rated_slack.py in its own process."""

    def __init__(self, rate: float, directory: Path) -> None:
        self.port_file = directory / f"fake-{time.monotonic_ns()}.port"
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "rated_slack.py"), "--rate", str(rate),
             "--port-file", str(self.port_file)],
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while not self.port_file.exists() or not self.port_file.read_text():
            assert time.monotonic() < deadline, "the fake Slack did not start"
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port_file.read_text()}/api/"

    async def stats(self) -> dict[str, Any]:
        async with aiohttp.ClientSession() as http, http.get(self.url + "bench.stats") as got:
            result: dict[str, Any] = await got.json()
            return result

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def outcome(stats: dict[str, Any], people: int, seconds: float | None = None) -> Outcome:
    channels: dict[str, list[str]] = stats["channels"]
    duplicates = sum(len(refs) - 1 for refs in channels.values())
    return Outcome(
        seconds=seconds if seconds is not None else stats["last"] - stats["first"],
        duplicates=duplicates,
        misses=people - len(channels),
        limited=stats["limited"],
        reconciled=stats["history_calls"],
    )


async def baseline(rate: float, people: int, directory: Path) -> Outcome:
    """A bare paced client against the same fake: the floor on this machine, right now."""
    fake = FakeSlack(rate, directory)
    interval = 1 / (rate * UNDER)
    next_slot = time.monotonic()
    lock = asyncio.Lock()
    queue = list(range(people))

    async def sender(http: aiohttp.ClientSession) -> None:
        nonlocal next_slot
        while queue:
            number = queue.pop()
            async with lock:
                wait = next_slot - time.monotonic()
                next_slot = max(next_slot, time.monotonic()) + interval
            if wait > 0:
                await asyncio.sleep(wait)
            body = {
                "channel": f"U{number:06d}",
                "text": "hi",
                "metadata": json.dumps(
                    {"event_type": "b", "event_payload": {"ref_id": f"{number}"}}
                ),
            }
            headers = {"Authorization": "Bearer xoxb-bench"}
            async with http.post(fake.url + "chat.postMessage", data=body, headers=headers) as r:
                if r.status == 429:
                    queue.append(number)
                    await asyncio.sleep(float(r.headers.get("Retry-After", "1")))

    try:
        async with aiohttp.ClientSession() as http:
            await asyncio.gather(*(sender(http) for _ in range(8)))
        return outcome(await fake.stats(), people)
    finally:
        fake.stop()


async def fan_out(rate: float, people: int, directory: Path, kills: int) -> Outcome:
    database = directory / f"fanout-{kills}.db"
    url = f"sqlite:///{database}"
    await plan(url, people)
    fake = FakeSlack(rate, directory)
    env = clean_environment(
        GROUNDSWELL_DATABASE_URL=url,
        GROUNDSWELL_SCHEDULER_ENABLED="false",
        SLACK_SIGNING_SECRET="bench-signing-secret-0123456789abcdef",
        SLACK_BOT_TOKEN="xoxb-bench-token",
        GROUNDSWELL_SLACK_API_URL=fake.url,
        GROUNDSWELL_SLACK_SEND_RATE=str(rate * UNDER),
        GROUNDSWELL_SLACK_SEND_BURST=str(max(1, round(rate / 40))),
        GROUNDSWELL_LOG_LEVEL="WARNING",
    )
    started = time.monotonic()
    serve = ServeProcess(env, directory)
    try:
        await serve.start()
        for kill in range(1, kills + 1):
            wanted = people * kill // (kills + 1)
            await until(partial(accepted_at_least, fake, wanted))
            serve.kill_hard()
            await serve.wait_dead()
            print(f"  killed serve after {wanted:,} messages; restarting", flush=True)
            serve = ServeProcess(env, directory, port=serve.port)
            await serve.start()
        await until(partial(all_sent, database))
        stats = await fake.stats()
    finally:
        await serve.stop()
        fake.stop()
    return outcome(stats, people, seconds=time.monotonic() - started if kills else None)


async def accepted_at_least(fake: FakeSlack, wanted: int) -> bool:
    return bool((await fake.stats())["accepted"] >= wanted)


async def all_sent(database: Path) -> bool:
    return unsent_messages(database) == 0


async def until(done: Callable[[], Awaitable[bool]]) -> None:
    """Poll another process's state (nothing here can be awaited as an event)."""
    while not await done():  # noqa: ASYNC110 - the state lives in another process
        await asyncio.sleep(0.05)


def line(name: str, result: Outcome, ideal: float) -> str:
    over = (result.seconds / ideal - 1) * 100
    return (
        f"{name:<10} {result.seconds:8.1f} s  ideal {ideal:7.1f} s  ({over:+5.1f} %)"
        f"  duplicates {result.duplicates}  misses {result.misses}  429s {result.limited}"
        f"  history look-ups {result.reconciled}"
    )


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=200.0, help="posts a second allowed")
    parser.add_argument("--kills", type=int, default=5)
    args = parser.parse_args()
    ideal = (args.people - 1) / args.rate
    failed = False
    with tempfile.TemporaryDirectory(prefix="gs-fanout-") as temporary:
        directory = Path(temporary)
        print(f"{args.people:,} people, fake Slack allowing {args.rate:g} posts/s", flush=True)
        floor = await baseline(args.rate, args.people, directory)
        print(line("baseline", floor, ideal), flush=True)
        run = await fan_out(args.rate, args.people, directory, kills=0)
        print(line("fan-out", run, ideal), flush=True)
        failed |= run.seconds > ideal * TARGET or bool(run.duplicates or run.misses)
        if args.kills:
            killed = await fan_out(args.rate, args.people, directory, kills=args.kills)
            print(line(f"{args.kills} kills", killed, ideal) + "  (wall time, restarts included)")
            failed |= bool(killed.duplicates or killed.misses)
    print("target: fan-out within 10 % of ideal, no duplicates, no misses:",
          "MISSED" if failed else "met")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
