"""A fake Standard Webhooks receiver: checks the signature and the timestamp as the
standard's reference libraries do, drops redeliveries by webhook-id, keeps the events."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

from aiohttp import web

from tests.fakes.receiver import FakeReceiver

TOLERANCE_SECONDS = 5 * 60


class FakeWebhookReceiver(FakeReceiver):
    def __init__(self, secret: str) -> None:
        super().__init__()
        self.key = base64.b64decode(secret.removeprefix("whsec_"))
        self.events: list[dict[str, Any]] = []
        self.ids: list[str] = []
        self.redeliveries = 0
        self.bodies: list[bytes] = []

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/hooks/groundswell", self._receive)

    @property
    def hook_url(self) -> str:
        return f"{self.url}/hooks/groundswell"

    def verified(self, headers: Any, body: bytes) -> bool:
        message_id = headers.get("webhook-id", "")
        timestamp = headers.get("webhook-timestamp", "")
        if not message_id or not timestamp.isdigit():
            return False
        if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
            return False
        signed = f"{message_id}.{timestamp}.".encode() + body
        expected = base64.b64encode(hmac.new(self.key, signed, hashlib.sha256).digest()).decode()
        given = [part.split(",", 1) for part in headers.get("webhook-signature", "").split()]
        return any(
            version == "v1" and hmac.compare_digest(signature, expected)
            for version, signature in (pair for pair in given if len(pair) == 2)
        )

    async def _receive(self, request: web.Request) -> web.Response:
        refused = self.gate()
        if refused is not None:
            return refused
        body = await request.read()
        if not self.verified(request.headers, body):
            return web.json_response({"error": "bad signature"}, status=401)
        message_id = request.headers["webhook-id"]
        if message_id in self.ids:
            self.redeliveries += 1
            return web.Response(status=204)
        event = json.loads(body)
        if event.get("type") not in ("feedback.upserted", "feedback.deleted"):
            return web.json_response({"error": "unknown type"}, status=400)
        self.ids.append(message_id)
        self.bodies.append(body)
        self.events.append(event)
        return web.Response(status=204)

    def standing(self) -> dict[str, dict[str, Any]]:
        """What a receiver that applies every event in order holds: ref → latest data."""
        held: dict[str, dict[str, Any]] = {}
        for event in self.events:
            if event["type"] == "feedback.deleted":
                held.pop(event["data"]["ref"], None)
            else:
                held[event["data"]["ref"]] = event["data"]
        return held
