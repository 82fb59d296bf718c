"""What every Slack listener needs, built once per app: services, messenger, emoji sets."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from slack_sdk.errors import SlackApiError

from adapters.slack.emoji import EmojiRatings
from adapters.slack.messenger import SlackMessenger
from adapters.slack.work import WorkQueue
from bot.chat.messenger import Outgoing
from bot.records import PersonRef
from bot.services import Services

log = logging.getLogger(__name__)


@dataclass
class SlackDeps:
    services: Services
    messenger: SlackMessenger
    emoji: EmojiRatings
    # Bot user ids (U…) and bot ids (B…) of the assistants whose answers we collect on.
    assistants: frozenset[str]
    work: WorkQueue = field(default_factory=WorkQueue)

    async def tell(self, person: PersonRef, channel: str | None, message: Outgoing) -> None:
        """Show a private note where the person is; their DM when the channel refuses us
        (a slash command or App Home in a conversation the bot is not a member of)."""
        if channel is not None:
            try:
                await self.messenger.post_ephemeral(person, channel, message)
                return
            except SlackApiError as error:
                log.info("ephemeral refused (%s); using a DM", error.response.get("error"))
        await self.messenger.send_dm(person, message)
