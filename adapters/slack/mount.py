"""Mounts the Slack routes on the server when Slack is configured."""

from __future__ import annotations

from aiohttp import web

from adapters.web.server import Mounted
from bot.services import Services


async def mount_slack(app: web.Application, services: Services, mounted: Mounted) -> None:
    if not services.settings.slack.enabled:
        mounted.disabled.append("Slack (set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN)")
        return
    mounted.warnings.append("Slack is configured but this build has no Slack adapter yet")
