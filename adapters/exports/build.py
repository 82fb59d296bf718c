"""The destinations switched on in settings, and the worker that feeds them."""

from __future__ import annotations

from adapters.exports.langfuse import LangfuseDestination
from adapters.exports.langsmith import LangSmithDestination
from adapters.exports.webhooks import WebhookDestination
from bot.exports.destination import Destination
from bot.exports.worker import ExportWorker
from bot.services import Services
from bot.settings import ExportSettings

BUILDERS: dict[str, type[LangfuseDestination | LangSmithDestination | WebhookDestination]] = {
    "langfuse": LangfuseDestination,
    "langsmith": LangSmithDestination,
    "webhook": WebhookDestination,
}


def build_destinations(settings: ExportSettings) -> list[Destination]:
    return [BUILDERS[name](settings) for name in settings.destinations()]


def build_export_worker(services: Services) -> ExportWorker:
    settings = services.settings.exports
    return ExportWorker(
        services.database,
        build_destinations(settings),
        key=services.keys.pseudonyms,
        raw_user_ids=settings.export_raw_user_ids,
        concurrency=settings.export_concurrency,
        backoff=settings.export_backoff_seconds,
        backoff_cap=settings.export_backoff_cap_seconds,
        lease_seconds=settings.export_lease_seconds,
    )
