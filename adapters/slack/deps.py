"""What every Slack listener needs, built once per app: services, messenger, emoji sets."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.slack.emoji import EmojiRatings
from adapters.slack.inbox import InboxWork
from adapters.slack.messenger import SlackMessenger
from adapters.slack.oauth import OAuthParts
from adapters.slack.profiles import SlackProfiles
from adapters.slack.seen import ProfileRefresher
from adapters.slack.work import WorkQueue
from bot.chat.messenger import Outgoing
from bot.records import PersonRef, Place
from bot.services import Services


@dataclass
class SlackDeps:
    services: Services
    messenger: SlackMessenger
    emoji: EmojiRatings
    # Bot user ids (U…) and bot ids (B…) of the assistants whose answers we collect on.
    assistants: frozenset[str]
    work: WorkQueue
    inbox_work: InboxWork
    # users.info for the directory, and who the adapter met (their profile is fetched).
    profiles: SlackProfiles
    seen: ProfileRefresher
    # The OAuth install's stores, for uninstalls; None with one fixed bot token.
    revoked: OAuthParts | None = None

    async def tell(self, person: PersonRef, place: Place | None, message: Outgoing) -> None:
        """Show a private note where the person is (the messenger falls back to their DM
        when the channel refuses us); in their DM when there is no channel (App Home)."""
        if place is None:
            await self.messenger.send_dm(person, message)
        else:
            await self.messenger.post_ephemeral(person, place, message)
