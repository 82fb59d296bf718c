"""Answers to interactive messages (card buttons and forms), the same from Slack and Teams.

An adapter turns a click or a submitted form into an `Answer`; the router hands it to the
domain action it names and returns the `Reply` that replaces the card.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pydantic import Field

from bot.advocacy.wins import MAX_MINUTES, WinReport, WinService
from bot.chat.commands import FORGET_CANCEL, FORGET_CONFIRM, CommandHandler, Reply, forgotten_reply
from bot.errors import DomainError, PersonForgotten
from bot.feedback.outputs import OutputService
from bot.feedback.service import FeedbackService
from bot.records import (
    FeedbackEvent,
    FeedbackSource,
    Frozen,
    MessageRef,
    PersonRef,
    UtcDatetime,
)

WIN_SUBMIT = "win_submit"
FOLLOWUP_SUBMIT = "followup_submit"
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
    def __init__(
        self,
        commands: CommandHandler,
        wins: WinService,
        feedback: FeedbackService,
        outputs: OutputService,
    ) -> None:
        self._commands = commands
        self._outputs = outputs
        self._wins = wins
        self._feedback = feedback
        self._handlers: dict[str, AnswerHandler] = {
            FORGET_CONFIRM: self._confirm_forget,
            FORGET_CANCEL: self._cancel_forget,
            WIN_SUBMIT: self._submit_win,
            FOLLOWUP_SUBMIT: self._submit_followup,
        }

    def on(self, action: str, handler: AnswerHandler) -> None:
        """Let a feature (surveys, advocate review) own the answers to its own cards."""
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

    async def _submit_win(self, answer: Answer) -> Reply:
        text = answer.inputs.get("text", "").strip()
        if not text:
            return Reply(text="Your win was empty, so nothing was recorded.")
        minutes = parse_minutes(answer.inputs.get("minutes", ""))
        await self._wins.record(
            WinReport(
                key=answer.key,
                person=answer.person,
                text=text[:3000],
                minutes_saved=minutes,
                shareable=answer.inputs.get("shareable", "true").lower() == "true",
                # A win shared from a follow-up names the answer that helped.
                output_id=await self._known_output(output_id_of(answer.value)),
                source=FeedbackSource.MODAL,
                occurred_at=answer.occurred_at,
            )
        )
        return Reply(text="Thanks! Your win is recorded.")

    async def _submit_followup(self, answer: Answer) -> Reply:
        comment = answer.inputs.get("comment", "").strip()[:4000] or None
        reason = answer.inputs.get("reason", "").strip()[:64] or None
        output_id = output_id_of(answer.value)
        if comment is None and reason is None:
            return Reply(text="Nothing to add? No problem.")
        await self._feedback.record(
            FeedbackEvent(
                key=answer.key,
                person=answer.person,
                output_id=await self._known_output(output_id),
                comment=comment,
                reason=reason,
                source=FeedbackSource.MODAL,
                occurred_at=answer.occurred_at,
            )
        )
        return Reply(text="Thanks, that helps the team fix it.")

    async def _known_output(self, output_id: int | None) -> int | None:
        # A form can outlive its answer (forgotten, purged): keep the words, drop the link.
        if output_id is None:
            return None
        found = await self._outputs.find(output_id)
        return found.id if found is not None else None


def plain_number(text: str) -> bool:
    """ASCII 0-9 only: str.isdigit() also accepts "²" and "٣", which int() refuses."""
    return text.isascii() and text.isdigit()


def output_id_of(value: str) -> int | None:
    # Ids are database integers: a longer string cannot name one (and would overflow).
    return int(value) if plain_number(value) and len(value) <= 18 else None


def parse_minutes(text: str) -> int | None:
    cleaned = text.strip()
    if not plain_number(cleaned):
        return None
    if len(cleaned.lstrip("0")) > 18:  # int() refuses over 4,300 digits; this is the cap
        return MAX_MINUTES
    return min(int(cleaned), MAX_MINUTES)
