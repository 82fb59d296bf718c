"""One HTTP call to a destination, its answer read as an export outcome.

Redirects are never followed: the host a score goes to is the one in settings, and a 3xx
is refused rather than trusted. 408, 425, 429 and 5xx, timeouts and connection errors are
worth another try (Retry-After honoured when given in seconds); any other 4xx is permanent.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp

from bot.exports.destination import Delivered, Outcome, Refused, RetryLater

TRANSIENT = frozenset({408, 425, 429})
MAX_RETRY_AFTER = 3600.0


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header; an HTTP date or nonsense gives None (back-off)."""
    if value is None:
        return None
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        return None
    return min(float(value), MAX_RETRY_AFTER)


def read_status(status: int, headers: Any, *, ok_statuses: frozenset[int] = frozenset()) -> Outcome:
    if 200 <= status < 300 or status in ok_statuses:
        return Delivered()
    if status in TRANSIENT or status >= 500:
        return RetryLater(
            reason=f"http_{status}",
            after=parse_retry_after(headers.get("Retry-After")),
            rate_limited=status == 429,
        )
    if 300 <= status < 400:
        return Refused(reason=f"http_{status}: redirect not followed")
    return Refused(reason=f"http_{status}")


class HttpCaller:
    """The shared aiohttp session of one destination, opened on first use."""

    def __init__(self, *, timeout_seconds: float, concurrency: int) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._limit = concurrency
        self._session: aiohttp.ClientSession | None = None

    async def call(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str],
        body: dict[str, Any] | bytes | None = None,
        ok_statuses: frozenset[int] = frozenset(),
    ) -> tuple[Outcome, int]:
        """The outcome and the status (0 when no answer came)."""
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self._limit)
            self._session = aiohttp.ClientSession(timeout=self._timeout, connector=connector)
        data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        sent = {"Content-Type": "application/json", **headers} if data is not None else headers
        try:
            async with self._session.request(
                method, url, data=data, headers=sent, allow_redirects=False
            ) as response:
                await response.read()
                return read_status(response.status, response.headers, ok_statuses=ok_statuses), (
                    response.status
                )
        except TimeoutError:
            return RetryLater(reason="timeout"), 0
        except (aiohttp.ClientError, asyncio.CancelledError) as error:
            if isinstance(error, asyncio.CancelledError):
                raise
            return RetryLater(reason=f"connection: {type(error).__name__}"), 0

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
