"""Relay mode for Teams: post an AI app's answer with Teams' feedback loop and AI label.

The answer goes into a conversation we hold a reference for (a channel or group chat the app
was added to, or a person's 1:1 chat after they installed it): a bot cannot start a channel
conversation from nothing, so an unknown one is the caller's to fix.
"""

from __future__ import annotations

from datetime import datetime

from aiohttp import ClientError, ClientResponseError

from adapters.api.relay import RelayPost, RelayRefused
from adapters.teams.connector_errors import (
    GONE,
    ConversationUnreachable,
    Throttled,
    UnknownConversation,
    connector_code,
)
from adapters.teams.messenger import TeamsMessenger
from bot.feedback.relay import CannotTell, PostFailed, answer_message
from bot.records import MessageRef

# What to tell a caller who keeps getting 503s: the messenger already waited this long.
RETRY_AFTER_SECONDS = 30


class TeamsRelay:
    def __init__(self, messenger: TeamsMessenger) -> None:
        self._messenger = messenger

    async def relay(self, post: RelayPost) -> MessageRef:
        # The request model already refused Block Kit for Teams (schemas.OutputIn).
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
            if error.status == 413:
                raise RelayRefused("post.text", "too long for a Teams message") from None
            if error.status >= 500:
                raise PostFailed(connector_code(error)) from None  # it may have been posted
            if error.status not in GONE:
                raise RelayRefused(
                    "post",
                    f"Teams refused the post: {connector_code(error)}",
                    status=503,
                    error="platform_refused",
                    retry_after=RETRY_AFTER_SECONDS,
                ) from None
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
        except (ClientError, TimeoutError) as error:
            raise PostFailed(type(error).__name__) from None

    async def find_relayed(self, post: RelayPost, since: datetime) -> MessageRef | None:
        """The Bot Connector cannot list a conversation's messages, so an attempt interrupted
        mid-post cannot be checked: the API answers 409 and the caller decides."""
        raise CannotTell("Teams has no message history for bots")
