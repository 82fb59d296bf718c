"""GET /healthz: is the process up and can it reach its database."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from adapters.web.outage import RETRY_AFTER_SECONDS
from bot.services import Services
from storage.availability import DatabaseUnavailable

log = logging.getLogger(__name__)
PING_TIMEOUT_SECONDS = 2.0


def health_handler(services: Services) -> web.Handler:  # type: ignore[name-defined]
    async def healthz(_request: web.Request) -> web.Response:
        try:
            await asyncio.wait_for(services.database.ping(), PING_TIMEOUT_SECONDS)
        except DatabaseUnavailable:
            # Logged once when the outage starts and once when it ends (adapters/web/outage.py),
            # not at every probe of a load balancer.
            return unhealthy()
        except Exception as exc:  # any other failure to reach the database is "unhealthy"
            log.warning("health check: database unreachable (%s)", type(exc).__name__)
            return unhealthy()
        return web.json_response({"status": "ok", "database": "ok"})

    return healthz


def unhealthy() -> web.Response:
    return web.json_response(
        {"status": "error", "database": "unreachable"},
        status=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
