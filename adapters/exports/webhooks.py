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
from typing import Any, Literal

from pydantic import BaseModel, Field

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


class FeedbackEventData(BaseModel):
    """A deleted event carries only `ref`."""

    ref: str = Field(description="the opaque reference of this person's opinion of one answer")
    trace_id: str | None = Field(default=None, description="the answer's trace id, if known")
    value: bool | None = Field(default=None, description="true: 👍, false: 👎")
    comment: str | None = Field(default=None, description="the reason and comment given")
    user: str | None = Field(
        default=None, description="a keyed pseudonym (u_…), or platform:id if so configured"
    )
    occurred_at: datetime | None = None
    metadata: dict[str, Any] | None = Field(
        default=None,
        description="platform, workspace, channel, permalink, assistant, use_case, source, "
        "reason, user, ref",
    )


class FeedbackEvent(BaseModel):
    """One change of one person's opinion of one answer; apply them in order per `data.ref`
    (a `webhook-id` seen before is a redelivery)."""

    type: Literal["feedback.upserted", "feedback.deleted"]
    timestamp: datetime
    data: FeedbackEventData


def event_body(change: ExportChange) -> dict[str, Any]:
    """The event as documented in the OpenAPI document's `webhooks` (adapters/api/openapi.py)."""
    data = FeedbackEventData(ref=change.score_id)
    if change.kind is ChangeKind.UPSERTED:
        data = FeedbackEventData(
            ref=change.score_id,
            trace_id=change.trace_id,
            value=change.value,
            comment=change.comment,
            user=change.user,
            occurred_at=change.occurred_at,
            metadata=change.metadata,
        )
    event = FeedbackEvent(type=change.kind.value, timestamp=datetime.now(UTC), data=data)
    return event.model_dump(mode="json", exclude_unset=True)


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


def webhook_operation(schema_ref: dict[str, str]) -> dict[str, Any]:
    """The OpenAPI 3.1 `webhooks` entry: what Groundswell POSTs to GROUNDSWELL_WEBHOOK_URL."""
    signed = {"type": "string"}
    return {
        "post": {
            "summary": "A feedback change, signed with the Standard Webhooks scheme",
            "description": "Verify `webhook-signature` (`v1,` + base64 HMAC-SHA256 of "
            "`{webhook-id}.{webhook-timestamp}.{body}` keyed with the base64 part of your "
            "whsec_ secret), refuse stale timestamps, and drop a `webhook-id` you have seen. "
            "Answer 2xx; 429 and 5xx are retried with back-off, other 4xx park the event.",
            "parameters": [
                {"name": "webhook-id", "in": "header", "required": True, "schema": signed},
                {"name": "webhook-timestamp", "in": "header", "required": True, "schema": signed},
                {"name": "webhook-signature", "in": "header", "required": True, "schema": signed},
            ],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": schema_ref}},
            },
            "responses": {"200": {"description": "received"}, "204": {"description": "received"}},
        }
    }
