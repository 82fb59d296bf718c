"""Slack requests through the durable inbox (bot/chat/inbox.py).

`SlackReceiver.receive` stores what Slack sent, then dispatches it to Bolt; the response
(the ack) leaves only after the store is committed. A listener `take`s its item and its work
runs on the work queue after the ack; the item is deleted when that work is done. Anything
still stored after a crash is replayed through Bolt by the sweeper, with the same listeners.

Events nobody subscribed to are answered 200 and not stored: a non-2xx makes Slack retry,
and, where failures dominate, switch the app's event subscriptions off.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters.failures import log_failure
from adapters.slack.translate import extract_common, first_action, person_of, text_at
from adapters.slack.work import WorkQueue
from bot.chat.inbox import MAX_ATTEMPTS, Inbox, NewItem
from bot.records import InboxItem, Platform

log = logging.getLogger(__name__)

HANDLED_EVENTS = frozenset(
    {"reaction_added", "reaction_removed", "app_home_opened", "app_uninstalled", "tokens_revoked"}
)
INTERACTIVE = frozenset({"block_actions", "view_submission", "message_action", "shortcut"})
# Context keys a listener reads: which item it works, when it arrived, whether it is a replay.
INBOX_ID = "groundswell_inbox_id"
RECEIVED_AT = "groundswell_received_at"
TAKEN = "groundswell_inbox_taken"
SOCKET_MODE = "application/json; socket-mode"
SWEEP_SECONDS = 5.0

Dropped = Callable[[str], None]


class Expired(Exception):
    """The work needed something Slack only honours briefly (a trigger_id, a response_url)."""


@dataclass(frozen=True)
class Arrival:
    kind: str
    key: str


def classify(body: Mapping[str, Any]) -> Arrival | None:
    """What to store, under which platform id; None for what no listener works on."""
    kind = body.get("type")
    if kind == "event_callback":
        event = body.get("event")
        event_type = event.get("type") if isinstance(event, dict) else None
        event_id = text_at(body, "event_id")
        if event_type in HANDLED_EVENTS and event_id:
            return Arrival(kind=str(event_type), key=event_id)
        return None
    if kind in INTERACTIVE:
        # Slack does not redeliver interactions, so the key only has to tell them apart:
        # the trigger, the click's time, the view, whichever the payload has.
        parts = (
            text_at(body, "trigger_id"),
            text_at(first_action(dict(body)), "action_ts"),
            text_at(body, "view", "id"),
            text_at(body, "user", "id"),
        )
        return Arrival(kind=str(kind), key=":".join([str(kind), *(p or "" for p in parts)]))
    if "command" in body and text_at(body, "trigger_id"):
        return Arrival(kind="command", key=f"command:{text_at(body, 'trigger_id')}")
    return None


def parse_body(raw: str) -> dict[str, Any] | None:
    """The payload as Bolt will see it: a JSON envelope, an interactivity form's `payload`,
    or a slash command's form fields. The guard has already refused malformed ones."""
    from urllib.parse import parse_qsl

    try:
        if raw.lstrip().startswith("{"):
            parsed = json.loads(raw)
            return parsed if isinstance(parsed, dict) else None
        fields = dict(parse_qsl(raw, keep_blank_values=True))
        if "payload" in fields:
            parsed = json.loads(fields["payload"])
            return parsed if isinstance(parsed, dict) else None
        return fields
    except (ValueError, RecursionError):
        return None


def bolt_readable(raw: str | dict[str, Any]) -> str | dict[str, Any]:
    """Bolt 1.30 takes any form body that merely *contains* the word "payload" for an
    interactivity payload, and reads `/groundswell win fixed the payload` as nothing. In a
    form with no `payload` field the word only occurs inside values, where percent-encoding
    one letter changes nothing that Bolt decodes (the signature was checked on the original)."""
    if isinstance(raw, dict) or raw.lstrip().startswith("{") or "payload" not in raw:
        return raw
    if raw.startswith("payload=") or "&payload=" in raw:
        return raw
    return raw.replace("payload", "%70ayload")


class InboxWork:
    """The listener's side: take the item, run its work after the ack, then delete it."""

    def __init__(self, inbox: Inbox, queue: WorkQueue, dropped: Dropped) -> None:
        self._inbox = inbox
        self._queue = queue
        self._dropped = dropped

    async def take(
        self, context: Any, work: Callable[[], Awaitable[None]], key: str | None = None
    ) -> None:
        item_id = context.get(INBOX_ID)
        context[TAKEN] = True

        async def job() -> None:
            try:
                await work()
            except Expired:
                self._dropped("expired")
            except Exception as error:
                # Left in the inbox: the sweeper retries it once its claim runs out.
                log_failure(log, "Slack work item", error)
                return
            if item_id is not None:
                await self._inbox.finish(item_id)

        await self._queue.submit(job, key)

    @staticmethod
    def require_fresh(context: Any, ttl: timedelta) -> None:
        """Raise Expired when the request is older than what Slack still honours."""
        received = context.get(RECEIVED_AT)
        if isinstance(received, datetime) and datetime.now(UTC) - received > ttl:
            raise Expired()


class SlackReceiver:
    def __init__(
        self, bolt: AsyncApp, inbox: Inbox, *, single_process: bool, dropped: Dropped
    ) -> None:
        self.bolt = bolt
        self._inbox = inbox
        self._single_process = single_process
        self._dropped = dropped
        self._sweeper: asyncio.Task[None] | None = None

    async def receive(
        self,
        body: dict[str, Any],
        *,
        raw: str | dict[str, Any],
        headers: Mapping[str, str | Sequence[str]],
        content_type: str,
        query: str = "",
    ) -> BoltResponse:
        """Store, then dispatch; `raw` is what Bolt parses (the HTTP body, or the Socket
        Mode payload as a dict)."""
        arrival = classify(body)
        if arrival is None:
            if body.get("type") == "url_verification" or "ssl_check" in body:
                return await self._dispatch(raw, headers, query, {})
            return BoltResponse(status=200, body="")
        person = person_of(extract_common(body))
        stored = raw if isinstance(raw, str) else json.dumps(raw)
        item_id = await self._inbox.store(
            NewItem(
                platform=Platform.SLACK,
                key=arrival.key[:255],
                kind=arrival.kind,
                tenant=person.tenant if person else None,
                user_id=person.user_id if person else None,
                body=stored,
                content_type=content_type[:100],
            )
        )
        if item_id is None:
            return BoltResponse(status=200, body="")  # a redelivery of what we already hold
        context = {INBOX_ID: item_id, RECEIVED_AT: datetime.now(UTC)}
        return await self._dispatch_item(item_id, raw, headers, query, context)

    async def replay(self, item: InboxItem) -> None:
        socket = item.content_type == SOCKET_MODE
        raw: str | dict[str, Any] = json.loads(item.body) if socket else item.body
        context = {INBOX_ID: item.id, RECEIVED_AT: item.received_at}
        headers = {"content-type": ["application/json" if socket else item.content_type]}
        await self._dispatch_item(item.id, raw, headers, "", context)

    async def _dispatch_item(
        self,
        item_id: int,
        raw: str | dict[str, Any],
        headers: Mapping[str, str | Sequence[str]],
        query: str,
        context: dict[str, Any],
    ) -> BoltResponse:
        request = self._request(raw, headers, query, context)
        response = await self.bolt.async_dispatch(request)
        if not request.context.get(TAKEN):
            # Worked before the ack (a command, a form), or nothing took it: done.
            await self._inbox.finish(item_id)
        return response

    async def _dispatch(
        self,
        raw: str | dict[str, Any],
        headers: Mapping[str, str | Sequence[str]],
        query: str,
        context: dict[str, Any],
    ) -> BoltResponse:
        return await self.bolt.async_dispatch(self._request(raw, headers, query, context))

    @staticmethod
    def _request(
        raw: str | dict[str, Any],
        headers: Mapping[str, str | Sequence[str]],
        query: str,
        context: dict[str, Any],
    ) -> AsyncBoltRequest:
        return AsyncBoltRequest(
            body=bolt_readable(raw),
            query=query,
            headers=dict(headers),
            context=context,
            mode="http" if isinstance(raw, str) else "socket_mode",
        )

    def start(self) -> None:
        self._sweeper = asyncio.create_task(self._sweep_forever())

    async def stop(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
            self._sweeper = None

    async def sweep_once(self) -> int:
        """Replay what nobody is working on; the number of items taken."""
        items = await self._inbox.claim_stale(Platform.SLACK)
        for item in items:
            if item.attempts > MAX_ATTEMPTS:
                await self._inbox.finish(item.id)
                self._dropped("failed")
                log.warning("dropped a Slack %s after %d attempts", item.kind, MAX_ATTEMPTS)
                continue
            try:
                await self.replay(item)
            except Exception as error:
                log_failure(log, "Slack inbox replay", error)
        return len(items)

    async def _sweep_forever(self) -> None:
        failing = False
        if self._single_process:
            with contextlib.suppress(Exception):
                # One process on this database: claims left by a crashed run are void.
                await self._inbox.release_all(Platform.SLACK)
        while True:
            try:
                taken = await self.sweep_once()
                failing = False
            except Exception as error:
                if not failing:
                    log.warning("Slack inbox sweep failed (%s)", type(error).__name__)
                failing = True
                taken = 0
            await asyncio.sleep(0 if taken else SWEEP_SECONDS)
