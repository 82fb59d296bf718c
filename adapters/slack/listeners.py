"""Every Bolt listener, in one table the manifest test reads back.

Events are acked by Bolt before the listener runs; actions, views, shortcuts and commands
ack themselves first thing (the slash command's ack carries its answer).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable
from typing import Any

from slack_bolt.async_app import AsyncApp

from adapters.failures import log_failure
from adapters.slack.blocks import FEEDBACK_ACTION
from adapters.slack.commands import (
    COMMAND,
    answer_button,
    run_privacy_button,
    run_slash_command,
)
from adapters.slack.deps import SlackDeps
from adapters.slack.followups import OPEN_FEEDBACK_MODAL
from adapters.slack.home import HOME_COMMAND, publish_home
from adapters.slack.interactions import (
    open_modal,
    open_modal_for_message,
    record_click,
    submit_feedback,
    submit_win,
)
from adapters.slack.modals import FEEDBACK_MODAL, WIN_MODAL
from adapters.slack.reactions import handle_reaction
from adapters.slack.translate import extract_common, first_action, person_of, text_at
from bot.chat.commands import FORGET_CANCEL, FORGET_CONFIRM, SHARE_WIN

EVENTS = ("reaction_added", "reaction_removed", "app_home_opened")
COMMANDS = (COMMAND,)
MESSAGE_SHORTCUTS = ("groundswell_give_feedback",)

Body = dict[str, Any]
log = logging.getLogger(__name__)


async def after_ack(work: Awaitable[None]) -> None:
    """Run what follows an ack; its failures are logged here (the kind only, as the work
    queue does). Left to Bolt 1.30, a failure within ~10 ms of the ack resets the ack, and the
    request waits 3 s and answers 404 (seen with a fast-failing views.open)."""
    try:
        await work
    except Exception as error:
        log_failure(log, "Slack work after the ack", error)


async def run_privacy_button_and_refresh(
    deps: SlackDeps, client: Any, body: Body, verb: str
) -> None:
    await run_privacy_button(deps, body, verb)
    person = person_of(extract_common(body))
    if person is not None:
        await publish_home(deps, client, person)


def register_listeners(bolt: AsyncApp, deps: SlackDeps) -> None:
    async def on_reaction(body: Body, context: Any) -> None:
        bot_user_id = context.bot_user_id
        event = body.get("event")
        # One person's reactions on one message stay in order (👍 then its quick removal).
        key = "|".join(
            text_at(event, *path) or "" for path in (("user",), ("item", "channel"), ("item", "ts"))
        )
        await deps.work.submit(lambda: handle_reaction(deps, body, bot_user_id), key)

    async def on_home_opened(body: Body, event: Body, client: Any) -> None:
        person = person_of(extract_common(body))
        if person is not None and event.get("tab", "home") == "home":
            await after_ack(publish_home(deps, client, person))

    async def on_command(ack: Any, body: Body) -> None:
        await run_slash_command(deps, ack, body)

    async def on_shortcut(ack: Any, body: Body, client: Any) -> None:
        await ack()
        await after_ack(open_modal_for_message(deps, client, body))

    async def on_feedback_click(ack: Any, body: Body) -> None:
        await ack()
        # One person's clicks on one answer stay in order: the last click must win.
        key = "|".join(
            text_at(body, *path) or ""
            for path in (("user", "id"), ("channel", "id"), ("container", "message_ts"))
        )
        await deps.work.submit(lambda: record_click(deps, body), key)

    async def on_open_feedback(ack: Any, body: Body, client: Any) -> None:
        await ack()
        await after_ack(open_modal(deps, client, body, win=False))

    async def on_share_win(ack: Any, body: Body, client: Any) -> None:
        await ack()
        await after_ack(open_modal(deps, client, body, win=True))

    async def on_answer_button(ack: Any, body: Body, action: Body, respond: Any) -> None:
        await ack()
        await after_ack(answer_button(deps, body, str(action.get("action_id")), respond))

    async def on_home_command(ack: Any, body: Body, client: Any) -> None:
        await ack()
        verb = str(first_action(body).get("value", ""))
        if verb in ("optout", "optin", "export-me", "forget-me"):
            await after_ack(run_privacy_button_and_refresh(deps, client, body, verb))

    async def on_feedback_view(ack: Any, body: Body) -> None:
        await submit_feedback(deps, ack, body)

    async def on_win_view(ack: Any, body: Body) -> None:
        await submit_win(deps, ack, body)

    # Registered from the tables the manifest test compares with manifest.yaml.
    by_event = {
        "reaction_added": on_reaction,
        "reaction_removed": on_reaction,
        "app_home_opened": on_home_opened,
    }
    for event_type in EVENTS:
        bolt.event(event_type)(by_event[event_type])
    for command in COMMANDS:
        bolt.command(command)(on_command)
    for callback_id in MESSAGE_SHORTCUTS:
        bolt.shortcut({"type": "message_action", "callback_id": callback_id})(on_shortcut)
    bolt.action(FEEDBACK_ACTION)(on_feedback_click)
    bolt.action(OPEN_FEEDBACK_MODAL)(on_open_feedback)
    bolt.action(SHARE_WIN)(on_share_win)
    for answered in (FORGET_CONFIRM, FORGET_CANCEL):
        bolt.action(answered)(on_answer_button)
    bolt.action(re.compile(f"^{HOME_COMMAND}_"))(on_home_command)
    bolt.view(FEEDBACK_MODAL)(on_feedback_view)
    bolt.view(WIN_MODAL)(on_win_view)
