"""Builds the aiohttp application: one process serves every edge."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from aiohttp import web

from adapters.api.errors import json_error
from adapters.api.routes import add_api_routes
from adapters.exports.mount import mount_exports
from adapters.failures import log_failure
from adapters.llm.serving import attach_win_model
from adapters.web.health import health_handler
from adapters.web.legal import add_legal_pages
from adapters.web.metrics import Handler, Metrics
from adapters.web.mounting import APP_METRICS, APP_MOUNTED, APP_SERVICES, Mounted, Mounter
from adapters.web.outage import answer_outages
from adapters.web.request_ids import request_ids
from bot.chat.messenger import Attachment
from bot.reports.figures import Digest
from bot.services import Services

log = logging.getLogger(__name__)

# Slack and Teams payloads can be large (cards, blocks); the API enforces its own 64 KiB cap.
MAX_REQUEST_BYTES = 1024 * 1024


@web.middleware
async def no_server_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A bug answers a JSON 500 without details; the log gets the traceback, not the body."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception as error:
        log_failure(log, f"{request.method} {request.rel_url.path}", error)
        return json_error(500, "internal_error", "something went wrong on our side")


def html_report(digest: Digest) -> Attachment:
    """The digest's full report as an HTML file with charts; matplotlib loads on first use,
    not at start-up."""
    from adapters.reports.html import html_attachment

    return html_attachment(digest)


def attach_html_reports(services: Services) -> None:
    """The HTML report (charts need matplotlib, so it is drawn here in the adapters) for
    `/groundswell report` and the Monday DM."""
    if services.report is not None:
        services.report.render_file = html_report
    if services.digests is not None:
        services.digests.attach_reports(html_report)


async def build_app(
    services: Services, *, mounters: Sequence[Mounter] = (), metrics: Metrics | None = None
) -> web.Application:
    """The server with health, metrics, the legal pages and the API, plus whatever platform
    edges the caller mounts (`groundswell serve` mounts Slack and Teams)."""
    metrics = metrics or Metrics()
    services.feedback_listeners.append(metrics.count_feedback)
    app = web.Application(
        middlewares=[request_ids, metrics.middleware, no_server_errors],
        client_max_size=MAX_REQUEST_BYTES,
    )
    answer_outages(app, services.database)  # 503 + Retry-After while the database is down
    mounted = Mounted()
    app[APP_SERVICES] = services
    app[APP_METRICS] = metrics
    app[APP_MOUNTED] = mounted
    app.router.add_get("/healthz", health_handler(services))
    app.router.add_get("/metrics", metrics.serve)
    add_legal_pages(app)  # the Teams manifest links here
    api = add_api_routes(app, services)
    (mounted.enabled if api.enabled else mounted.disabled).append(
        "ingestion API /api/v1" + ("" if api.enabled else " (set GROUNDSWELL_API_TOKENS)")
    )
    attach_html_reports(services)
    if attach_win_model(app, services, metrics.count_win_model_fallback):
        mounted.enabled.append("win model (GROUNDSWELL_LLM_MODEL), rules as fallback")
    for mount in mounters:
        await mount(app, services, mounted)
    mount_exports(app, services, metrics, mounted)

    async def start_dispatching(_app: web.Application) -> None:
        services.dispatcher.start()
        services.scheduler.start()

    async def close_services(_app: web.Application) -> None:
        await services.scheduler.stop()
        await services.dispatcher.stop()
        await services.close()

    app.on_startup.append(start_dispatching)
    app.on_cleanup.append(close_services)
    return app
