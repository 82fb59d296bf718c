"""The Messenger for Teams: proactive 1:1 messages, channel posts and card updates from the
conversation references stored at first contact.

A conversation the app was removed from, or a reference whose service URL is not allowed,
fails at once as unreachable: the connector is not called.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiohttp import ClientResponseError
from microsoft_agents.activity import Activity, ConversationReference

from adapters.teams.connector_errors import (
    GONE,
    ConversationUnreachable,
    Throttled,
    UnknownConversation,
    connector_code,
    retry_after,
)
from adapters.teams.gateway import Gateway, reference_from, reference_json
from adapters.teams.render import render_outgoing
from adapters.teams.service_urls import ServiceUrlRefused
from bot.chat.messenger import Outgoing, Unreachable
from bot.people.conversations import ConversationService
from bot.people.service import PeopleService
from bot.records import MessageRef, PersonRef, Place, Platform

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_ATTEMPTS = 4


class TeamsMessenger:
    def __init__(
        self,
        gateway: Gateway,
        people: PeopleService,
        conversations: ConversationService,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._gateway = gateway
        self._people = people
        self._conversations = conversations
        self._sleep = sleep
        # One pause shared by every send: a 429 slows the whole sender, not one message.
        self._paused_until = 0.0

    async def send_dm(self, person: PersonRef, message: Outgoing) -> MessageRef:
        return await self.deliver_dm(person, render_outgoing(message))

    async def deliver_dm(self, person: PersonRef, activity: Activity) -> MessageRef:
        """Post a ready-made activity in the person's 1:1 chat, opening it if needed."""
        stored = await self._people.conversation_ref(person)
        if stored is None:
            raise Unreachable(person, "no conversation reference: the app is not installed")
        reference = reference_from(stored)
        try:
            if (reference.conversation.conversation_type or "personal") != "personal":
                reference = await self._open_personal(person, reference)
            elif await self._removed_from(person.tenant, reference.conversation.id):
                raise Unreachable(person, "the app was removed from their chat")
            sent = await self._throttled(lambda: self._gateway.send(reference, activity))
        except ClientResponseError as error:
            if error.status in GONE:
                raise Unreachable(person, connector_code(error)) from None
            raise
        except ServiceUrlRefused as refused:
            raise Unreachable(person, str(refused)) from None
        return MessageRef(
            platform=Platform.TEAMS,
            tenant=person.tenant,
            channel=reference.conversation.id,
            message_id=sent,
        )

    async def post_to_channel(
        self, tenant: str, channel: str, message: Outgoing, *, thread: str | None = None
    ) -> MessageRef:
        return await self.post_activity(tenant, channel, render_outgoing(message), thread=thread)

    async def post_activity(
        self, tenant: str, channel: str, activity: Activity, *, thread: str | None = None
    ) -> MessageRef:
        """Post into a stored channel or chat; `thread` is the message to answer under."""
        reference = await self._reference(tenant, channel)
        if thread and reference.conversation.conversation_type == "channel":
            # A reply in a channel thread is posted to "<channel>;messageid=<root id>".
            reference = reference.model_copy(deep=True)
            reference.conversation.id = f"{channel};messageid={thread}"
        elif thread:
            # Chats have no threads: the connector's reply-to call (POST …/activities/<id>).
            activity = activity.model_copy()
            activity.reply_to_id = thread
        sent = await self._throttled(lambda: self._gateway.send(reference, activity))
        return MessageRef(platform=Platform.TEAMS, tenant=tenant, channel=channel, message_id=sent)

    async def update_message(self, ref: MessageRef, message: Outgoing) -> None:
        reference = await self._reference(ref.tenant, ref.channel)
        activity = render_outgoing(message)
        activity.id = ref.message_id
        await self._throttled(lambda: self._gateway.update(reference, activity))

    async def post_ephemeral(self, person: PersonRef, place: Place, message: Outgoing) -> None:
        # Teams has no "only you can see this" messages; the 1:1 chat is the private place.
        await self.send_dm(person, message)

    async def find_sent(self, person: PersonRef, ref_id: str) -> MessageRef | None:
        # The Bot Connector cannot read a chat's history back: after a crash mid-send the
        # message is sent again (at least once, rather than maybe never).
        return None

    async def send_activity(self, ref: MessageRef, activity: Activity) -> str:
        """Post a ready-made activity into a stored conversation (replies, confirmations)."""
        reference = await self._reference(ref.tenant, ref.channel)
        return await self._throttled(lambda: self._gateway.send(reference, activity))

    async def _reference(self, tenant: str, conversation: str) -> ConversationReference:
        stored = await self._conversations.reference(
            platform=Platform.TEAMS, tenant=tenant, conversation_id=conversation
        )
        if stored is None:
            raise UnknownConversation("no stored reference for that Teams conversation")
        if await self._removed_from(tenant, conversation):
            raise ConversationUnreachable("the app was removed from that Teams conversation")
        reference = reference_from(stored)
        try:
            self._gateway.check(reference.service_url)
        except ServiceUrlRefused as refused:
            raise ConversationUnreachable(str(refused)) from None
        return reference

    async def _removed_from(self, tenant: str, conversation: str) -> bool:
        removed = await self._conversations.unreachable_since(
            platform=Platform.TEAMS, tenant=tenant, conversation_id=conversation
        )
        return removed is not None

    async def _open_personal(
        self, person: PersonRef, known: ConversationReference
    ) -> ConversationReference:
        """We only met them in a channel: open the 1:1 chat, and keep it for next time."""
        bot_id = known.agent.id if known.agent else ""
        reference = await self._throttled(
            lambda: self._gateway.open_personal(
                service_url=known.service_url or "",
                tenant=person.tenant,
                user_id=person.user_id,
                bot_id=bot_id,
            )
        )
        data = reference_json(reference)
        await self._people.see(person, conversation_ref=data)
        await self._conversations.remember(
            platform=Platform.TEAMS,
            tenant=person.tenant,
            conversation_id=reference.conversation.id,
            kind="personal",
            reference=data,
        )
        return reference

    async def _throttled(self, call: Callable[[], Awaitable[T]]) -> T:
        """Run a connector call, waiting out every 429's Retry-After (shared, capped)."""
        for _attempt in range(MAX_ATTEMPTS):
            wait = self._paused_until - time.monotonic()
            if wait > 0:
                await self._sleep(wait)
            try:
                return await call()
            except ClientResponseError as error:
                if error.status != 429:
                    raise
                pause = retry_after(error.headers)
                log.warning("Teams throttled us (429); pausing sends for %.1f s", pause)
                self._paused_until = max(self._paused_until, time.monotonic() + pause)
        raise Throttled(f"still throttled after {MAX_ATTEMPTS} attempts")
