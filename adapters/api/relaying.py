"""POST /api/v1/outputs with `post`: have a chat adapter post the answer, then register it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from aiohttp import web

from adapters.api.errors import json_error
from adapters.api.relay import RelayRefused, find_relay
from adapters.api.schemas import FieldError, OutputIn, RelayedOut
from bot.records import OutputRegistration
from bot.services import Services


async def relay_output(app: web.Application, services: Services, body: OutputIn) -> web.Response:
    """Post the answer through the platform's adapter, then register what was posted."""
    assert body.post is not None
    relay = find_relay(app, body.platform)
    if relay is None:
        message = f"relay mode needs {body.platform.value} configured on this server"
        return json_error(
            409, "relay_unavailable", message, [FieldError(field="post", message=message)]
        )
    if body.trace_id is not None:
        # An AI app retrying after a timeout must not post the same answer twice.
        earlier = await services.outputs.find_relayed(
            platform=body.platform.value,
            tenant=body.workspace,
            channel=body.channel,
            trace_id=body.trace_id,
        )
        if earlier is not None:
            again = RelayedOut(
                id=earlier.id,
                created=False,
                channel=earlier.message.channel,
                message_id=earlier.message.message_id,
            )
            return web.json_response(again.model_dump(), status=200)
    try:
        posted = await relay.relay(
            workspace=body.workspace,
            channel=body.channel,
            text=body.post.text,
            blocks=body.post.blocks,
            thread=body.post.thread_ts,
            ref_id=body.trace_id or uuid.uuid4().hex,
        )
    except RelayRefused as refused:
        return json_error(
            400,
            "invalid_request",
            f"invalid fields: {refused.field}",
            [FieldError(field=refused.field, message=refused.reason)],
        )
    registration = OutputRegistration(
        message=posted,
        assistant=body.assistant,
        use_case=body.use_case,
        trace_id=body.trace_id,
        posted_at=body.posted_at or datetime.now(UTC),
    )
    recorded = await services.outputs.register(registration, relayed=True)
    result = RelayedOut(
        id=recorded.id,
        created=recorded.created,
        channel=posted.channel,
        message_id=posted.message_id,
    )
    return web.json_response(result.model_dump(), status=201)
