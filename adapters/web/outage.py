"""A database outage as the outside world sees it: 503 with Retry-After, and two log lines.

Storage raises `DatabaseUnavailable` when it cannot reach or write the database. Every route
answers it the same way, through `OutageAnswers.middleware`, so Slack and Bot Framework
retry later and API clients back off (a 500 says "bug" and carries no Retry-After). The
database itself says when an outage starts and when it ends (`Database.availability`),
whoever hit it (a request, work after an ack, the health check), so the log gets one WARNING
for each, not a traceback per request. Handlers that answer through a platform SDK (a Bolt
error handler, a Teams turn) reuse `RETRY_AFTER_SECONDS` and `unavailable_response`.
"""

from __future__ import annotations

import logging
import time

from aiohttp import web

from adapters.api.errors import json_error
from adapters.web.metrics import Handler
from storage.availability import DatabaseUnavailable
from storage.database import Database

log = logging.getLogger(__name__)

# About as long as a database restart or failover takes; clients that honour it lose little.
# (Slack retries on its own schedule: at once, then after 1 and 5 minutes.)
RETRY_AFTER_SECONDS = 5


def unavailable_response() -> web.Response:
    return json_error(
        503,
        "database_unavailable",
        f"the database is unavailable; nothing was changed: retry in {RETRY_AFTER_SECONDS} s",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def unavailable_parts() -> tuple[str, dict[str, str]]:
    """The same answer's body and headers, for SDKs that build their own response (Bolt)."""
    response = unavailable_response()
    assert isinstance(response.body, bytes)
    return response.body.decode(), {
        "Content-Type": "application/json",
        "Retry-After": str(RETRY_AFTER_SECONDS),
    }


class QuietOutages(logging.Filter):
    """Drops a library's own error line for a DatabaseUnavailable it saw (the Agents SDK logs
    every turn's exception with its traceback): the outage is logged once, here."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, DatabaseUnavailable)


QUIET_OUTAGES = QuietOutages()  # one instance: adding it again to a logger is a no-op


class OutageAnswers:
    """Answers 503 while the database is down, and logs the outage once at each end."""

    def __init__(self) -> None:
        self._started: float | None = None

    def changed(self, outage: DatabaseUnavailable | None) -> None:
        if outage is not None:
            self._started = time.monotonic()
            log.warning(
                "database unavailable (%s): answering 503 with Retry-After until it is back",
                outage,
            )
            return
        lasted = time.monotonic() - (self._started or time.monotonic())
        # Per-route 503 counts are in /metrics; this says how long clients were turned away.
        log.warning("database available again after %.1f s", lasted)
        self._started = None

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except DatabaseUnavailable:
            return unavailable_response()


def answer_outages(app: web.Application, database: Database) -> OutageAnswers:
    """Before the app starts: 503 for DatabaseUnavailable on every route, and the log lines.
    Innermost middleware, so metrics count the 503 and nothing logs it as a failure."""
    answers = OutageAnswers()
    database.availability.listeners.append(answers.changed)
    app.middlewares.append(answers.middleware)
    return answers
