"""Relay mode: an adapter posts an AI app's answer for it, with native feedback UI attached.

Each chat adapter that can relay puts a target in `APP_RELAYS` when it is mounted; the API
picks the target by the request's `platform` and knows nothing else about the platform.
A target checks the parts of `post` that only make sense on its platform (Slack blocks, the
shape of a thread id) and raises `RelayRefused` naming the field, before posting anything.
Posting once per key (Idempotency-Key, else trace_id) is bot/feedback/idempotent_relay's.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from aiohttp import web

from adapters.api.errors import json_error
from adapters.api.schemas import FieldError, OutputIn, RelayedOut
from bot.feedback.idempotent_relay import IdempotentRelay
from bot.feedback.relay import (
    InFlight,
    KeyReused,
    NotPosted,
    OutcomeUnknown,
    PostFailed,
    Relayed,
    RelayRequest,
)
from bot.records import MessageRef, Platform

IDEMPOTENCY_KEY = "Idempotency-Key"
# After a post the platform did not confirm: by then Groundswell can look for it.
UNCONFIRMED_RETRY_AFTER = 5


class RelayRefused(NotPosted):
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
        """Post the answer with feedback UI; the platform address of what was posted.
        Raises RelayRefused (nothing posted) or PostFailed (not confirmed)."""
        ...

    async def find_relayed(self, post: RelayPost, since: datetime) -> MessageRef | None:
        """The message posted for `post.ref_id` after `since`, if there is one; raises
        CannotTell where the platform cannot look back."""
        ...


@dataclass(frozen=True)
class PlatformPoster:
    """One relay request bound to its platform's target (bot.feedback.relay.Poster)."""

    target: Relay
    asked: RelayPost

    async def post(self, ref_id: str) -> MessageRef:
        return await self.target.relay(replace(self.asked, ref_id=ref_id))

    async def find_posted(self, ref_id: str, since: datetime) -> MessageRef | None:
        return await self.target.find_relayed(replace(self.asked, ref_id=ref_id), since)


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
    app: web.Application, body: OutputIn, key: str | None, relays: IdempotentRelay
) -> web.Response:
    """Post the answer through the platform's relay target, then register what was posted."""
    assert body.post is not None
    target = find_relay(app, body.platform)
    if target is None:
        message = f"relay mode needs {body.platform.value} configured on this server"
        return json_error(
            409, "relay_unavailable", message, [FieldError(field="post", message=message)]
        )
    post = RelayPost(
        workspace=body.workspace,
        channel=body.channel,
        text=body.post.text,
        blocks=body.post.blocks,
        thread=body.post.thread_ts,
        ref_id="",
    )
    request = RelayRequest(
        platform=body.platform,
        tenant=body.workspace,
        channel=body.channel,
        key=scoped_key(key, body.trace_id),
        fingerprint=fingerprint(body),
        assistant=body.assistant,
        use_case=body.use_case,
        trace_id=body.trace_id,
        posted_at=body.posted_at,
    )
    try:
        outcome = await relays.relay(request, PlatformPoster(target, post))
    except RelayRefused as refused:
        return refusal(refused)
    except PostFailed:
        return unconfirmed(keyed=request.key is not None)
    key_field = IDEMPOTENCY_KEY if key is not None else "trace_id"
    if isinstance(outcome, Relayed):
        result = RelayedOut(
            id=outcome.output_id,
            created=outcome.created,
            channel=outcome.message.channel,
            message_id=outcome.message.message_id,
        )
        return web.json_response(result.model_dump(), status=201 if outcome.created else 200)
    if isinstance(outcome, InFlight):
        return conflict(
            "relay_in_progress",
            key_field,
            "a relay with this key is being posted; ask again to get its result",
            retry_after=outcome.retry_after,
        )
    if isinstance(outcome, KeyReused):
        return conflict(
            "idempotency_key_reused",
            key_field,
            "already used for a different answer or thread; use a new key",
        )
    assert isinstance(outcome, OutcomeUnknown)
    return conflict(
        "relay_outcome_unknown",
        key_field,
        "an earlier attempt with this key was interrupted while posting and this platform "
        "cannot tell whether it arrived; check the conversation, and use a new key to post "
        "again",
    )


def scoped_key(header: str | None, trace_id: str | None) -> str | None:
    """The relay's idempotency key, marked with where it came from."""
    if header is not None:
        return f"key:{header}"
    return f"trace:{trace_id}" if trace_id is not None else None


def fingerprint(body: OutputIn) -> str:
    """What is posted and where to: a key used again must ask for the same."""
    assert body.post is not None
    asked: dict[str, Any] = body.post.model_dump(mode="json")
    return hashlib.sha256(json.dumps(asked, sort_keys=True).encode()).hexdigest()


def conflict(error: str, field: str, message: str, retry_after: int | None = None) -> web.Response:
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return json_error(
        409, error, f"{field}: {message}", [FieldError(field=field, message=message)], headers
    )


def unconfirmed(*, keyed: bool) -> web.Response:
    message = "the platform did not confirm the post; " + (
        "ask again with the same key: Groundswell looks for it before posting again"
        if keyed
        else "it may have arrived, and without an Idempotency-Key or trace_id asking again "
        "posts it again"
    )
    return json_error(
        503,
        "relay_unconfirmed",
        message,
        [FieldError(field="post", message=message)],
        headers={"Retry-After": str(UNCONFIRMED_RETRY_AFTER)},
    )


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
