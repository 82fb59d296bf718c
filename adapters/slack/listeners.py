"""Every Bolt listener, in one table the manifest test reads back.

Bolt runs each listener to its end before answering Slack (process_before_response), so a
listener only acks and `take`s its inbox item: the work runs on the work queue after the
ack, and the item is deleted when it is done. Commands and form submissions are the
exception: their ack carries the answer, so they work first (a few database round trips).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from slack_bolt.async_app import AsyncApp

from adapters.slack.blocks import FEEDBACK_ACTION
from adapters.slack.commands import (
    COMMAND,
    answer_button,
    run_privacy_button,
    run_slash_command,
)
from adapters.slack.deps import SlackDeps
from adapters.slack.home import HOME_COMMAND, publish_home
from adapters.slack.interactions import (
    open_form,
    open_form_for_message,
    record_click,
    submit_form,
)
from adapters.slack.modals import FORM_MODAL, LEGACY_MODALS
from adapters.slack.reactions import handle_reaction
from adapters.slack.revocation import forget_installation
from adapters.slack.translate import extract_common, first_action, person_of, text_at
from bot.advocacy.wiring import ADVOCACY_ACTIONS
from bot.chat.commands import FORGET_CANCEL, FORGET_CONFIRM
from bot.chat.forms import OPEN_FORM
from bot.feedback.prompts import SHARE_WIN, WHAT_WENT_WRONG
from bot.surveys.steps import STEP_ACTIONS

EVENTS = (
    "reaction_added",
    "reaction_removed",
    "app_home_opened",
    "app_uninstalled",
    "tokens_revoked",
)
COMMANDS = (COMMAND,)
MESSAGE_SHORTCUTS = ("groundswell_give_feedback",)
# Buttons on messages posted by earlier versions, and the form each one opens.
LEGACY_FORM_BUTTONS = {"open_feedback_modal": WHAT_WENT_WRONG, "share_win": SHARE_WIN}
# views.open must follow the click within 3 s; past this, a replay drops the prompt.
TRIGGER_TTL = timedelta(seconds=2.5)

Body = dict[str, Any]


def order_key(*parts: str | None) -> str:
    """One person's events on one message run in the order Slack sent them."""
    return "|".join(part or "" for part in parts)


def register_listeners(bolt: AsyncApp, deps: SlackDeps) -> None:
    take = deps.inbox_work.take

    def met(body: Body, work: Any) -> Any:
        # Once the work is done, whoever acted is looked up on Slack (at most once a day).
        return deps.seen.after(work, person_of(extract_common(body)))

    async def on_reaction(body: Body, context: Any) -> None:
        bot_user_id = context.bot_user_id
        event = body.get("event")
        key = order_key(
            text_at(event, "user"), text_at(event, "item", "channel"), text_at(event, "item", "ts")
        )
        await take(context, met(body, lambda: handle_reaction(deps, body, bot_user_id)), key)

    async def on_home_opened(body: Body, event: Body, client: Any, context: Any) -> None:
        person = person_of(extract_common(body))
        if person is not None and event.get("tab", "home") == "home":
            await take(context, met(body, lambda: publish_home(deps, client, person)))

    async def on_revoked(body: Body, context: Any) -> None:
        await take(context, lambda: forget_installation(deps, body, context))

    async def on_command(ack: Any, body: Body, context: Any) -> None:
        await run_slash_command(deps, ack, body, context)
        deps.seen.notice(person_of(extract_common(body)))

    async def on_shortcut(ack: Any, body: Body, client: Any, context: Any) -> None:
        await ack()

        async def work() -> None:
            deps.inbox_work.require_fresh(context, TRIGGER_TTL)
            await open_form_for_message(deps, client, body)

        await take(context, work)

    async def on_feedback_click(ack: Any, body: Body, context: Any) -> None:
        await ack()
        # The last click must win: one person's clicks on one answer run in order.
        key = order_key(
            text_at(body, "user", "id"),
            text_at(body, "channel", "id"),
            text_at(body, "container", "message_ts"),
        )
        await take(context, met(body, lambda: record_click(deps, body)), key)

    async def on_open_form(ack: Any, body: Body, action: Body, client: Any, context: Any) -> None:
        await ack()
        action_id = str(action.get("action_id"))
        name = LEGACY_FORM_BUTTONS.get(action_id) or action_id.removeprefix(OPEN_FORM)

        async def work() -> None:
            deps.inbox_work.require_fresh(context, TRIGGER_TTL)
            await open_form(deps, client, body, name)

        await take(context, work)

    async def on_answer_button(
        ack: Any, body: Body, action: Body, respond: Any, context: Any
    ) -> None:
        await ack()
        # The digest's Approve/Dismiss carry the candidate in the action id too
        # (`advocate_approve:42`): Slack wants each button's action_id unique in a message.
        action_id = str(action.get("action_id")).split(":", 1)[0]
        await take(context, met(body, lambda: answer_button(deps, body, action_id, respond)))

    async def on_home_command(ack: Any, body: Body, client: Any, context: Any) -> None:
        await ack()
        verb = str(first_action(body).get("value", ""))
        if verb in ("optout", "optin", "export-me", "forget-me"):
            await take(context, lambda: refresh_after(deps, client, body, verb))

    async def on_form_view(ack: Any, body: Body) -> None:
        await submit_form(deps, ack, body)
        deps.seen.notice(person_of(extract_common(body)))

    # Registered from the tables the manifest test compares with manifest.yaml.
    by_event = {
        "reaction_added": on_reaction,
        "reaction_removed": on_reaction,
        "app_home_opened": on_home_opened,
        "app_uninstalled": on_revoked,
        "tokens_revoked": on_revoked,
    }
    for event_type in EVENTS:
        bolt.event(event_type)(by_event[event_type])
    for command in COMMANDS:
        bolt.command(command)(on_command)
    for callback_id in MESSAGE_SHORTCUTS:
        bolt.shortcut({"type": "message_action", "callback_id": callback_id})(on_shortcut)
    bolt.action(FEEDBACK_ACTION)(on_feedback_click)
    bolt.action(re.compile(f"^{re.escape(OPEN_FORM)}"))(on_open_form)
    for legacy in LEGACY_FORM_BUTTONS:
        bolt.action(legacy)(on_open_form)
    for answered in (FORGET_CONFIRM, FORGET_CANCEL, *STEP_ACTIONS, *ADVOCACY_ACTIONS):
        bolt.action(answered)(on_answer_button)
    bolt.action(re.compile(r"^advocate_(approve|dismiss):\d+$"))(on_answer_button)
    bolt.action(re.compile(f"^{HOME_COMMAND}_"))(on_home_command)
    for callback_id in (FORM_MODAL, *LEGACY_MODALS):
        bolt.view(callback_id)(on_form_view)


async def refresh_after(deps: SlackDeps, client: Any, body: Body, verb: str) -> None:
    """An App Home privacy button runs its command, then the Home tab shows the new state."""
    await run_privacy_button(deps, body, verb)
    person = person_of(extract_common(body))
    if person is not None:
        await publish_home(deps, client, person)
