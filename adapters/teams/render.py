"""Domain intents (`Outgoing`, `Reply`) → Teams activities."""

from __future__ import annotations

import re
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, Attachment, Entity

from adapters.teams import cards
from bot.chat.commands import Reply
from bot.chat.messenger import Outgoing
from bot.reports.chat import DIGEST_KIND

# Teams caps a message near 28 KB; keep each chunk of an export well below.
CHUNK = 20_000
SLACK_BOLD = re.compile(r"(?<![*\w])\*(?!\s)([^*\n]+?)\*(?![*\w])")


class AIGeneratedEntity(Entity):
    """Teams' "AI generated" label. Declaring the at_* fields makes the SDK write the literal
    `@type`/`@context`/`@id` keys; its own AIEntity writes `id` and drops additionalType."""

    at_type: str = "Message"
    at_context: str = "https://schema.org"
    at_id: str = ""
    additional_type: list[str] | None = None


def ai_label() -> AIGeneratedEntity:
    # Every field explicitly: the connector serialises with exclude_unset=True.
    return AIGeneratedEntity(
        type="https://schema.org/Message",
        at_type="Message",
        at_context="https://schema.org",
        at_id="",
        additional_type=["AIGeneratedContent"],
    )


def markdown(text: str) -> str:
    """Our shared texts use Slack's *bold*; Teams wants **bold** and blank lines to break."""
    return SLACK_BOLD.sub(r"**\1**", text).replace("\n", "\n\n")


def card_activity(card: cards.Card) -> Activity:
    return Activity(
        type=ActivityTypes.message,
        attachments=[Attachment(content_type=cards.CARD_CONTENT_TYPE, content=card)],
    )


def outgoing_card(message: Outgoing) -> cards.Card | None:
    if message.form is not None:
        # Cards hold inputs: the form is shown inline, under the message's text.
        return cards.form_card(message.form, markdown(message.text))
    if message.choices:
        # The digest is written in our shared Slack-style Markdown (bot/reports/chat.py).
        text = markdown(message.text) if message.kind == DIGEST_KIND else message.text
        return cards.choices_card(text, message.choices, title=message.title)
    return None


def render_outgoing(message: Outgoing) -> Activity:
    card = outgoing_card(message)
    if card is not None:
        activity = card_activity(card)
    else:
        text = f"**{message.title}**\n\n{message.text}" if message.title else message.text
        # An AI answer is the AI app's own Markdown: `*x*` is its italics, not our Slack bold.
        shown = text if message.ai_generated else markdown(text)
        activity = Activity(type=ActivityTypes.message, text=shown)
    channel_data: dict[str, Any] = {}
    if message.feedback_buttons:
        # Teams' native 👍/👎 under the message; the clicks come back as message/submitAction.
        channel_data["feedbackLoop"] = {"type": "default"}
    if channel_data:
        activity.channel_data = channel_data
    if message.ai_generated:
        activity.entities = [ai_label()]
    return activity


def render_reply(reply: Reply) -> list[Activity]:
    """A command's answer; an export goes inline as JSON text (see export_chunks)."""
    if reply.choices:
        activities = [card_activity(cards.choices_card(markdown(reply.text), reply.choices))]
    else:
        activities = [Activity(type=ActivityTypes.message, text=markdown(reply.text))]
    if reply.attachment is not None:
        activities.extend(
            Activity(type=ActivityTypes.message, text=chunk, text_format="markdown")
            for chunk in export_chunks(reply.attachment.content)
        )
    return activities


def export_chunks(content: bytes) -> list[str]:
    """The export as fenced JSON blocks. Teams will not show a bot's file from a data URI, and
    sending a real file needs the file-consent + OneDrive upload flow; text always arrives."""
    text = content.decode("utf-8", errors="replace")
    parts = [text[start : start + CHUNK] for start in range(0, len(text), CHUNK)] or [""]
    return [f"```json\n{part}\n```" for part in parts]
