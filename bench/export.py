"""Exporting 10,000 feedback changes to a rate-limited Langfuse: how close to the rate's limit.

    .venv/bin/python bench/export.py [--changes 10000] [--rate 250] [--concurrency 16]

A fake Langfuse runs as its own process (tests/fakes/langfuse.py) and accepts `--rate` score
writes a second (a token bucket, bursts of 10; beyond it 429 with Retry-After: 1). The changes
are recorded first, through the real feedback service (100 answers × N/100 people, each a
distinct opinion, so each is one score), with Langfuse configured: each change is in the
export queue when the server starts. Then `groundswell serve` starts and exports them. The
script reports:

- elapsed: from the fake's first request to its last accepted write;
- the fastest the rate allows: (changes − burst) / rate;
- lost (opinions with no score) and duplicated (scores written more than once);
- the baseline, measured in the same run against a fresh fake with the same limits: a bare
  aiohttp client sending the same number of POSTs with the same concurrency, each 429
  retried at once — what this machine manages with no database and no queue.

Exit code 1 if anything is lost or duplicated, or elapsed is more than 10% over the fastest.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.records import (  # noqa: E402
    FeedbackEvent,
    FeedbackSource,
    MessageRef,
    OutputRegistration,
    PersonRef,
    Platform,
    Rating,
)
from bot.services import build_services  # noqa: E402
from bot.settings import CoreSettings, ExportSettings, Settings, SlackSettings, TeamsSettings  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from tests.fakes import langfuse  # noqa: E402
from tests.support.process import free_port  # noqa: E402

GROUNDSWELL = str(Path(sys.executable).with_name("groundswell"))
ANSWERS = 100
BURST = 10
TOLERANCE = 0.10


def start_fake(rate: float) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.langfuse", "--rate", str(rate), "--burst", str(BURST)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    port = process.stdout.readline().strip()
    return process, f"http://127.0.0.1:{port}"


async def stats(http: aiohttp.ClientSession, url: str) -> dict[str, Any]:
    async with http.get(f"{url}/_stats") as response:
        found: dict[str, Any] = await response.json()
        return found


async def preload(database_url: str, changes: int) -> None:
    """Record the changes through the feedback service, as the API or a reaction would."""
    settings = Settings(
        core=CoreSettings(_env_file=None, database_url=database_url),
        slack=SlackSettings(_env_file=None),
        teams=TeamsSettings(_env_file=None),
        exports=ExportSettings(
            _env_file=None,
            langfuse_host="http://127.0.0.1:9",
            langfuse_public_key=langfuse.PUBLIC_KEY,
            langfuse_secret_key=langfuse.SECRET_KEY,
        ),
    )
    services = build_services(settings)
    try:
        outputs = []
        for n in range(ANSWERS):
            message = MessageRef(
                platform=Platform.SLACK, tenant="T1", channel="C1", message_id=f"1700000000.{n:06d}"
            )
            registration = OutputRegistration(message=message, assistant="bench", trace_id=f"t{n}")
            outputs.append((await services.outputs.register(registration)).id)
        now = datetime.now(UTC)
        for i in range(changes):
            person = PersonRef(platform=Platform.SLACK, tenant="T1", user_id=f"U{i // ANSWERS}")
            await services.feedback.record(
                FeedbackEvent(
                    key=f"bench-{i}",
                    person=person,
                    output_id=outputs[i % ANSWERS],
                    rating=Rating.UP if i % 3 else Rating.DOWN,
                    source=FeedbackSource.API,
                    occurred_at=now,
                )
            )
    finally:
        await services.close()


async def wait_for_scores(url: str, changes: int, limit: float) -> dict[str, Any]:
    deadline = time.monotonic() + limit
    async with aiohttp.ClientSession() as http:
        while True:
            found = await stats(http, url)
            if os.environ.get("BENCH_TRACE"):
                print(f"  {time.monotonic():.2f} scores {found['scores']} 429s {found['refused']}")
            if found["scores"] >= changes or time.monotonic() > deadline:
                await asyncio.sleep(1.0)  # late duplicates would show up now
                return await stats(http, url)
            await asyncio.sleep(0.25)


def start_server(
    workdir: Path, url: str, database_url: str, concurrency: int
) -> subprocess.Popen[bytes]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GROUNDSWELL_", "SLACK_", "MICROSOFT_"))
    } | {
        "GROUNDSWELL_SECRET_KEY": os.environ.get("GROUNDSWELL_SECRET_KEY", "bench-" + "k" * 40),
        "GROUNDSWELL_LANGFUSE_HOST": url,
        "GROUNDSWELL_LANGFUSE_PUBLIC_KEY": langfuse.PUBLIC_KEY,
        "GROUNDSWELL_LANGFUSE_SECRET_KEY": langfuse.SECRET_KEY,
        "GROUNDSWELL_EXPORT_CONCURRENCY": str(concurrency),
    }
    return subprocess.Popen(
        [GROUNDSWELL, "serve", "--port", str(free_port()), "--database-url", database_url],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(workdir / "serve.log", "w"),
    )


async def run_groundswell(
    workdir: Path, changes: int, rate: float, concurrency: int
) -> dict[str, Any]:
    database_url = f"sqlite:///{workdir / 'export.db'}"
    upgrade(database_url)
    started = time.monotonic()
    await preload(database_url, changes)
    print(f"  recorded {changes} changes in {time.monotonic() - started:.1f} s", flush=True)
    fake, url = start_fake(rate)
    server = start_server(workdir, url, database_url, concurrency)
    try:
        return await wait_for_scores(url, changes, limit=changes / rate * 3 + 60)
    finally:
        server.terminate()
        server.wait(30)
        os.environ.get("BENCH_SHOW_LOG") and print((workdir / "serve.log").read_text()[-3000:])
        fake.terminate()
        fake.wait(30)


async def run_baseline(changes: int, rate: float, concurrency: int) -> dict[str, Any]:
    fake, url = start_fake(rate)
    pair = f"{langfuse.PUBLIC_KEY}:{langfuse.SECRET_KEY}"
    import base64

    headers = {"Authorization": "Basic " + base64.b64encode(pair.encode()).decode()}
    todo = list(range(changes))

    async def send(http: aiohttp.ClientSession) -> None:
        while todo:
            n = todo.pop()
            body = {
                "id": f"b{n}",
                "traceId": f"t{n}",
                "name": "x",
                "value": 1,
                "dataType": "BOOLEAN",
            }
            while True:
                async with http.post(f"{url}/api/public/scores", json=body, headers=headers) as r:
                    if r.status == 200:
                        break

    try:
        async with aiohttp.ClientSession() as http:
            await asyncio.gather(*(send(http) for _ in range(concurrency)))
            return await stats(http, url)
    finally:
        fake.terminate()
        fake.wait(30)


def report(
    name: str, found: dict[str, Any], changes: int, fastest: float
) -> tuple[float, int, int]:
    elapsed = (found["last_write_at"] or 0) - (found["first_at"] or 0)
    lost = changes - found["scores"]
    duplicated = found["written_twice"]
    print(
        f"{name:<12} elapsed {elapsed:6.2f} s  ({(elapsed / fastest - 1) * 100:+5.1f}% vs fastest "
        f"{fastest:.2f} s)  lost {lost}  duplicated {duplicated}  429s {found['refused']}"
    )
    return elapsed, lost, duplicated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=250.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--json", type=Path, default=None)
    options = parser.parse_args()
    changes, rate = options.changes - options.changes % ANSWERS, options.rate
    fastest = (changes - BURST) / rate
    print(
        f"{changes} changes, fake Langfuse allowing {rate:g}/s (bursts of {BURST}), "
        f"GROUNDSWELL_EXPORT_CONCURRENCY={options.concurrency}"
    )
    baseline = asyncio.run(run_baseline(changes, rate, options.concurrency))
    with tempfile.TemporaryDirectory() as workdir:
        found = asyncio.run(run_groundswell(Path(workdir), changes, rate, options.concurrency))
    base = report("bare client", baseline, changes, fastest)
    ours = report("Groundswell", found, changes, fastest)
    if options.json:
        options.json.write_text(
            json.dumps({"fastest": fastest, "baseline": base, "groundswell": ours})
        )
    elapsed, lost, duplicated = ours
    ok = lost == 0 and duplicated == 0 and elapsed <= fastest * (1 + TOLERANCE)
    print("PASS" if ok else "FAIL", f"(target: within {TOLERANCE:.0%}, none lost, none duplicated)")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
