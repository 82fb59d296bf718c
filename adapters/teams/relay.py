"""Relay mode for Teams: post an AI app's answer with Teams' feedback loop and AI label.

The answer goes into a conversation we hold a reference for (a channel or group chat the app
was added to, or a person's 1:1 chat after they installed it): a bot cannot start a channel
conversation from nothing, so an unknown one is the caller's to fix.
"""

from __future__ import annotations

from aiohttp import ClientResponseError

from adapters.api.relay import RelayPost, RelayRefused
from adapters.teams.connector_errors import (
    GONE,
    ConversationUnreachable,
    Throttled,
    UnknownConversation,
    connector_code,
)
from adapters.teams.messenger import TeamsMessenger
from bot.feedback.relay import answer_message
from bot.records import MessageRef

# What to tell a caller who keeps getting 503s: the messenger already waited this long.
RETRY_AFTER_SECONDS = 30


class TeamsRelay:
    def __init__(self, messenger: TeamsMessenger) -> None:
        self._messenger = messenger

    async def relay(self, post: RelayPost) -> MessageRef:
        if post.blocks:
            raise RelayRefused("post.blocks", "Block Kit is Slack's; on Teams send `text` only")
        try:
            return await self._messenger.post_to_channel(
                post.workspace,
                post.channel,
                answer_message(post.text, post.ref_id),
                thread=post.thread,
            )
        except ConversationUnreachable as unreachable:
            raise RelayRefused(
                "channel",
                f"nothing was posted: {unreachable}",
                status=409,
                error="unreachable",
            ) from None
        except UnknownConversation:
            raise RelayRefused(
                "channel",
                "no Teams conversation with this id in this tenant: add the app to the channel "
                "or chat (for a 1:1 chat, the person installs it) and use that conversation id",
                status=404,
                error="unknown_conversation",
            ) from None
        except ClientResponseError as error:
            if error.status not in GONE:
                raise
            raise RelayRefused(
                "channel",
                f"Teams refused the post: {connector_code(error)}; the app may have been removed",
                status=409,
                error="unreachable",
            ) from None
        except Throttled:
            raise RelayRefused(
                "post",
                "Teams is throttling this bot; nothing was posted, try again later",
                status=503,
                error="throttled",
                retry_after=RETRY_AFTER_SECONDS,
            ) from None
