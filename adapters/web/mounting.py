"""How a platform edge joins the one server: a mounter adds its routes and says what it did.

The server knows no platform: `groundswell serve` hands it the mounters (Slack, Teams), and
each mounter imports this module, never the server, so the dependency points one way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web

from adapters.web.metrics import Metrics
from bot.services import Services


@dataclass
class Mounted:
    """What `serve` prints: each edge that is on, and each that is off and why."""

    enabled: list[str] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


Mounter = Callable[[web.Application, Services, Mounted], Awaitable[None]]

APP_SERVICES = web.AppKey("services", Services)
APP_METRICS = web.AppKey("metrics", Metrics)
APP_MOUNTED = web.AppKey("mounted", Mounted)
