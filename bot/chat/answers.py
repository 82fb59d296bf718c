"""Answers to interactive messages (card buttons and forms), the same from Slack and Teams.

An adapter turns a click or a submitted form into an `Answer`; the router hands it to the
domain action it names and returns the `Reply` that replaces the card. Features own their
actions: each registers its handlers with `on` (the feedback flow its forms, surveys theirs).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pydantic import Field

from bot.chat.commands import FORGET_CANCEL, FORGET_CONFIRM, CommandHandler, Reply, forgotten_reply
from bot.errors import DomainError, PersonForgotten
from bot.records import Frozen, MessageRef, PersonRef, UtcDatetime

SURVEY_ANSWER = "survey_answer"
ADVOCATE_APPROVE = "advocate_approve"
ADVOCATE_DISMISS = "advocate_dismiss"


class Answer(Frozen):
    """One press of a button or one submitted form, typed and free of platform detail."""

    key: str = Field(min_length=1, max_length=255)
    person: PersonRef
    action: str = Field(min_length=1, max_length=64)
    value: str = Field(default="", max_length=2000)
    inputs: dict[str, str] = Field(default_factory=dict)
    message: MessageRef | None = None
    occurred_at: UtcDatetime


AnswerHandler = Callable[[Answer], Awaitable[Reply]]


class AnswerRouter:
    def __init__(self, commands: CommandHandler) -> None:
        self._commands = commands
        self._handlers: dict[str, AnswerHandler] = {
            FORGET_CONFIRM: self._confirm_forget,
            FORGET_CANCEL: self._cancel_forget,
        }

    def on(self, action: str, handler: AnswerHandler) -> None:
        """Let a feature (the feedback flow, surveys, advocate review) own its answers."""
        self._handlers[action] = handler

    async def handle(self, answer: Answer) -> Reply:
        handler = self._handlers.get(answer.action)
        if handler is None:
            return Reply(text="This button is no longer active. `help` lists what I can do.")
        try:
            return await handler(answer)
        except PersonForgotten:
            return forgotten_reply()
        except DomainError as error:
            return Reply(text=f"That did not work: {error}")

    async def _confirm_forget(self, answer: Answer) -> Reply:
        return await self._commands.confirm_forget(answer.person)

    async def _cancel_forget(self, answer: Answer) -> Reply:
        return Reply(text="Nothing was erased.")
