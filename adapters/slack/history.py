"""Finding a message of ours again in a channel's history or a thread's replies, by the
ref_id in its metadata: how a restarted process tells what it already posted."""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import METADATA_EVENT
from bot.records import MessageRef, Platform

# Unix times (oldest, latest) to look between.
Window = tuple[float, float]
# Pages of 200 messages read when looking for one of ours; the window is minutes wide.
HISTORY_PAGES = 5


async def find_tagged(
    client: AsyncWebClient,
    token: str | None,
    tenant: str,
    channel: str,
    ref_id: str,
    thread: str | None,
    window: Window,
) -> MessageRef | None:
    """Our message tagged `ref_id` (see metadata_for) posted in the channel, or in the
    thread's replies, within the window. Needs the conversation type's *:history scope;
    SlackApiError otherwise."""
    cursor: str | None = None
    for _page in range(HISTORY_PAGES):
        args: dict[str, Any] = {
            "token": token,
            "channel": channel,
            "oldest": f"{window[0]:.6f}",
            "latest": f"{window[1]:.6f}",
            "inclusive": True,
            "include_all_metadata": True,
            "limit": 200,
            "cursor": cursor,
        }
        page = await (
            client.conversations_replies(ts=thread, **args)
            if thread is not None
            else client.conversations_history(**args)
        )
        for message in page.get("messages") or []:
            if tagged(message, ref_id):
                return MessageRef(
                    platform=Platform.SLACK,
                    tenant=tenant,
                    channel=channel,
                    message_id=str(message["ts"]),
                )
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if cursor is None:
            return None
    return None


def tagged(message: dict[str, Any], ref_id: str) -> bool:
    metadata = message.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    return bool(metadata.get("event_type") == METADATA_EVENT and payload.get("ref_id") == ref_id)
