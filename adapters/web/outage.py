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

# Long enough for a database restart or failover to finish, short enough that Slack's own
# retries (after 1 and 5 minutes) and API clients lose little time.
RETRY_AFTER_SECONDS = 5


def unavailable_response() -> web.Response:
    return json_error(
        503,
        "database_unavailable",
        f"the database is unavailable; nothing was changed: retry in {RETRY_AFTER_SECONDS} s",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


class OutageAnswers:
    """Answers 503 while the database is down, and logs the outage once at each end."""

    def __init__(self) -> None:
        self._started: float | None = None
        self._answered = 0

    def changed(self, outage: DatabaseUnavailable | None) -> None:
        if outage is not None:
            self._started, self._answered = time.monotonic(), 0
            log.warning(
                "database unavailable (%s): answering 503 with Retry-After until it is back",
                outage,
            )
            return
        lasted = time.monotonic() - (self._started or time.monotonic())
        log.warning(
            "database available again after %.1f s (requests answered 503 meanwhile: %d)",
            lasted,
            self._answered,
        )
        self._started = None

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except DatabaseUnavailable:
            self._answered += 1
            return unavailable_response()


def answer_outages(app: web.Application, database: Database) -> OutageAnswers:
    """Before the app starts: 503 for DatabaseUnavailable on every route, and the log lines.
    Innermost middleware, so metrics count the 503 and nothing logs it as a failure."""
    answers = OutageAnswers()
    database.availability.listeners.append(answers.changed)
    app.middlewares.append(answers.middleware)
    return answers
