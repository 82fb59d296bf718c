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
        self._lock = asyncio.Lock()

    async def wait_turn(self) -> None:
        """Return when one more message may go out; callers queue in arrival order."""
        async with self._lock:
            while True:
                now = time.monotonic()
                self._tokens = min(self._burst, self._tokens + (now - self._stamp) / self._interval)
                self._stamp = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                await asyncio.sleep((1 - self._tokens) * self._interval)


# Built once per process: every SlackMessenger (HTTP and Socket Mode, every workspace) shares it.
POST_MESSAGE_PACER = Pacer()
