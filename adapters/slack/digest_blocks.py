"""The weekly digest as a Slack Block Kit DM, built with slack-sdk's block models.

Within Slack's limits: at most 50 blocks, a header of 150 characters, sections of 3,000
(the text is split at line ends), buttons of 75-character labels; the models refuse
anything beyond them when the message is built, not when Slack answers.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.chat.messenger import Outgoing
from bot.reports.chat import DIGEST_KIND

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_ACTIONS = 25


def split_text(text: str, limit: int = MAX_SECTION) -> list[str]:
    parts: list[str] = []
    rest = text
    while rest:
        cut = rest.rfind("\n", 0, limit) if len(rest) > limit else len(rest)
        if cut <= 0:
            cut = min(len(rest), limit)
        parts.append(rest[:cut])
        rest = rest[cut:].lstrip("\n")
    return parts


def digest_blocks(message: Outgoing) -> list[Block]:
    blocks: list[Block] = []
    if message.title:
        blocks.append(HeaderBlock(text=PlainTextObject(text=message.title[:MAX_HEADER])))
    # Leave room for the header and the buttons.
    for part in split_text(message.text)[: MAX_BLOCKS - 2]:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=part)))
    if message.choices:
        buttons = [
            ButtonElement(
                text=PlainTextObject(text=choice.label[:75]),
                # Unique per message, as Slack requires: the action and the candidate.
                action_id=f"{choice.action}:{choice.value}",
                value=choice.value or choice.action,
                style="primary" if choice.primary else None,
            )
            for choice in message.choices[:MAX_ACTIONS]
        ]
        blocks.append(ActionsBlock(elements=buttons))
    return blocks


def render_digest(message: Outgoing) -> list[dict[str, Any]]:
    """Validated dicts for chat.postMessage (`validate_json` raises on any broken limit)."""
    rendered = []
    for block in digest_blocks(message):
        block.validate_json()
        rendered.append(block.to_dict())
    return rendered


def is_digest(message: Outgoing) -> bool:
    return message.kind == DIGEST_KIND
