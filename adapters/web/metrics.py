"""Prometheus metrics on a registry of our own (so tests can build many apps in one process)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)

from bot.records import FeedbackEvent, Recorded

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "groundswell_http_requests",
            "HTTP requests served",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "groundswell_http_request_seconds",
            "Time to answer an HTTP request",
            ["route"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
        )
        self.feedback = Counter(
            "groundswell_feedback_recorded",
            "Feedback events recorded",
            ["rating", "source"],
            registry=self.registry,
        )
        self.inbox_dropped = Counter(
            "groundswell_inbox_dropped",
            "Stored platform requests given up on: their trigger or response_url expired "
            "before a replay, or their work kept failing",
            ["platform", "reason"],
            registry=self.registry,
        )
        self.errors = Counter(
            "groundswell_errors", "Unexpected errors", ["where"], registry=self.registry
        )
        self.win_model_fallbacks = Counter(
            "groundswell_win_model_fallbacks",
            "Texts the rules judged because the win model could not answer in time",
            ["reason"],
            registry=self.registry,
        )

        # Label children looked up once: `labels()` takes a lock and builds a key every call.
        self._children: dict[tuple[str, ...], Any] = {}

    def child(self, metric: Any, *labels: str) -> Any:
        key = (str(id(metric)), *labels)
        found = self._children.get(key)
        if found is None:
            found = self._children[key] = metric.labels(*labels)
        return found

    def count_inbox_drop(self, platform: str) -> Callable[[str], None]:
        def count(reason: str) -> None:
            self.child(self.inbox_dropped, platform, reason).inc()

        return count

    def count_win_model_fallback(self, reason: str) -> None:
        self.child(self.win_model_fallbacks, reason).inc()

    def count_feedback(self, event: FeedbackEvent, recorded: Recorded) -> None:
        if recorded.created:
            self.child(self.feedback, event.rating.value, event.source.value).inc()

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        # The route template, not the path, keeps label cardinality bounded.
        resource = request.match_info.route.resource
        route = resource.canonical if resource is not None else "unmatched"
        started = time.perf_counter()
        status = 500
        try:
            response = await handler(request)
            status = response.status
            return response
        except web.HTTPException as exc:
            status = exc.status
            raise
        except Exception:
            self.errors.labels("http").inc()
            raise
        finally:
            self.child(self.requests, route, request.method, str(status)).inc()
            self.child(self.latency, route).observe(time.perf_counter() - started)

    async def serve(self, _request: web.Request) -> web.Response:
        return web.Response(
            body=generate_latest(self.registry), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )
