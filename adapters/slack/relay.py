"""Relay mode for Slack: post an AI app's answer with native feedback buttons attached."""

from __future__ import annotations

import re
from typing import Any

from slack_sdk.errors import SlackApiError

from adapters.api.relay import RelayRefused
from adapters.slack.blocks import render_feedback_buttons, render_section
from adapters.slack.deps import SlackDeps
from bot.messenger import Outgoing
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

    async def relay(
        self,
        *,
        workspace: str,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None,
        thread: str | None,
        ref_id: str,
    ) -> MessageRef:
        if thread is not None and not SLACK_TS.fullmatch(thread):
            raise RelayRefused("post.thread_ts", "must be a Slack ts such as 1700000000.000100")
        # The app's own blocks (or its text as one section), then our feedback buttons.
        shown = list(blocks) if blocks else [render_section(text)]
        shown.append(render_feedback_buttons())
        message = Outgoing(kind="relay", ref_id=ref_id, text=text, ai_generated=True)
        try:
            return await self._deps.messenger.post_blocks(
                workspace, channel, message, blocks=shown, thread=thread
            )
        except SlackApiError as error:
            code = str(error.response.get("error", ""))
            if code in CALLER_ERRORS:
                raise RelayRefused(CALLER_ERRORS[code], f"Slack refused the post: {code}") from None
            raise
