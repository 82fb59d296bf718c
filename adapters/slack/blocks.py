"""Block Kit rendering of the domain's intents: messages, replies, native feedback buttons."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ContextActionsBlock,
    FeedbackButtonObject,
    FeedbackButtonsElement,
)

from bot.chat.commands import Reply
from bot.chat.messenger import Choice, Outgoing, open_form_choice

Block = dict[str, Any]

FEEDBACK_ACTION = "groundswell_feedback"
POSITIVE_VALUE = "positive_feedback"
NEGATIVE_VALUE = "negative_feedback"
# Slack refuses a section text over 3,000 characters.
MAX_SECTION = 3000


def render_feedback_buttons(action_id: str = FEEDBACK_ACTION) -> Block:
    """The `context_actions` block with a `feedback_buttons` element for one AI answer.

    Slack draws a 👍/👎 toggle; a click arrives as block_actions with the button's value.
    """
    block = ContextActionsBlock(
        elements=[
            FeedbackButtonsElement(
                action_id=action_id,
                positive_button=FeedbackButtonObject(
                    text={"type": "plain_text", "text": "Good"},
                    value=POSITIVE_VALUE,
                    accessibility_label="Mark this answer as good",
                ),
                negative_button=FeedbackButtonObject(
                    text={"type": "plain_text", "text": "Bad"},
                    value=NEGATIVE_VALUE,
                    accessibility_label="Mark this answer as bad",
                ),
            )
        ]
    )
    rendered: Block = block.to_dict()
    return rendered


def render_section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:MAX_SECTION]}}


def render_sections(text: str) -> list[Block]:
    """A long answer as several sections, cut at line ends where it can be: one section
    would silently lose everything after 3,000 characters (blocks hide the `text`)."""
    sections: list[Block] = []
    rest = text
    while rest:
        cut = rest.rfind("\n", 0, MAX_SECTION) if len(rest) > MAX_SECTION else len(rest)
        if cut <= 0:
            cut = min(len(rest), MAX_SECTION)
        sections.append(render_section(rest[:cut]))
        rest = rest[cut:].lstrip("\n")
    return sections


def render_buttons(choices: tuple[Choice, ...]) -> Block:
    buttons = []
    for choice in choices:
        button: Block = {
            "type": "button",
            "action_id": choice.action,
            "text": {"type": "plain_text", "text": choice.label},
            "value": choice.value or choice.action,
        }
        if choice.primary:
            button["style"] = "primary"
        buttons.append(button)
    return {"type": "actions", "elements": buttons}


def render_outgoing(message: Outgoing) -> list[Block]:
    blocks: list[Block] = []
    if message.title:
        blocks.append({"type": "header", "text": {"type": "plain_text", "text": message.title}})
    blocks.append(render_section(message.text))
    choices = message.choices
    if message.form is not None:
        # Slack messages hold no inputs we can read back reliably: a button opens the form
        # as a modal instead.
        form = message.form
        choices = (open_form_choice(form.open_label, form.name, form.value), *choices)
    if choices:
        blocks.append(render_buttons(choices))
    if message.feedback_buttons:
        blocks.append(render_feedback_buttons())
    return blocks


def render_reply(reply: Reply) -> list[Block]:
    blocks = [render_section(reply.text)]
    if reply.choices:
        blocks.append(render_buttons(reply.choices))
    return blocks


METADATA_EVENT = "groundswell_message"


def metadata_for(message: Outgoing) -> dict[str, Any]:
    """Slack message metadata: lets a restarted process find what it already sent."""
    return {
        "event_type": METADATA_EVENT,
        "event_payload": {"kind": message.kind, "ref_id": message.ref_id or ""},
    }
