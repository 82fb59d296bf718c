"""Socket Mode: the same Bolt app over Slack's websocket, for installs without a public URL.

Envelopes go through the same inbox as HTTP requests: stored first, acknowledged after.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.socket_mode.async_internals import send_async_response
from slack_bolt.adapter.socket_mode.internals import build_headers

from adapters.slack.inbox import SOCKET_MODE, SlackReceiver

log = logging.getLogger(__name__)
APP_SOCKET = web.AppKey("slack_socket_mode", AsyncSocketModeHandler)


class DurableSocketModeHandler(AsyncSocketModeHandler):
    """Bolt's handler dispatches straight to the app; ours stores the envelope first."""

    receiver: SlackReceiver

    async def handle(self, client: Any, req: Any) -> None:
        started = time.time()
        payload = req.payload if isinstance(req.payload, dict) else {}
        response = await self.receiver.receive(
            payload,
            raw=payload,
            headers=build_headers(req) or {},
            content_type=SOCKET_MODE,
        )
        await send_async_response(client, req, response, started)


def add_socket_mode(app: web.Application, receiver: SlackReceiver, app_token: str) -> None:
    """Connect when the server starts and close when it stops. The handler is built inside
    the running loop: its constructor schedules tasks."""

    async def connect(running: web.Application) -> None:
        handler = DurableSocketModeHandler(receiver.bolt, app_token=app_token)
        handler.receiver = receiver
        await handler.connect_async()  # type: ignore[no-untyped-call]
        running[APP_SOCKET] = handler
        log.info("Slack Socket Mode connected")

    async def close(running: web.Application) -> None:
        handler = running.get(APP_SOCKET)
        if handler is not None:
            await handler.close_async()  # type: ignore[no-untyped-call]

    app.on_startup.append(connect)
    app.on_cleanup.insert(0, close)
