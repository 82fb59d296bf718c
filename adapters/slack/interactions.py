"""Clicks and form submissions: feedback buttons, follow-up buttons, modals, the shortcut.

Every handler acks first (Slack shows an error after 3 s) and does its work after.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from adapters.slack.blocks import NEGATIVE_VALUE, POSITIVE_VALUE
from adapters.slack.deps import SlackDeps
from adapters.slack.followups import follow_up
from adapters.slack.modals import (
    build_feedback_modal,
    build_thanks_modal,
    build_win_modal,
    parse_feedback,
    parse_win,
    read_meta,
)
from adapters.slack.recognise import find_ai_output
from adapters.slack.translate import (
    extract_common,
    first_action,
    message_of,
    person_of,
    text_at,
    time_of,
)
from bot.chat.answers import FOLLOWUP_SUBMIT, WIN_SUBMIT, Answer
from bot.errors import PersonForgotten
from bot.records import FeedbackEvent, FeedbackSource, OutputRegistration, Rating

Body = dict[str, Any]
RATINGS = {POSITIVE_VALUE: Rating.UP, NEGATIVE_VALUE: Rating.DOWN}
NOT_STORED = "Sorry, I could not tell who you are, so nothing was stored. Try again in a moment."


def view_of(body: Body) -> Body:
    view = body.get("view")
    return view if isinstance(view, dict) else {}


def output_id_of(value: Any) -> int | None:
    # ASCII digits only ("²".isdigit() is True, int("²") raises), and no longer than an id.
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


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
    try:
        recorded = await deps.services.feedback.record(
            FeedbackEvent(
                key=f"slack:{message.tenant}:click:{message.channel}:{message.message_id}:"
                f"{person.user_id}:{action_ts}",
                person=person,
                output_id=output_id,
                rating=rating,
                source=FeedbackSource.BUTTON,
                occurred_at=time_of(action_ts),
            )
        )
    except PersonForgotten:
        return
    if recorded.created:
        await follow_up(deps, person, message.channel, output_id, rating)


async def open_modal(deps: SlackDeps, client: Any, body: Body, *, win: bool) -> None:
    """The follow-up's button opened a modal about the answer named in its value."""
    meta = {"output_id": output_id_of(first_action(body).get("value"))}
    view = build_win_modal(meta) if win else build_feedback_modal(meta)
    await client.views_open(trigger_id=body.get("trigger_id"), view=view)


async def open_modal_for_message(deps: SlackDeps, client: Any, body: Body) -> None:
    """Message shortcut "Give feedback on this answer": the same modal, tied to the message."""
    common = extract_common(body)
    message = message_of(common)
    if message is None:
        return
    authors = (text_at(body, "message", "user"), text_at(body, "message", "bot_id"))
    output_id = await find_ai_output(deps, message, authors=authors)
    if output_id is None:
        # The person says this is an AI answer worth judging: register it under its author.
        assistant = next((who for who in authors if who), "unknown")
        registration = OutputRegistration(message=message, assistant=assistant)
        output_id = (await deps.services.outputs.register(registration)).id
    view = build_feedback_modal({"output_id": output_id})
    await client.views_open(trigger_id=body.get("trigger_id"), view=view)


def submission_key(body: Body) -> str:
    common = extract_common(body)
    return f"slack:{common.team}:view:{text_at(body, 'view', 'id') or text_at(body, 'trigger_id')}"


async def submit_feedback(deps: SlackDeps, ack: Any, body: Body) -> None:
    """The "what went wrong?" form: checked here (errors show under the inputs), stored by the
    AnswerRouter Teams uses too, and the modal turns into its thank-you."""
    view = view_of(body)
    form = parse_feedback(view)
    if isinstance(form, dict):
        await ack(response_action="errors", errors=form)
        return
    inputs = {"reason": form.reason, "comment": form.comment or ""}
    await answer_in_modal(deps, ack, body, FOLLOWUP_SUBMIT, inputs)


async def submit_win(deps: SlackDeps, ack: Any, body: Body) -> None:
    view = view_of(body)
    form = parse_win(view)
    if isinstance(form, dict):
        await ack(response_action="errors", errors=form)
        return
    inputs = {
        "text": form.text,
        "minutes": "" if form.minutes is None else str(form.minutes),
        "shareable": "true" if form.shareable else "false",
    }
    await answer_in_modal(deps, ack, body, WIN_SUBMIT, inputs)


async def answer_in_modal(
    deps: SlackDeps, ack: Any, body: Body, action: str, inputs: dict[str, str]
) -> None:
    """The ack carries the outcome, so the work (two or three database round trips, as for
    the slash command) runs before it, well inside Slack's 3 s."""
    person = person_of(extract_common(body))
    output_id = output_id_of(str(read_meta(view_of(body)).get("output_id")))
    if person is None:
        await ack(response_action="update", view=build_thanks_modal(NOT_STORED))
        return
    answer = Answer(
        key=submission_key(body)[:255],
        person=person,
        action=action,
        value="" if output_id is None else str(output_id),
        inputs=inputs,
        occurred_at=datetime.now(UTC),
    )
    reply = await deps.services.answers.handle(answer)
    await ack(response_action="update", view=build_thanks_modal(reply.text))
