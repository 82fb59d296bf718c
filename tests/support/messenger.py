"""A Messenger that keeps what the domain sends, for domain tests that read like chats.

It stands in for a chat platform the way errbot's test backend does; adapter tests go
through the real Slack and Teams messengers against fake platform servers instead.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from bot.chat.messenger import Outgoing, RateLimited, Unreachable
from bot.records import MessageRef, PersonRef, Place, Platform


@dataclass
class Delivered:
    person: PersonRef | None
    place: Place | None
    message: Outgoing
    ephemeral: bool


@dataclass
class RecordingMessenger:
    platform: Platform = Platform.SLACK
    delivered: list[Delivered] = field(default_factory=list)
    unreachable: set[str] = field(default_factory=set)
    rate_limited_once: bool = False
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def _check(self, person: PersonRef) -> None:
        if person.user_id in self.unreachable:
            raise Unreachable(person, "user_not_found")
        if self.rate_limited_once:
            self.rate_limited_once = False
            raise RateLimited(0.05)

    async def send_dm(self, person: PersonRef, message: Outgoing) -> MessageRef:
        self._check(person)
        self.delivered.append(Delivered(person, None, message, ephemeral=False))
        return MessageRef(
            platform=self.platform,
            tenant=person.tenant,
            channel=f"D-{person.user_id}",
            message_id=str(next(self._ids)),
        )

    async def post_to_channel(
        self, tenant: str, channel: str, message: Outgoing, *, thread: str | None = None
    ) -> MessageRef:
        place = Place(platform=self.platform, tenant=tenant, channel=channel)
        self.delivered.append(Delivered(None, place, message, ephemeral=False))
        return MessageRef(
            platform=self.platform, tenant=tenant, channel=channel, message_id=str(next(self._ids))
        )

    async def update_message(self, ref: MessageRef, message: Outgoing) -> None:
        return None

    async def post_ephemeral(self, person: PersonRef, place: Place, message: Outgoing) -> None:
        self._check(person)
        self.delivered.append(Delivered(person, place, message, ephemeral=True))

    async def find_sent(self, person: PersonRef, ref_id: str) -> MessageRef | None:
        for index, item in enumerate(self.delivered):
            if item.person == person and item.message.ref_id == ref_id:
                return MessageRef(
                    platform=self.platform,
                    tenant=person.tenant,
                    channel=f"D-{person.user_id}",
                    message_id=str(index + 1),
                )
        return None

    def kinds_for(self, person: PersonRef) -> list[str]:
        return [item.message.kind for item in self.delivered if item.person == person]
