"""Clicks and form submissions: feedback buttons, buttons that open forms, the modals
themselves, and the message shortcut.

Clicks are worked after the ack (from the inbox); a form submission is checked and stored
before its ack, because the ack carries what the modal turns into.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_sdk.errors import SlackApiError

from adapters.slack.blocks import NEGATIVE_VALUE, POSITIVE_VALUE
from adapters.slack.deps import SlackDeps
from adapters.slack.inbox import Expired
from adapters.slack.modals import build_form_modal, build_thanks_modal, read_meta, read_values
from adapters.slack.recognise import find_ai_output
from adapters.slack.translate import (
    extract_common,
    first_action,
    message_of,
    person_of,
    text_at,
    time_of,
)
from bot.chat.answers import Answer
from bot.chat.forms import check_values, clean_values
from bot.feedback.prompts import WHAT_WENT_WRONG
from bot.records import FeedbackEvent, FeedbackSource, OutputRegistration, Rating

Body = dict[str, Any]
RATINGS = {POSITIVE_VALUE: Rating.UP, NEGATIVE_VALUE: Rating.DOWN}
NOT_STORED = "Sorry, I could not tell who you are, so nothing was stored. Try again in a moment."
EXPIRED_FORM = "This form is no longer available. Type `/groundswell help` to see what I can do."


def view_of(body: Body) -> Body:
    view = body.get("view")
    return view if isinstance(view, dict) else {}


async def record_click(deps: SlackDeps, body: Body) -> None:
    """A native feedback button: one rating per person and answer, the last click wins."""
    action = first_action(body)
    rating = RATINGS.get(str(action.get("value")))
    common = extract_common(body)
    person, message = person_of(common), message_of(common)
    if rating is None or person is None or message is None:
        return
    authors = (text_at(body, "message", "user"), text_at(body, "message", "bot_id"))
    output_id = await find_ai_output(deps, message, authors=authors)
    if output_id is None:
        return
    action_ts = text_at(action, "action_ts") or ""
    await deps.services.flow.rate(
        FeedbackEvent(
            key=f"slack:{message.tenant}:click:{message.channel}:{message.message_id}:"
            f"{person.user_id}:{action_ts}",
            person=person,
            output_id=output_id,
            rating=rating,
            source=FeedbackSource.BUTTON,
            occurred_at=time_of(action_ts),
        ),
        place=message.place,
    )


async def open_form(deps: SlackDeps, client: Any, body: Body, form_name: str) -> None:
    """A button that opens a form (its value travels into the form, e.g. the answer's id)."""
    value = first_action(body).get("value")
    form = deps.services.forms.build(form_name, value if isinstance(value, str) else "")
    if form is None:
        return
    await open_view(client, body, build_form_modal(form))


async def open_view(client: Any, body: Body, view: Body) -> None:
    """views.open, which Slack honours only within 3 s of the click: a late one is dropped."""
    try:
        await client.views_open(trigger_id=body.get("trigger_id"), view=view)
    except SlackApiError as error:
        if error.response.get("error") == "expired_trigger_id":
            raise Expired() from None
        raise


async def open_form_for_message(deps: SlackDeps, client: Any, body: Body) -> None:
    """Message shortcut "Give feedback on this answer": the what-went-wrong form, tied to it."""
    message = message_of(extract_common(body))
    if message is None:
        return
    authors = (text_at(body, "message", "user"), text_at(body, "message", "bot_id"))
    output_id = await find_ai_output(deps, message, authors=authors)
    if output_id is None:
        # The person says this is an AI answer worth judging: register it under its author.
        assistant = next((who for who in authors if who), "unknown")
        registration = OutputRegistration(message=message, assistant=assistant)
        output_id = (await deps.services.outputs.register(registration)).id
    form = deps.services.forms.build(WHAT_WENT_WRONG, str(output_id))
    assert form is not None  # the feedback flow registers it
    await open_view(client, body, build_form_modal(form))


def submission_key(body: Body) -> str:
    common = extract_common(body)
    view_id = text_at(body, "view", "id") or text_at(body, "trigger_id")
    return f"slack:{common.team}:view:{view_id}"[:255]


async def submit_form(deps: SlackDeps, ack: Any, body: Body) -> None:
    """Problems show under the inputs and nothing is stored; otherwise the answer is stored
    (by the feature that owns the form) and the modal turns into its outcome. The ack
    carries it, so this runs before the ack: a few database round trips, well inside 3 s."""
    view = view_of(body)
    name, value = read_meta(view)
    form = deps.services.forms.build(name, value) if name else None
    if form is None:
        await ack(response_action="update", view=build_thanks_modal(EXPIRED_FORM))
        return
    values = clean_values(form, read_values(view, form))
    problems = check_values(form, values)
    if problems:
        await ack(response_action="errors", errors=problems)
        return
    person = person_of(extract_common(body))
    if person is None:
        await ack(response_action="update", view=build_thanks_modal(NOT_STORED))
        return
    answer = Answer(
        key=submission_key(body),
        person=person,
        action=form.action,
        value=form.value,
        inputs=values,
        occurred_at=datetime.now(UTC),
    )
    reply = await deps.services.answers.handle(answer)
    await ack(response_action="update", view=build_thanks_modal(reply.text))
