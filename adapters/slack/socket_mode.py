"""Socket Mode: the same Bolt app over Slack's websocket, for installs without a public URL."""

from __future__ import annotations

import logging

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

log = logging.getLogger(__name__)
APP_SOCKET = web.AppKey("slack_socket_mode", AsyncSocketModeHandler)


def add_socket_mode(app: web.Application, bolt: AsyncApp, app_token: str) -> None:
    """Connect when the server starts and close when it stops. The handler is built inside
    the running loop: its constructor schedules tasks."""

    async def connect(running: web.Application) -> None:
        handler = AsyncSocketModeHandler(bolt, app_token=app_token)
        await handler.connect_async()  # type: ignore[no-untyped-call]
        running[APP_SOCKET] = handler
        log.info("Slack Socket Mode connected")

    async def close(running: web.Application) -> None:
        handler = running.get(APP_SOCKET)
        if handler is not None:
            await handler.close_async()  # type: ignore[no-untyped-call]

    app.on_startup.append(connect)
    app.on_cleanup.insert(0, close)
