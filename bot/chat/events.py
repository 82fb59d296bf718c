"""The one normalised event both adapters produce from a platform payload."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field

from bot.records import Frozen, MessageRef, PersonRef, UtcDatetime


class EventKind(StrEnum):
    REACTION_ADDED = "reaction_added"
    REACTION_REMOVED = "reaction_removed"
    FEEDBACK_CLICKED = "feedback_clicked"
    MESSAGE = "message"
    COMMAND = "command"
    INSTALLED = "installed"


class ChatEvent(Frozen):
    """Platform, tenant, who acted, where, what they said, when, and the raw payload.

    `key` is the platform's own id for the delivery (Slack `event_id`, Teams activity id),
    which is what makes retries harmless.
    """

    kind: EventKind
    key: str = Field(min_length=1, max_length=255)
    actor: PersonRef
    conversation: str
    target: MessageRef | None = None
    text: str = ""
    reaction: str | None = None
    occurred_at: UtcDatetime
    raw: dict[str, Any] = Field(default_factory=dict, repr=False)
