"""Mounts the Teams route on the server."""

from __future__ import annotations

from aiohttp import web

from adapters.web.server import Mounted
from bot.services import Services


async def mount_teams(app: web.Application, services: Services, mounted: Mounted) -> None:
    mounted.disabled.append("Teams (not built yet)")
