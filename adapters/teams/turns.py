"""What Groundswell does with each Teams activity: translate it, hand it to the domain, answer.

Every reply path ends in an answer Teams accepts: invokes get an invoke response (200 with
`{}` for the feedback loop, a replacement card for Action.Execute), everything else a chat
message or nothing. (The route has already refused invokes we do not handle.)

A turn that fails is not swallowed: the SDK would log it with its text and acknowledge the
activity, which Teams then never sends again. The failure goes back to the route instead.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse
from microsoft_agents.hosting.core import TurnContext, TurnState

from adapters.teams import cards
from adapters.teams.contact import remember_contact
from adapters.teams.gateway import reference_json
from adapters.teams.messenger import TeamsMessenger
from adapters.teams.reactions import Reactions
from adapters.teams.removal import removed_conversations
from adapters.teams.render import card_activity, render_reply
from adapters.teams.translate import CARD_INVOKE, FEEDBACK_INVOKE, Incoming, tenant_of, translate
from bot.chat.answers import Answer
from bot.chat.commands import Invocation, Reply
from bot.chat.events import ChatEvent, EventKind
from bot.chat.forms import form_name_of
from bot.chat.messenger import Unreachable
from bot.outreach.welcome import WELCOME_TEXT
from bot.records import Platform
from bot.services import Services

log = logging.getLogger(__name__)
TURN_FAILURES: ContextVar[list[Exception] | None] = ContextVar("teams_turn_failures", default=None)


@contextmanager
def collect_turn_failures() -> Iterator[list[Exception]]:
    """Failures of the turns run inside, for the route to raise once the SDK is done."""
    failures: list[Exception] = []
    token = TURN_FAILURES.set(failures)
    try:
        yield failures
    finally:
        TURN_FAILURES.reset(token)


async def send_invoke_response(context: TurnContext, status: int, body: Any = None) -> None:
    await context.send_activity(
        Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=status, body=body))
    )


class TeamsTurns:
    def __init__(self, services: Services, messenger: TeamsMessenger) -> None:
        self._services = services
        self._messenger = messenger
        self._reactions = Reactions(services, messenger)

    async def on_activity(self, context: TurnContext, _state: TurnState) -> None:
        try:
            await self._run(context)
        except Exception as error:
            failures = TURN_FAILURES.get()
            if failures is None:
                raise
            failures.append(error)

    async def _run(self, context: TurnContext) -> None:
        raw: dict[str, Any] = context.activity.model_dump(
            mode="json", by_alias=True, exclude_none=True
        )
        removed = removed_conversations(raw)
        if removed:
            # Not a contact to remember: the app is gone from there.
            for conversation in removed:
                await self._services.conversations.mark_unreachable(
                    platform=Platform.TEAMS,
                    tenant=tenant_of(raw),
                    conversation_id=conversation,
                    at=datetime.now(UTC),
                )
            return
        reference = reference_json(context.activity.get_conversation_reference())
        await remember_contact(
            raw,
            reference,
            people=self._services.people,
            conversations=self._services.conversations,
        )
        incoming = translate(raw)
        if raw.get("type") == ActivityTypes.invoke:
            await self._answer_invoke(context, raw.get("name"), incoming)
        elif isinstance(incoming, Answer):
            await self._answer_submit(context, incoming)
        elif isinstance(incoming, ChatEvent):
            await self._on_event(context, incoming)

    async def _answer_invoke(
        self, context: TurnContext, name: Any, incoming: Incoming | None
    ) -> None:
        if name == FEEDBACK_INVOKE and isinstance(incoming, ChatEvent):
            await self._reactions.record_feedback_loop(incoming)
            # Teams shows an error on the feedback form unless this arrives within seconds.
            await send_invoke_response(context, 200, {})
        elif name == CARD_INVOKE:
            card = (
                await self._card_after(incoming)
                if isinstance(incoming, Answer)
                else cards.confirmation_card("This card has expired.")
            )
            await send_invoke_response(
                context,
                200,
                {"statusCode": 200, "type": cards.CARD_CONTENT_TYPE, "value": card},
            )
        else:
            # The route lets through only invokes we read; anything else is the sender's.
            await send_invoke_response(context, 400, {"error": "invalid_activity"})

    async def _card_after(self, answer: Answer) -> cards.Card:
        """The card that replaces the answered one: a confirmation, or the next form."""
        name = form_name_of(answer.action)
        if name is not None:
            form = self._services.forms.build(name, answer.value)
            if form is None:
                return cards.confirmation_card("This form is no longer available.")
            return cards.form_card(form)
        reply = await self._services.answers.handle(answer)
        if reply.choices:
            return cards.choices_card(reply.text, reply.choices)
        return cards.confirmation_card(reply.text)

    async def _answer_submit(self, context: TurnContext, answer: Answer) -> None:
        # Action.Submit (clients without Universal Actions): same answer, then the card the
        # person pressed is replaced in place.
        card = await self._card_after(answer)
        replacement = card_activity(card)
        if answer.message is not None:
            replacement.id = answer.message.message_id
            await context.update_activity(replacement)
        else:
            await context.send_activity(replacement)

    async def _on_event(self, context: TurnContext, event: ChatEvent) -> None:
        if event.kind in (EventKind.COMMAND, EventKind.MESSAGE):
            await self._run_command(context, event)
        elif event.kind in (EventKind.REACTION_ADDED, EventKind.REACTION_REMOVED):
            await self._reactions.record_reaction(event)
        elif event.kind is EventKind.INSTALLED:
            personal = event.raw.get("conversation", {}).get("conversationType") in (
                None,
                "personal",
            )
            where = "" if personal else event.conversation
            if await self._services.welcome.claim(event.actor, where=where):
                await context.send_activity(render_reply(Reply(text=WELCOME_TEXT))[0])

    async def _run_command(self, context: TurnContext, event: ChatEvent) -> None:
        reply = await self._services.commands.handle(
            Invocation(person=event.actor, text=event.text, key=event.key, at=event.occurred_at)
        )
        activities = render_reply(reply)
        if reply.to_dm and event.kind is EventKind.MESSAGE:
            # Said in a channel: what belongs to the person goes to their 1:1 chat.
            try:
                for activity in activities:
                    await self._messenger.deliver_dm(event.actor, activity)
                activities = render_reply(Reply(text="I sent it to you in our 1:1 chat."))
            except Unreachable:
                activities = render_reply(
                    Reply(text="Install Groundswell in a 1:1 chat first, then ask me there.")
                )
        for activity in activities:
            await context.send_activity(activity)
