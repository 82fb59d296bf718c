"""What the fake export destinations share: a real aiohttp server on 127.0.0.1, port 0,
that can be taken down (503, or refusing connections), answer the next requests with a given
status, or allow only a fixed request rate (429 with Retry-After beyond it)."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from types import TracebackType
from typing import Self

from aiohttp import web


class FakeReceiver:
    def __init__(self, *, rate: float | None = None, burst: float = 10) -> None:
        self.url = ""
        self.burst = burst
        self._tokens = burst
        self._filled_at = time.monotonic()
        self.down = False
        self.rate = rate
        self.refused = 0  # requests answered 429/503 (not stored)
        self.delay = 0.0  # seconds to hold each answer after storing (a slow destination)
        self._planned: deque[tuple[int, dict[str, str]]] = deque()
        self._runner: web.AppRunner | None = None
        self.port = 0

    def routes(self, app: web.Application) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def next_status(self, status: int, retry_after: str | None = None) -> None:
        self._planned.append((status, {"Retry-After": retry_after} if retry_after else {}))

    def gate(self) -> web.Response | None:
        """A refusal to answer instead of the real handler, or None to go on."""
        if self.down:
            self.refused += 1
            return web.json_response({"message": "down"}, status=503)
        if self._planned:
            status, headers = self._planned.popleft()
            self.refused += 1
            return web.json_response({"message": "planned"}, status=status, headers=headers)
        if self.rate is not None:
            # A token bucket: `rate` requests a second, bursts of up to `burst`.
            now = time.monotonic()
            self._tokens = min(self.burst, self._tokens + (now - self._filled_at) * self.rate)
            self._filled_at = now
            if self._tokens < 1:
                self.refused += 1
                return web.json_response(
                    {"message": "rate limited"}, status=429, headers={"Retry-After": "1"}
                )
            self._tokens -= 1
        return None

    async def start(self, port: int = 0) -> None:
        app = web.Application()
        self.routes(app)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{self.port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def wait_until(self, check: object, within: float = 5.0) -> None:
        """Poll `check()` until it is true; fail after `within` seconds."""
        deadline = time.monotonic() + within
        while not check():  # type: ignore[operator]
            if time.monotonic() > deadline:
                raise AssertionError(f"not reached within {within} s")
            await asyncio.sleep(0.02)
