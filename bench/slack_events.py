"""Ack latency of signed Slack `reaction_added` events over loopback HTTP.

    .venv/bin/python bench/slack_events.py [--rates 200,500] [--seconds 10] [--quick]

At each offered rate, two targets, one after the other, each its own subprocess on a free
loopback port:
  groundswell  `groundswell serve` (embedded SQLite) with Slack configured, pointed at a fake
               Slack Web API run in this process (tests/fakes/slack_web_api.py);
  bare bolt    bench/bare_bolt_server.py: AsyncApp + a no-op listener, mounted the same way.
Load is open loop at a fixed offered rate: each request is signed at its scheduled time and
latency counts from that time (so a stall shows in the tail instead of lowering the rate).
Every event is a 👍 by a different person on an answer of the configured assistant, so
Groundswell does its full work: store the request in its durable inbox before the ack (the
ack leaves only after that commit), then register the answer, store the rating, send one
"share a win" ephemeral per person, and delete the inbox item. Exit code 0 whatever the
numbers; 2 if a server cannot start. Loopback only; bounded in time (about 2 × (seconds + 5)
s per rate, plus the drain).

The ack says nothing about the work queued behind it, so for Groundswell the bench then
counts the rows in its SQLite file: the backlog when the paced load ends, and, after a burst
of `--burst` events sent as fast as they are acked, how long until every one is stored
(the rate the post-ack pipeline sustains).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.slack_signing import signed_event  # noqa: E402
from tests.fakes.slack_web_api import FakeSlackWebApi  # noqa: E402

HOST = "127.0.0.1"
SECRET = "bench-signing-secret-0123456789abcdef"
TOKEN = "xoxb-bench-token"
TARGET_P99_MS = 10.0  # at 500 events/s, with the durable inbox
STARTUP_TIMEOUT_S = 60.0


@dataclass
class Numbers:
    name: str
    sent: int
    ok: int
    errors: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    achieved_per_s: float


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def command_for(target: str, port: int, workdir: Path) -> list[str]:
    if target == "groundswell":
        found = shutil.which("groundswell", path=str(Path(sys.executable).parent))
        if found is None:
            raise SystemExit("groundswell CLI not found: run from the project venv")
        return [
            found,
            "serve",
            "--port",
            str(port),
            "--database-url",
            f"sqlite:///{workdir / 'bench.db'}",
        ]
    return [sys.executable, str(ROOT / "bench" / "bare_bolt_server.py"), "--port", str(port)]


@contextlib.contextmanager
def running_server(target: str, port: int, workdir: Path, api_url: str) -> Iterator[None]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GROUNDSWELL_", "SLACK_", "MICROSOFT_"))
    }
    env.update(
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN=TOKEN,
        GROUNDSWELL_SLACK_API_URL=api_url,
        GROUNDSWELL_SLACK_ASSISTANTS="U0AIBOT",
        GROUNDSWELL_LOG_LEVEL="WARNING",
    )
    # BENCH_GROUNDSWELL_X=... sets GROUNDSWELL_X for the server alone (A/B a setting).
    env.update({k[6:]: v for k, v in os.environ.items() if k.startswith("BENCH_GROUNDSWELL_")})
    log = (workdir / f"{target}.log").open("wb")
    process = subprocess.Popen(
        command_for(target, port, workdir),
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


async def wait_healthy(http: aiohttp.ClientSession, url: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        with contextlib.suppress(aiohttp.ClientError):
            async with http.get(f"{url}/healthz") as response:
                if response.status == 200:
                    return
        await asyncio.sleep(0.1)
    raise SystemExit(f"server at {url} did not become healthy")


def envelope(n: int) -> dict[str, object]:
    return {
        "type": "event_callback",
        "team_id": "T111",
        "api_app_id": "A111",
        "event_id": f"EvBench{n:08d}",
        "event_time": int(time.time()),
        "event": {
            "type": "reaction_added",
            "user": f"U{n:09d}",
            "reaction": "+1",
            "item_user": "U0AIBOT",
            "item": {"type": "message", "channel": "C1", "ts": f"1700000000.{n % 50:06d}"},
            "event_ts": f"{time.time():.6f}",
        },
    }


async def offer_load(
    name: str, url: str, rate: float, seconds: float, warmup: float, first: int
) -> Numbers:
    latencies: list[float] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=256)
    async with aiohttp.ClientSession(connector=connector) as http:
        await wait_healthy(http, url)

        async def one(n: int, due: float, measured: bool) -> None:
            nonlocal errors
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            body, headers = signed_event(envelope(n), SECRET)
            try:
                async with http.post(f"{url}/slack/events", data=body, headers=headers) as r:
                    await r.read()
                    ok = r.status == 200
            except aiohttp.ClientError:
                ok = False
            if not measured:
                return
            if ok:
                latencies.append((time.monotonic() - due) * 1000)
            else:
                errors += 1

        start = time.monotonic() + 0.2
        total_warm = int(rate * warmup)
        total = int(rate * seconds)
        tasks = [
            asyncio.create_task(one(first + i, start + i / rate, i >= total_warm))
            for i in range(total_warm + total)
        ]
        _done, pending = await asyncio.wait(tasks, timeout=warmup + seconds + 10)
        for task in pending:
            task.cancel()
        errors += len(pending)
    latencies.sort()

    def cut(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))]

    return Numbers(
        name=name,
        sent=total,
        ok=len(latencies),
        errors=errors,
        p50_ms=statistics.median(latencies) if latencies else float("nan"),
        p99_ms=cut(0.99) if latencies else float("nan"),
        max_ms=latencies[-1] if latencies else float("nan"),
        achieved_per_s=len(latencies) / seconds,
    )


def stored_rows(database: Path) -> int:
    if not database.exists():
        return 0
    with contextlib.closing(sqlite3.connect(database, timeout=5)) as connection:
        try:
            return int(connection.execute("SELECT count(*) FROM feedback").fetchone()[0])
        except sqlite3.OperationalError:
            return 0  # not migrated yet


async def wait_stored(database: Path, expected: int, within: float = 300.0) -> float | None:
    """The monotonic time at which `expected` feedback rows were stored (None: never)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if stored_rows(database) >= expected:
            return time.monotonic()
        await asyncio.sleep(0.02)
    return None


async def measure_pipeline(url: str, database: Path, expected: int, burst: int) -> None:
    """Backlog after the paced load, then how fast a burst is stored after it is acked."""
    ended = time.monotonic()
    print(
        f"post-ack pipeline: {stored_rows(database)}/{expected} ratings stored when the load ended"
    )
    done = await wait_stored(database, expected)
    if done is None:
        print("  the backlog was not stored within 300 s")
        return
    print(f"  backlog stored {done - ended:.2f} s after the load ended")
    in_flight = asyncio.Semaphore(64)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64)) as http:

        async def one(n: int) -> None:
            async with in_flight:
                body, headers = signed_event(envelope(n), SECRET)
                async with http.post(f"{url}/slack/events", data=body, headers=headers) as r:
                    await r.read()

        began = time.monotonic()
        await asyncio.gather(*(one(5_000_000 + n) for n in range(burst)))
        acked = time.monotonic()
        stored = await wait_stored(database, expected + burst)
    if stored is None:
        print(f"  burst of {burst}: not all stored within 300 s")
        return
    print(
        f"  burst of {burst}: acked in {acked - began:.2f} s ({burst / (acked - began):.0f}/s), "
        f"all stored in {stored - began:.2f} s: {burst / (stored - began):.0f} events/s sustained"
    )


def pending_in_inbox(database: Path) -> int:
    with contextlib.closing(sqlite3.connect(database, timeout=5)) as connection:
        return int(connection.execute("SELECT count(*) FROM inbox").fetchone()[0])


async def run(args: argparse.Namespace) -> list[tuple[float, Numbers]]:
    results = []
    async with FakeSlackWebApi(bot_user_id="UGROUNDSWELL", team_id="T111") as fake:
        for rate_index, rate in enumerate(args.rates):
            last = rate_index == len(args.rates) - 1
            with tempfile.TemporaryDirectory(prefix="groundswell-slack-bench-") as tmp:
                for index, target in enumerate(("groundswell", "bare bolt")):
                    port = free_port()
                    with running_server(target.split()[0], port, Path(tmp), fake.url):
                        numbers = await offer_load(
                            target,
                            f"http://{HOST}:{port}",
                            rate,
                            args.seconds,
                            args.warmup,
                            first=(rate_index * 2 + index) * 1_000_000,
                        )
                        results.append((rate, numbers))
                        if target == "groundswell" and last:
                            offered = int(rate * (args.warmup + args.seconds))
                            database = Path(tmp) / "bench.db"
                            await measure_pipeline(
                                f"http://{HOST}:{port}", database, offered, args.burst
                            )
                            print(f"  inbox items left once worked: {pending_in_inbox(database)}")
            # Proof the work after the ack happened: one "share a win" per new person.
            print(
                f"fake Web API calls: {len(fake.calls())} "
                f"({len(fake.calls('chat.postEphemeral'))} chat.postEphemeral)"
            )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rates", default="200,500", help="offered events per second, comma-separated"
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--quick", action="store_true", help="3 s measured")
    parser.add_argument("--burst", type=int, default=2000, help="events in the drain burst")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    args.rates = [float(rate) for rate in str(args.rates).split(",") if rate.strip()]
    if args.quick:
        args.seconds = 3.0
    try:
        results = asyncio.run(run(args))
    except SystemExit as failure:
        print(f"benchmark could not run: {failure}", file=sys.stderr)
        return 2
    print(f"signed reaction_added, {args.seconds:.0f} s per rate, loopback, {os.cpu_count()} CPUs")
    print(
        f"{'rate/s':>7} {'target':<12} {'sent':>6} {'ok':>6} {'err':>4} {'p50 ms':>8} "
        f"{'p99 ms':>8} {'max ms':>8} {'acked/s':>8}"
    )
    for rate, n in results:
        print(
            f"{rate:>7.0f} {n.name:<12} {n.sent:>6} {n.ok:>6} {n.errors:>4} {n.p50_ms:>8.2f} "
            f"{n.p99_ms:>8.2f} {n.max_ms:>8.2f} {n.achieved_per_s:>8.1f}"
        )
    for rate in args.rates:
        ours, bare = (n for r, n in results if r == rate)
        print(
            f"at {rate:.0f}/s groundswell/bare bolt: p50 {ours.p50_ms / bare.p50_ms:.2f}x, "
            f"p99 {ours.p99_ms / bare.p99_ms:.2f}x"
        )
    top_rate = max(args.rates)
    top = next(n for r, n in results if r == top_rate and n.name == "groundswell")
    verdict = "PASS" if top.p99_ms < TARGET_P99_MS and top.errors == 0 else "FAIL"
    print(
        f"{verdict}: Groundswell p99 ack {top.p99_ms:.1f} ms at {top_rate:.0f}/s "
        f"(target < {TARGET_P99_MS:.0f} ms at 500/s)"
    )
    if args.json:
        rows = [{"rate": rate, **n.__dict__} for rate, n in results]
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
