"""Relay mode for Slack: post an AI app's answer with native feedback buttons attached."""

from __future__ import annotations

import logging
from datetime import datetime

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError, SlackClientError

from adapters.api.relay import RelayPost, RelayRefused
from adapters.slack.blocks import render_feedback_buttons, render_sections
from adapters.slack.deps import SlackDeps
from bot.chat.messenger import Outgoing
from bot.feedback.relay import LEASE, CannotTell, PostFailed
from bot.records import MessageRef

log = logging.getLogger(__name__)

# Slack errors the caller can fix, and the request field each one is about.
CALLER_ERRORS = {
    "channel_not_found": "channel",
    "not_in_channel": "channel",
    "is_archived": "channel",
    "invalid_blocks": "post.blocks",
    "invalid_blocks_format": "post.blocks",
    "msg_too_long": "post.text",
    "thread_not_found": "post.thread_ts",
    "invalid_thread_ts": "post.thread_ts",
}
# Slack answered, but whether the message went out is not known (or it is still retrying).
UNCERTAIN_ERRORS = frozenset(
    {"fatal_error", "internal_error", "service_unavailable", "request_timeout", "ratelimited"}
)
# Any other answer from Slack is a refusal to fix on our side (a revoked token, a scope).
REFUSED_RETRY_AFTER = 60


class SlackRelay:
    def __init__(self, deps: SlackDeps) -> None:
        self._deps = deps

    async def relay(self, post: RelayPost) -> MessageRef:
        # The request model already checked the thread is a Slack ts (schemas.OutputIn).
        # The app's own blocks (or its text as sections), then our feedback buttons.
        shown = list(post.blocks) if post.blocks else render_sections(post.text)
        shown.append(render_feedback_buttons())
        message = Outgoing(kind="relay", ref_id=post.ref_id, text=post.text, ai_generated=True)
        try:
            return await self._deps.messenger.post_blocks(
                post.workspace, post.channel, message, blocks=shown, thread=post.thread
            )
        except SlackApiError as error:
            code = str(error.response.get("error", ""))
            if code in CALLER_ERRORS:
                raise RelayRefused(CALLER_ERRORS[code], f"Slack refused the post: {code}") from None
            if code in UNCERTAIN_ERRORS:
                raise PostFailed(code) from None
            raise RelayRefused(
                "post",
                f"Slack refused the post: {code}",
                status=503,
                error="platform_refused",
                retry_after=REFUSED_RETRY_AFTER,
            ) from None
        except (SlackClientError, ClientError, TimeoutError) as error:
            raise PostFailed(type(error).__name__) from None

    async def find_relayed(self, post: RelayPost, since: datetime) -> MessageRef | None:
        """Look in the channel (or the thread) from shortly before the first attempt's claim
        to well after its lease, for the message carrying this relay's ref_id."""
        oldest = since.timestamp()
        window = (oldest, oldest + 2 * LEASE.total_seconds())
        try:
            return await self._deps.messenger.find_by_ref(
                post.workspace, post.channel, post.ref_id, thread=post.thread, window=window
            )
        except SlackApiError as error:
            # e.g. missing_scope: the app may not read this conversation's history.
            code = str(error.response.get("error", ""))
            log.warning("cannot look for an interrupted relay in Slack (%s)", code)
            raise CannotTell(code) from None
        except (SlackClientError, ClientError, TimeoutError) as error:
            raise PostFailed(type(error).__name__) from None
