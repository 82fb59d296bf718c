"""Relay mode: an adapter posts an AI app's answer for it, with native feedback UI attached.

Each chat adapter that can relay puts a target in `APP_RELAYS` when it is mounted; the API
picks the target by the request's `platform` and knows nothing else about the platform.
A target checks the parts of `post` that only make sense on its platform (Slack blocks, the
shape of a thread id) and raises `RelayRefused` naming the field, before posting anything.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from aiohttp import web

from adapters.api.errors import json_error
from adapters.api.schemas import FieldError, OutputIn, RelayedOut
from bot.feedback.outputs import OutputService
from bot.records import MessageRef, OutputRegistration, Platform


class RelayRefused(Exception):
    """The post cannot be made for a reason the caller can fix; nothing was posted.

    `status`/`error` default to a 400 about a bad field; an unknown conversation is a 404,
    a conversation the app was removed from a 409, a platform that keeps throttling a 503.
    """

    def __init__(
        self,
        field: str,
        reason: str,
        *,
        status: int = 400,
        error: str = "invalid_request",
        retry_after: int | None = None,
    ) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason
        self.status = status
        self.error = error
        self.retry_after = retry_after


@dataclass(frozen=True)
class RelayPost:
    """What to post: `workspace`/`channel` as the caller named them, `thread` the message
    to answer (a Slack ts, a Teams activity id), `ref_id` our tag for the posted message."""

    workspace: str
    channel: str
    text: str
    blocks: list[dict[str, Any]] | None
    thread: str | None
    ref_id: str


class Relay(Protocol):
    async def relay(self, post: RelayPost) -> MessageRef:
        """Post the answer with feedback UI; the platform address of what was posted."""
        ...


APP_RELAYS = web.AppKey("relays", dict[Platform, Relay])


def find_relay(app: web.Application, platform: Platform) -> Relay | None:
    """At request time: the app is frozen, so read without creating anything."""
    return app.get(APP_RELAYS, {}).get(platform)


def relays_of(app: web.Application) -> dict[Platform, Relay]:
    """At mount time: the relays mounted so far, creating the table on first use."""
    found = app.get(APP_RELAYS)
    if found is None:
        found = {}
        app[APP_RELAYS] = found
    return found


async def relay_output(
    app: web.Application, body: OutputIn, outputs: OutputService
) -> web.Response:
    """Post the answer through the platform's relay target, then register what was posted.
    Registration comes last, so a refused post writes nothing."""
    assert body.post is not None
    relay = find_relay(app, body.platform)
    if relay is None:
        message = f"relay mode needs {body.platform.value} configured on this server"
        return json_error(
            409, "relay_unavailable", message, [FieldError(field="post", message=message)]
        )
    if body.trace_id is not None:
        # An AI app retrying after a timeout must not post the same answer twice.
        earlier = await outputs.find_relayed(
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
            RelayPost(
                workspace=body.workspace,
                channel=body.channel,
                text=body.post.text,
                blocks=body.post.blocks,
                thread=body.post.thread_ts,
                ref_id=body.trace_id or uuid.uuid4().hex,
            )
        )
    except RelayRefused as refused:
        return refusal(refused)
    recorded = await outputs.register(
        OutputRegistration(
            message=posted,
            assistant=body.assistant,
            use_case=body.use_case,
            trace_id=body.trace_id,
            posted_at=body.posted_at or datetime.now(UTC),
        ),
        relayed=True,
    )
    result = RelayedOut(
        id=recorded.id,
        created=recorded.created,
        channel=posted.channel,
        message_id=posted.message_id,
    )
    return web.json_response(result.model_dump(), status=201)


def refusal(refused: RelayRefused) -> web.Response:
    message = (
        f"invalid fields: {refused.field}"
        if refused.status == 400
        else f"{refused.field}: {refused.reason}"
    )
    headers = {"Retry-After": str(refused.retry_after)} if refused.retry_after else None
    return json_error(
        refused.status,
        refused.error,
        message,
        [FieldError(field=refused.field, message=refused.reason)],
        headers=headers,
    )
