"""kill -9 `groundswell serve` mid-export, and an operator's `export status` / `export retry`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import aiohttp

from tests.cli.support import run_async
from tests.fakes import langfuse as fake_langfuse
from tests.fakes.langfuse import FakeLangfuse
from tests.slack.harness import API_TOKEN, TEAM
from tests.support.process import ServeProcess, clean_environment

ANSWERS = 10
PEOPLE = 6
HEADERS = {"Authorization": f"Bearer {API_TOKEN}"}


def environment(database: Path, langfuse: FakeLangfuse, **extra: str) -> dict[str, str]:
    values = {
        "GROUNDSWELL_DATABASE_URL": f"sqlite:///{database}",
        "GROUNDSWELL_API_TOKENS": API_TOKEN,
        "GROUNDSWELL_LANGFUSE_HOST": langfuse.url,
        "GROUNDSWELL_LANGFUSE_PUBLIC_KEY": fake_langfuse.PUBLIC_KEY,
        "GROUNDSWELL_LANGFUSE_SECRET_KEY": fake_langfuse.SECRET_KEY,
        "GROUNDSWELL_EXPORT_LEASE_SECONDS": "1",
        "GROUNDSWELL_EXPORT_BACKOFF_SECONDS": "0.05",
        "GROUNDSWELL_EXPORT_BACKOFF_CAP_SECONDS": "0.5",
    }
    return clean_environment(**(values | extra))


async def post(http: aiohttp.ClientSession, url: str, path: str, body: dict[str, Any]) -> Any:
    async with http.post(f"{url}{path}", json=body, headers=HEADERS) as response:
        assert response.status in (200, 201), await response.text()
        return await response.json()


async def register(http: aiohttp.ClientSession, url: str, n: int) -> int:
    body = {
        "platform": "slack",
        "workspace": TEAM,
        "channel": "C1",
        "message_id": f"1700000000.{n:06d}",
        "assistant": "helpdesk",
        "trace_id": f"trace-{n}",
    }
    found: int = (await post(http, url, "/api/v1/outputs", body))["id"]
    return found


async def rate(
    http: aiohttp.ClientSession, url: str, output_id: int, user: str, rating: str, key: str
) -> None:
    body = {
        "event_id": key,
        "platform": "slack",
        "workspace": TEAM,
        "user": user,
        "rating": rating,
        "output_id": output_id,
    }
    await post(http, url, "/api/v1/feedback", body)


async def wait(check: Any, within: float) -> None:
    import asyncio

    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, "not reached in time"
        await asyncio.sleep(0.05)


async def test_kill_9_mid_export_then_restart_every_change_arrives_once(tmp_path: Path) -> None:
    async with FakeLangfuse() as langfuse:
        langfuse.delay = 0.2  # answers held open: the kill lands with requests in flight
        serve = ServeProcess(
            environment(tmp_path / "gs.db", langfuse, GROUNDSWELL_EXPORT_CONCURRENCY="4"),
            tmp_path,
        )
        await serve.start()
        latest: dict[str, int] = {}
        async with aiohttp.ClientSession() as http:
            outputs = [await register(http, serve.url, n) for n in range(ANSWERS)]
            for round_ in range(2):
                for n, output_id in enumerate(outputs):
                    for p in range(PEOPLE):
                        rating = "up" if (n * p + round_) % 3 else "down"
                        await rate(http, serve.url, output_id, f"U{p}", rating, f"{round_}.{n}.{p}")
                        latest[f"trace-{n}/U{p}"] = 1 if rating == "up" else 0
            await wait(lambda: sum(langfuse.writes.values()) >= 8, within=20)
            serve.kill_hard()
            await serve.wait_dead()
            assert len(langfuse.scores) < ANSWERS * PEOPLE, "all exported before the kill"

            langfuse.delay = 0
            restarted = ServeProcess(serve.env, tmp_path, port=serve.port)
            await restarted.start()
            try:
                await wait(lambda: len(langfuse.scores) == ANSWERS * PEOPLE, within=30)
                report = await run_async("export", "status", cwd=tmp_path, **_env(serve.env))
            finally:
                await restarted.stop()
    # One score per person and answer, each holding the latest value.
    values: dict[str, list[int]] = {}
    for score in langfuse.scores.values():
        values.setdefault(score["traceId"], []).append(score["value"])
    for n in range(ANSWERS):
        wanted = sorted(latest[f"trace-{n}/U{p}"] for p in range(PEOPLE))
        assert sorted(values[f"trace-{n}"]) == wanted
    assert "langfuse: 0 pending, 0 failed" in report.stdout


async def test_export_status_names_the_refusal_and_retry_sends_it_once_fixed(
    tmp_path: Path,
) -> None:
    async with FakeLangfuse() as langfuse:
        wrong = environment(
            tmp_path / "gs.db", langfuse, GROUNDSWELL_LANGFUSE_PUBLIC_KEY="pk-lf-typo"
        )
        serve = ServeProcess(wrong, tmp_path)
        await serve.start()
        try:
            async with aiohttp.ClientSession() as http:
                output_id = await register(http, serve.url, 1)
                await rate(http, serve.url, output_id, "U1", "down", "k1")
            deadline = time.monotonic() + 10
            while True:
                report = await run_async("export", "status", cwd=tmp_path, **_env(wrong))
                if "1 failed" in report.stdout or time.monotonic() > deadline:
                    break
        finally:
            await serve.stop()
        assert report.returncode == 0, report.stderr
        assert "langfuse: 0 pending, 1 failed" in report.stdout
        assert "last error: http_401" in report.stdout

        fixed = environment(tmp_path / "gs.db", langfuse)
        bad = await run_async(
            "export", "retry", "--destination", "langfoos", cwd=tmp_path, **_env(fixed)
        )
        assert bad.returncode == 2 and "--destination" in bad.stderr
        retried = await run_async("export", "retry", cwd=tmp_path, **_env(fixed))
        assert "1 failed export(s) queued again." in retried.stdout
        serve = ServeProcess(fixed, tmp_path, port=serve.port)
        await serve.start()
        try:
            await wait(lambda: len(langfuse.scores) == 1, within=10)
        finally:
            await serve.stop()


def _env(env: dict[str, str]) -> dict[str, str]:
    """run_async adds to a clean environment: pass ours as its extras."""
    return {key: value for key, value in env.items() if key.startswith("GROUNDSWELL_")}
