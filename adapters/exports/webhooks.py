"""Signed webhooks (the Standard Webhooks scheme) for every other destination.

One JSON event per delivery of an opinion's change; headers `webhook-id` (the same on every
retry of one change, so receivers drop redeliveries), `webhook-timestamp` (Unix seconds) and
`webhook-signature`: `v1,` + base64 HMAC-SHA256 over `id.timestamp.body`, keyed with the
base64 part of the `whsec_` secret. A receiver cannot be made to delete anything: the
`feedback.deleted` event asks it to.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from datetime import UTC, datetime
from typing import Any

from adapters.exports.http import HttpCaller
from bot.exports.change import ChangeKind, ExportChange
from bot.exports.destination import Outcome
from bot.settings import ExportSettings

PREFIX = "whsec_"


def secret_bytes(secret: str) -> bytes:
    try:
        return base64.b64decode(secret.removeprefix(PREFIX), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("GROUNDSWELL_WEBHOOK_SECRET: must be whsec_ then base64") from None


def sign(key: bytes, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def event_body(change: ExportChange) -> dict[str, Any]:
    """The event as documented in the OpenAPI document's `webhooks` (adapters/api/openapi.py)."""
    data: dict[str, Any] = {"ref": change.score_id}
    if change.kind is ChangeKind.UPSERTED:
        data |= {
            "trace_id": change.trace_id,
            "value": change.value,
            "comment": change.comment,
            "user": change.user,
            "occurred_at": change.occurred_at.isoformat() if change.occurred_at else None,
            "metadata": change.metadata,
        }
    return {"type": change.kind.value, "timestamp": datetime.now(UTC).isoformat(), "data": data}


class WebhookDestination:
    name = "webhook"
    can_delete = False

    def __init__(self, settings: ExportSettings) -> None:
        if not (settings.webhook_url and settings.webhook_secret):
            raise ValueError("GROUNDSWELL_WEBHOOK_URL and GROUNDSWELL_WEBHOOK_SECRET are required")
        self._url = settings.webhook_url
        self._key = secret_bytes(settings.webhook_secret.get_secret_value())
        self._http = HttpCaller(
            timeout_seconds=settings.export_timeout_seconds,
            concurrency=settings.export_concurrency,
        )

    async def deliver(self, change: ExportChange) -> Outcome:
        body = json.dumps(event_body(change), separators=(",", ":")).encode()
        timestamp = int(time.time())
        headers = {
            "webhook-id": change.event_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(self._key, change.event_id, timestamp, body),
        }
        outcome, _ = await self._http.call("POST", self._url, headers=headers, body=body)
        return outcome

    async def close(self) -> None:
        await self._http.close()
