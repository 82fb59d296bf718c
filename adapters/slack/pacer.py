"""One pacer for chat.postMessage across the whole process.

Slack allows about one message per second per channel with short bursts, plus an unpublished
workspace-wide cap; a token bucket shared by every sender keeps a fan-out under both.
"""

from __future__ import annotations

import asyncio
import time


class Pacer:
    def __init__(self, per_second: float = 10.0, burst: int = 10) -> None:
        self._interval = 1.0 / per_second
        self._burst = burst
        self._tokens = float(burst)
        self._stamp = time.monotonic()
        self._hold = 0.0  # monotonic: nobody sends before this (Slack said Retry-After)
        self._lock = asyncio.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None

    def _queue(self) -> asyncio.Lock:
        """The process-wide pacer outlives an event loop (tests run one per test); a lock
        belongs to the loop it first waited in."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop = loop
            self._lock = asyncio.Lock()
        return self._lock

    def set_rate(self, per_second: float, burst: int) -> None:
        """From GROUNDSWELL_SLACK_SEND_RATE, once at start-up."""
        self._interval = 1.0 / per_second
        self._burst = burst
        self._tokens = min(self._tokens, float(burst))

    def pause(self, seconds: float) -> None:
        """A 429: every sender waits `seconds`, then the bucket starts empty, so the senders
        do not all retry at once."""
        until = time.monotonic() + seconds
        if until > self._hold:
            self._hold = until
            self._tokens = 0.0
            self._stamp = until

    async def wait_turn(self) -> None:
        """Return when one more message may go out; callers queue in arrival order."""
        async with self._queue():
            while True:
                now = time.monotonic()
                if now < self._hold:
                    await asyncio.sleep(self._hold - now)
                    continue
                gained = max(0.0, now - self._stamp) / self._interval
                self._tokens = min(self._burst, self._tokens + gained)
                self._stamp = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                await asyncio.sleep((1 - self._tokens) * self._interval)


# Built once per process: every SlackMessenger (HTTP and Socket Mode, every workspace) shares it.
POST_MESSAGE_PACER = Pacer()
# Tier 4 allows 100+ a minute; stay under it with room for the lazy refreshes of surveys.
USERS_INFO_PACER = Pacer(per_second=1.5, burst=10)
