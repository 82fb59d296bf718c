"""Joins the export worker to the one server: started with it, stopped with it, counted in
/metrics (sent, retried, failed, not exportable, and the lag per destination)."""

from __future__ import annotations

from aiohttp import web
from prometheus_client import Counter, Gauge

from adapters.exports.build import build_export_worker
from adapters.web.metrics import Metrics
from adapters.web.mounting import Mounted
from bot.exports.worker import ExportWorker
from bot.services import Services

APP_EXPORTS = web.AppKey("exports", ExportWorker)


class ExportMetrics:
    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics
        self.exports = Counter(
            "groundswell_exports",
            "Feedback changes handed to a destination, by what came of it "
            "(sent, retried, failed, not_exportable)",
            ["destination", "outcome"],
            registry=metrics.registry,
        )
        self.lag = Gauge(
            "groundswell_export_lag_seconds",
            "Age of the oldest feedback change not yet delivered to the destination",
            ["destination"],
            registry=metrics.registry,
        )

    def count_export(self, destination: str, outcome: str) -> None:
        self._metrics.child(self.exports, destination, outcome).inc()

    def set_export_lag(self, destination: str, seconds: float) -> None:
        self._metrics.child(self.lag, destination).set(seconds)


def mount_exports(
    app: web.Application, services: Services, metrics: Metrics, mounted: Mounted
) -> None:
    worker = build_export_worker(services)
    app[APP_EXPORTS] = worker
    if not worker.names:
        return
    worker.observers.append(ExportMetrics(metrics))
    mounted.enabled.append("exports to " + ", ".join(worker.names))

    async def start(_app: web.Application) -> None:
        worker.start()

    async def stop(_app: web.Application) -> None:
        await worker.stop()

    app.on_startup.append(start)
    # Added before build_app's own cleanup, so it stops before the database closes.
    app.on_cleanup.append(stop)
