"""Relaying: Groundswell posts an AI app's answer for it, with the platform's native feedback
buttons and AI label, and registers the posted message so every click is tied to it."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.chat.messenger import Messenger, Outgoing
from bot.feedback.outputs import OutputService
from bot.records import MessageRef, OutputRegistration, PersonRef

AI_ANSWER = "ai_answer"


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
