"""SlackMessenger: the domain's Messenger protocol over Slack's Web API."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.failures import log_failure
from adapters.slack.blocks import metadata_for, render_outgoing
from adapters.slack.digest_blocks import is_digest, render_digest
from adapters.slack.history import Window, find_tagged
from adapters.slack.pacer import POST_MESSAGE_PACER, Pacer
from adapters.slack.refusals import slack_failure, unreachable
from bot.chat.messenger import Attachment, Outgoing
from bot.records import MessageRef, PersonRef, Place, Platform

log = logging.getLogger(__name__)

# Resolves the bot token for a workspace: fixed in single-workspace mode, from the
# installation store in OAuth mode.
TokenFor = Callable[[str], Awaitable[str | None]]

# chat.postEphemeral errors that mean "not here", where the person's DM still works.
EPHEMERAL_REFUSALS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "user_not_in_channel",
        "is_archived",
        "restricted_action",
    }
)


class SlackMessenger:
    """Implements bot.chat.messenger.Messenger. The client carries base_url and retry handlers
    (429 → sleeps Retry-After, then retries)."""

    def __init__(
        self, client: AsyncWebClient, token_for: TokenFor, pacer: Pacer = POST_MESSAGE_PACER
    ) -> None:
        self._client = client
        self._token_for = token_for
        self._pacer = pacer

    @property
    def token_for(self) -> TokenFor:
        """Other Web API readers (a channel's members) use the same tokens."""
        return self._token_for

    async def send_dm(self, person: PersonRef, message: Outgoing) -> MessageRef:
        # chat.postMessage to a user id posts in the bot's DM with them: no conversations.open
        # (Tier 3, ~50 a minute), which would otherwise cap a survey fan-out near one a second.
        try:
            return await self.post_to_channel(person.tenant, person.user_id, message)
        except SlackApiError as error:
            raise slack_failure(person, error) from None

    async def post_to_channel(
        self, tenant: str, channel: str, message: Outgoing, *, thread: str | None = None
    ) -> MessageRef:
        blocks = render_digest(message) if is_digest(message) else render_outgoing(message)
        posted = await self.post_blocks(tenant, channel, message, blocks=blocks, thread=thread)
        if message.attachment is not None:
            await self.share_in_thread(posted, message.attachment)
        return posted

    async def share_in_thread(self, posted: MessageRef, attachment: Attachment) -> None:
        """The message's file (the digest's HTML report) in its thread. The message is out:
        a failed upload is logged, never a reason to post the message again."""
        try:
            await self._client.files_upload_v2(
                token=await self._token(posted.tenant),
                channel=posted.channel,
                thread_ts=posted.message_id,
                content=attachment.content,
                filename=attachment.filename,
                title=attachment.filename,
            )
        except (SlackApiError, OSError) as error:
            log_failure(log, "Slack file upload", error)

    async def post_blocks(
        self,
        tenant: str,
        channel: str,
        message: Outgoing,
        *,
        blocks: list[dict[str, object]],
        thread: str | None = None,
    ) -> MessageRef:
        """Post with given blocks (relay mode passes the AI app's own) plus our metadata."""
        token = await self._token(tenant)
        await self._pacer.wait_turn()
        posted = await self._client.chat_postMessage(
            token=token,
            channel=channel,
            text=message.text,
            blocks=blocks,
            thread_ts=thread,
            metadata=metadata_for(message),
        )
        return MessageRef(
            platform=Platform.SLACK,
            tenant=tenant,
            channel=str(posted["channel"]),
            message_id=str(posted["ts"]),
        )

    async def update_message(self, ref: MessageRef, message: Outgoing) -> None:
        await self._client.chat_update(
            token=await self._token(ref.tenant),
            channel=ref.channel,
            ts=ref.message_id,
            text=message.text,
            blocks=render_outgoing(message),
            metadata=metadata_for(message),
        )

    async def post_ephemeral(self, person: PersonRef, place: Place, message: Outgoing) -> None:
        """Privately in the channel, with the token of the installation that sees it (in a
        Slack Connect channel the person may belong to another organisation); in their DM
        when the channel refuses us (a conversation the bot is not a member of)."""
        try:
            await self._client.chat_postEphemeral(
                token=await self._token(place.tenant),
                channel=place.channel,
                user=person.user_id,
                text=message.text,
                blocks=render_outgoing(message),
            )
            return
        except SlackApiError as error:
            code = str(error.response.get("error", ""))
            if code not in EPHEMERAL_REFUSALS:
                raise
            log.info("ephemeral refused (%s); using a DM", code)
        await self.send_dm(person, message)

    async def find_sent(self, person: PersonRef, ref_id: str) -> MessageRef | None:
        """Our message with this ref_id in the person's DM, from its recent history: every
        message we post carries it in its metadata."""
        token = await self._token(person.tenant)
        try:
            opened = await self._client.conversations_open(token=token, users=person.user_id)
            channel = str(opened["channel"]["id"])
            history = await self._client.conversations_history(
                token=token, channel=channel, limit=50, include_all_metadata=True
            )
        except SlackApiError as error:
            raise slack_failure(person, error) from None
        for message in history.get("messages") or []:
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if payload.get("ref_id") == ref_id:
                return MessageRef(
                    platform=Platform.SLACK,
                    tenant=person.tenant,
                    channel=channel,
                    message_id=str(message.get("ts")),
                )
        return None

    async def upload_to_dm(
        self, person: PersonRef, *, filename: str, content: bytes, comment: str
    ) -> None:
        """A file in the person's DM (files.uploadV2: get URL, upload, complete)."""
        token = await self._token(person.tenant)
        try:
            opened = await self._client.conversations_open(token=token, users=person.user_id)
        except SlackApiError as error:
            raise unreachable(person, error) from None
        await self._client.files_upload_v2(
            token=token,
            channel=str(opened["channel"]["id"]),
            content=content,
            filename=filename,
            title=filename,
            initial_comment=comment,
        )

    async def find_by_ref(
        self, tenant: str, channel: str, ref_id: str, *, thread: str | None, window: Window
    ) -> MessageRef | None:
        """Our message tagged `ref_id` (see metadata_for) posted in the channel, or in the
        thread's replies, within the window: how a restarted process finds what it sent.
        Needs the conversation type's *:history scope; SlackApiError otherwise."""
        token = await self._token(tenant)
        return await find_tagged(self._client, token, tenant, channel, ref_id, thread, window)

    async def _token(self, tenant: str) -> str | None:
        return await self._token_for(tenant)
