"""Relay mode for Slack: post an AI app's answer with native feedback buttons attached."""

from __future__ import annotations

import re

from slack_sdk.errors import SlackApiError

from adapters.api.relay import RelayPost, RelayRefused
from adapters.slack.blocks import render_feedback_buttons, render_sections
from adapters.slack.deps import SlackDeps
from bot.chat.messenger import Outgoing
from bot.records import MessageRef

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


SLACK_TS = re.compile(r"\d{1,12}\.\d{1,8}")


class SlackRelay:
    def __init__(self, deps: SlackDeps) -> None:
        self._deps = deps

    async def relay(self, post: RelayPost) -> MessageRef:
        if post.thread is not None and not SLACK_TS.fullmatch(post.thread):
            raise RelayRefused("post.thread_ts", "must be a Slack ts such as 1700000000.000100")
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
            raise
