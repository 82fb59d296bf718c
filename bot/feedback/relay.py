"""Relaying: Groundswell posts an AI app's answer for it, with the platform's native feedback
buttons and AI label, and registers the posted message so every click is tied to it.

A relay with a key (the caller's Idempotency-Key, else its trace_id) posts once, whatever
happens: its intent is committed before the platform is called, unique on the key scoped to
where the answer goes. A duplicate arriving while the first is posting waits for it and
answers its result (or, past a short wait, says it is in flight); a retry after the first
died looks for the posted message before posting again, where the platform can tell.
A relay without a key is posted every time it is asked for.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.chat.messenger import Messenger, Outgoing
from bot.feedback.outputs import OutputService
from bot.records import MessageRef, OutputRegistration, PersonRef, Platform

AI_ANSWER = "ai_answer"
# How long a claimant is presumed to be posting. A post that has not finished by then is
# abandoned (POST_DEADLINE), so a live claimant never loses its claim to a retry.
LEASE = timedelta(seconds=120)
POST_DEADLINE = 100.0
# How long a duplicate waits for the first relay's result before answering "in flight".
WAIT_FOR_FIRST = 5.0
# Messages are looked for from a little before the claim, in case the clocks differ.
CLOCK_SKEW = timedelta(seconds=60)


def answer_message(text: str, ref_id: str | None = None) -> Outgoing:
    return Outgoing(
        kind=AI_ANSWER, ref_id=ref_id, text=text, ai_generated=True, feedback_buttons=True
    )


class Relay:
    def __init__(self, messenger: Messenger, outputs: OutputService) -> None:
        self._messenger = messenger
        self._outputs = outputs

    async def to_person(
        self, person: PersonRef, text: str, *, assistant: str, use_case: str | None = None
    ) -> int:
        """Post the answer in the person's 1:1 chat; returns the registered output id."""
        sent = await self._messenger.send_dm(person, answer_message(text))
        return await self._register(sent, assistant, use_case)

    async def to_channel(
        self,
        tenant: str,
        channel: str,
        text: str,
        *,
        assistant: str,
        use_case: str | None = None,
        thread: str | None = None,
    ) -> int:
        sent = await self._messenger.post_to_channel(
            tenant, channel, answer_message(text), thread=thread
        )
        return await self._register(sent, assistant, use_case)

    async def _register(self, sent: MessageRef, assistant: str, use_case: str | None) -> int:
        recorded = await self._outputs.register(
            OutputRegistration(
                message=sent,
                assistant=assistant,
                use_case=use_case,
                posted_at=datetime.now(UTC),
            ),
            relayed=True,
        )
        return recorded.id


class NotPosted(Exception):
    """The platform refused the post: nothing was posted, and a retry may post."""


class PostFailed(Exception):
    """The platform did not confirm the post: it may or may not be there."""


class CannotTell(Exception):
    """The platform has no way to say whether an earlier attempt posted (Teams)."""


class Poster(Protocol):
    async def post(self, ref_id: str) -> MessageRef:
        """Post the answer tagged with `ref_id`; raises NotPosted or PostFailed."""
        ...

    async def find_posted(self, ref_id: str, since: datetime) -> MessageRef | None:
        """The message tagged `ref_id` posted after `since`, if any; raises CannotTell."""
        ...


@dataclass(frozen=True)
class RelayRequest:
    """`key` is the caller's idempotency key, already marked with its kind; `fingerprint` a
    digest of what is posted, so the same key with a different answer is refused."""

    platform: Platform
    tenant: str
    channel: str
    key: str | None
    fingerprint: str
    assistant: str
    use_case: str | None
    trace_id: str | None
    posted_at: datetime | None

    @property
    def ref_id(self) -> str:
        scope = "\0".join((self.platform.value, self.tenant, self.channel, self.key or ""))
        return hashlib.sha256(scope.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Relayed:
    output_id: int
    message: MessageRef
    created: bool


@dataclass(frozen=True)
class InFlight:
    retry_after: int


@dataclass(frozen=True)
class KeyReused:
    """The key was used before for a different answer or destination."""


@dataclass(frozen=True)
class OutcomeUnknown:
    """An earlier attempt died mid-post and the platform cannot tell whether it arrived."""


RelayOutcome = Relayed | InFlight | KeyReused | OutcomeUnknown
