"""kill -9 `groundswell serve` while Slack events are being acknowledged and worked: after a
restart every acknowledged event is stored exactly once.

Slack never redelivers an event it got a 200 for, so an acknowledged event that is lost is
lost for good. Three kill points: right after the last acknowledgement, in the middle of a
stream of requests, and while the work after the acks is held up by a slow Web API.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.fakes.slack_signing import signed_event
from tests.fakes.slack_web_api import FakeSlackWebApi, RecordedCall
from tests.slack.harness import API_TOKEN, ASSISTANT, BOT_TOKEN, SECRET, reaction_envelope
from tests.support.process import ServeProcess, clean_environment

EVENTS = 120


def environment(database: Path, fake: FakeSlackWebApi) -> dict[str, str]:
    return clean_environment(
        GROUNDSWELL_DATABASE_URL=f"sqlite:///{database}",
        GROUNDSWELL_API_TOKENS=API_TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        GROUNDSWELL_SLACK_API_URL=fake.url,
        GROUNDSWELL_SLACK_ASSISTANTS=ASSISTANT,
    )


async def send(
    http: aiohttp.ClientSession,
    url: str,
    number: int,
    acked: list[str],
    enough: tuple[int, asyncio.Event] | None = None,
) -> None:
    """One 👎 by its own person (so each event also asks a follow-up); noted once answered 200."""
    event_id = f"EvCrash{number:04d}"
    envelope = reaction_envelope(event_id, reaction="-1", user=f"U{number:05d}")
    body, headers = signed_event(envelope, SECRET)
    try:
        async with http.post(f"{url}/slack/events", data=body, headers=headers) as response:
            if response.status == 200:
                acked.append(f"slack:{event_id}")
                if enough is not None and len(acked) >= enough[0]:
                    enough[1].set()
    except (TimeoutError, aiohttp.ClientError):
        pass  # not acknowledged: Slack would retry it


async def stored_keys(http: aiohttp.ClientSession, url: str) -> list[str]:
    keys: list[str] = []
    cursor = ""
    headers = {"Authorization": f"Bearer {API_TOKEN}"}
    while True:
        query = f"?limit=500{'&cursor=' + cursor if cursor else ''}"
        async with http.get(f"{url}/api/v1/feedback{query}", headers=headers) as response:
            assert response.status == 200
            page: dict[str, Any] = await response.json()
        keys += [item["key"] for item in page["items"]]
        cursor = page.get("next_cursor") or ""
        if not cursor:
            return keys


async def wait_for(http: aiohttp.ClientSession, url: str, wanted: set[str]) -> list[str]:
    deadline = time.monotonic() + 30
    while True:
        keys = await stored_keys(http, url)
        if wanted <= set(keys) or time.monotonic() > deadline:
            return keys
        await asyncio.sleep(0.1)


@pytest.mark.parametrize("kill_point", ["after_acks", "mid_stream", "during_slow_work"])
async def test_no_acknowledged_event_is_lost_or_counted_twice(
    tmp_path: Path, kill_point: str
) -> None:
    async with FakeSlackWebApi(bot_user_id="UGROUNDSWELL", team_id="T111") as fake:
        if kill_point == "during_slow_work":

            async def slow(call: RecordedCall) -> dict[str, Any]:
                await asyncio.sleep(5)
                return {"ok": True, "message_ts": "1.1"}

            fake.set_response("chat.postEphemeral", slow)
        serve = ServeProcess(environment(tmp_path / "gs.db", fake), tmp_path)
        await serve.start()
        acked: list[str] = []
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http:
            if kill_point == "mid_stream":
                third = asyncio.Event()
                sending = asyncio.gather(
                    *(send(http, serve.url, n, acked, (EVENTS // 3, third)) for n in range(EVENTS)),
                    return_exceptions=True,
                )
                await third.wait()
                serve.kill_hard()
                await sending
            else:
                for start in range(0, EVENTS, 20):
                    await asyncio.gather(
                        *(send(http, serve.url, n, acked) for n in range(start, start + 20))
                    )
                serve.kill_hard()
            await serve.wait_dead()
            assert acked, "nothing was acknowledged before the kill"

            fake.clear_response("chat.postEphemeral")
            restarted = ServeProcess(serve.env, tmp_path, port=serve.port)
            await restarted.start()
            try:
                keys = await wait_for(http, restarted.url, set(acked))
            finally:
                await restarted.stop()
    missing = set(acked) - set(keys)
    twice = [key for key, count in Counter(keys).items() if count > 1]
    assert (len(missing), twice) == (0, []), f"{len(missing)} of {len(acked)} acked lost"
