"""Slack's 429s, handled once for the whole process instead of once per request.

slack-sdk's own handler sleeps Retry-After plus up to a second of random jitter in each
request that got the 429, while every other sender keeps going and collects its own 429.
Here a 429 on a paced method pauses that method's shared pacer for exactly Retry-After, and
the retry waits its paced turn like any other request: a fan-out slows down as a whole and
resumes at the allowed rate, without oversleeping.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from adapters.slack.pacer import Pacer

MAX_WAIT = 120.0


def retry_after_seconds(response: HttpResponse) -> float:
    for name, values in response.headers.items():
        if name.lower() == "retry-after" and values:
            try:
                return min(max(float(values[0]), 0.0), MAX_WAIT)
            except ValueError:
                break
    return 1.0


def method_of(request: HttpRequest) -> str:
    return request.url.rstrip("/").rsplit("/", 1)[-1]


class PacedRateLimitHandler(AsyncRetryHandler):
    def __init__(self, pacers: Mapping[str, Pacer], max_retry_count: int) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._pacers = pacers

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code == 429

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:
            raise error or RuntimeError("429 without a response")
        seconds = retry_after_seconds(response)
        pacer = self._pacers.get(method_of(request))
        if pacer is None:
            await asyncio.sleep(seconds)
        else:
            pacer.pause(seconds)
            await pacer.wait_turn()
        state.next_attempt_requested = True
        state.increment_current_attempt()
