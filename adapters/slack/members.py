"""A channel's members, for surveys whose audience is "everyone in #channel".

conversations.members (Tier 4; channels:read, and groups:read for private channels the app
is in), all pages, with the single-workspace bot token (SLACK_BOT_TOKEN). With OAuth installs
the audience entry names no workspace, so a channel audience stays empty (logged once a run).
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.messenger import TokenFor

log = logging.getLogger(__name__)
PAGE = 1000
MAX_PAGES = 200  # 200,000 members: far beyond any channel an audience should be


class SlackChannelMembers:
    def __init__(self, client: AsyncWebClient, token_for: TokenFor) -> None:
        self._client = client
        self._token_for = token_for

    async def __call__(self, channel: str) -> frozenset[str]:
        """Member user ids; none (and one log line) when Slack will not say."""
        token = await self._token_for("")
        members: set[str] = set()
        cursor = ""
        try:
            for _ in range(MAX_PAGES):
                page = await self._client.conversations_members(
                    token=token, channel=channel, limit=PAGE, cursor=cursor or None
                )
                members.update(str(user) for user in page.get("members") or [])
                cursor = (page.get("response_metadata") or {}).get("next_cursor") or ""
                if not cursor:
                    break
        except SlackApiError as error:
            log.warning(
                "channel members unavailable (%s): the channel's audience is empty this run",
                error.response.get("error", "unknown"),
            )
            return frozenset()
        return frozenset(members)
