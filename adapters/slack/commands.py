"""`/groundswell …` and the privacy buttons, through the CommandHandler shared with Teams."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import aiohttp

from adapters.slack.blocks import render_reply
from adapters.slack.deps import SlackDeps
from adapters.slack.replies import deliver_reply
from adapters.slack.translate import extract_common, first_action, person_of, place_of, text_at
from bot.chat.answers import Answer
from bot.chat.commands import Invocation, Reply

log = logging.getLogger(__name__)
COMMAND = "/groundswell"
SENT_TO_DM = "I've sent it to you in a direct message."


async def run_slash_command(deps: SlackDeps, ack: Any, body: dict[str, Any], context: Any) -> None:
    """The reply is the ack itself (ephemeral): it shows even in channels the bot is not in.
    The handler's work is a few database round trips, well inside Slack's 3 s; a file for
    the person's DM is uploaded after the ack."""
    common = extract_common(body)
    person = person_of(common)
    if person is None:
        await ack(text="Sorry, I could not tell who you are. Try again in a moment.")
        return
    call = Invocation(
        person=person,
        text=text_at(body, "text") or "",
        key=f"slack:{person.tenant}:command:{text_at(body, 'trigger_id') or datetime.now(UTC)}",
        at=datetime.now(UTC),
    )
    reply = await deps.services.commands.handle(call)
    if reply.attachment is not None or reply.to_dm:
        await ack(text=SENT_TO_DM)
        place = place_of(common)
        await deps.inbox_work.take(context, lambda: deliver_reply(deps, person, place, reply))
        return
    await ack(text=reply.text, blocks=render_reply(reply))


async def run_privacy_button(deps: SlackDeps, body: dict[str, Any], verb: str) -> Reply | None:
    """A button standing for a command (App Home's opt out / export / forget me)."""
    common = extract_common(body)
    person = person_of(common)
    if person is None:
        return None
    call = Invocation(
        person=person, text=verb, key=f"slack:{person.tenant}:home:{verb}", at=datetime.now(UTC)
    )
    reply = await deps.services.commands.handle(call)
    await deliver_reply(deps, person, place_of(common), reply)
    return reply


async def answer_button(deps: SlackDeps, body: dict[str, Any], action: str, respond: Any) -> None:
    """A button the AnswerRouter owns (forget me: confirm / cancel), shared with Teams. The
    answer replaces the message that asked, so its buttons cannot be pressed twice."""
    common = extract_common(body)
    person = person_of(common)
    if person is None:
        return
    pressed = first_action(body)
    stamp = text_at(pressed, "action_ts") or datetime.now(UTC).isoformat()
    value = pressed.get("value")
    answer = Answer(
        key=f"slack:{person.tenant}:answer:{person.user_id}:{action}:{stamp}"[:255],
        person=person,
        action=action,
        # A survey step's button carries its delivery and the answers so far; an advocacy
        # button its candidate. Buttons with no value of their own carry their action.
        value=value[:2000] if isinstance(value, str) and value != action else "",
        occurred_at=datetime.now(UTC),
    )
    reply = await deps.services.answers.handle(answer)
    if not await replace_original(respond, body, reply):
        await deliver_reply(deps, person, place_of(common), reply)


async def replace_original(respond: Any, body: dict[str, Any], reply: Reply) -> bool:
    """Through the payload's response_url; False when there is none or it no longer works
    (Slack honours it for 30 minutes, five times)."""
    if text_at(body, "response_url") is None or reply.attachment is not None:
        return False
    try:
        sent = await respond(text=reply.text, blocks=render_reply(reply), replace_original=True)
    except (OSError, ValueError, aiohttp.ClientError) as error:
        log.info("response_url failed (%s); posting a new note", type(error).__name__)
        return False
    return int(getattr(sent, "status_code", 0)) == 200
