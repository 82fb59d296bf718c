"""Slack's events are acknowledged within Slack's 3 s while the scheduler's jobs tick.

The scheduler once ran on the serving loop: its SQLite job store write waited for the loop's
own open group commit, and every acknowledgement stalled for the 5 s busy timeout. Slack
retries what it does not get a 200 for within 3 s, and switches off an app that keeps failing.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import aiohttp

from tests.fakes.slack_signing import signed_event
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import SECRET, reaction_envelope
from tests.slack.test_crash import environment
from tests.support.process import ServeProcess

WAVES = 16
PER_WAVE = 20
SLACK_DEADLINE_SECONDS = 3.0


async def acknowledge(http: aiohttp.ClientSession, url: str, number: int) -> float:
    """Seconds until Slack would have had its 200 for one 👍."""
    envelope = reaction_envelope(f"EvTick{number:04d}", reaction="+1", user=f"U{number:05d}")
    body, headers = signed_event(envelope, SECRET)
    started = time.monotonic()
    async with http.post(f"{url}/slack/events", data=body, headers=headers) as response:
        assert response.status == 200
    return time.monotonic() - started


async def test_events_are_acknowledged_in_time_while_the_scheduler_ticks(tmp_path: Path) -> None:
    async with FakeSlackWebApi(bot_user_id="UGROUNDSWELL", team_id="T111") as fake:
        env = environment(tmp_path / "gs.db", fake)
        # Every job of the scheduler comes due each second: its job store writes meet the
        # acknowledgements' group commits many times over.
        env.update(
            GROUNDSWELL_SCHEDULER_ENABLED="true", GROUNDSWELL_SCHEDULER_SURVEY_TICK_SECONDS="1"
        )
        serve = ServeProcess(env, tmp_path)
        await serve.start()
        took: list[float] = []
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as http:
                for wave in range(WAVES):
                    numbers = range(wave * PER_WAVE, (wave + 1) * PER_WAVE)
                    took += await asyncio.gather(
                        *(acknowledge(http, serve.url, n) for n in numbers)
                    )
                    await asyncio.sleep(0.2)
        finally:
            await serve.stop()
    assert len(took) == WAVES * PER_WAVE
    assert max(took) < SLACK_DEADLINE_SECONDS, f"slowest acknowledgement {max(took):.1f} s"
