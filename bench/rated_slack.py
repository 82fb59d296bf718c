"""A fake Slack Web API in its own process that allows chat.postMessage at a fixed rate and
answers 429 (Retry-After 1) beyond it, as Slack does. For bench/fanout.py.

    python bench/rated_slack.py --rate 100 --port-file /tmp/port

GET /api/bench.stats answers what it stored: the number of 429s, and per DM channel the
metadata ref ids of the messages posted there (duplicates show as repeated ids), with the
monotonic times of the first and the last accepted post.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.slack_web_api import FakeSlackWebApi  # noqa: E402


class RateWindow:
    """A token bucket: `rate` a second, at most `burst` at once."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class RatedSlack(FakeSlackWebApi):
    def __init__(self, rate: float, burst: int) -> None:
        super().__init__(bot_user_id="UGROUNDSWELL", team_id="T111")
        self.window = RateWindow(rate, burst)
        self.limited = 0
        self.accepted: list[float] = []

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["method"] == "bench.stats":
            return await self.stats(request)
        if request.match_info["method"] == "chat.postMessage":
            if not self.window.take():
                self.limited += 1
                return web.json_response(
                    {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"}
                )
            self.accepted.append(time.monotonic())
        return await super()._handle_api(request)

    async def stats(self, _request: web.Request) -> web.Response:
        per_channel: dict[str, list[str]] = {}
        for message in self._messages:
            payload = (message.data.get("metadata") or {}).get("event_payload") or {}
            per_channel.setdefault(message.channel, []).append(str(payload.get("ref_id")))
        return web.json_response(
            {
                "limited": self.limited,
                "accepted": len(self.accepted),
                "first": self.accepted[0] if self.accepted else None,
                "last": self.accepted[-1] if self.accepted else None,
                "now": time.monotonic(),
                "channels": per_channel,
                "history_calls": len(self.calls("conversations.history")),
            }
        )


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, required=True)
    # Slack counts over windows, not per request: a tenth of a second's worth may clump.
    parser.add_argument("--burst", type=int, default=0, help="default: rate / 10")
    parser.add_argument("--port-file", type=Path, required=True)
    args = parser.parse_args()
    fake = RatedSlack(args.rate, args.burst or max(1, round(args.rate / 10)))
    await fake.start()
    args.port_file.write_text(str(fake.port))
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
