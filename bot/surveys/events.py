"""What the survey side tells other features, so nothing here depends on them.

A free-text answer to an *attributed* survey is published as a `TextAnswer` (the win detector
listens for wins in it). Anonymous answers are never published: a listener could otherwise
tie them back to the person.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from bot.records import PersonRef


@dataclass(frozen=True)
class TextAnswer:
    person: PersonRef
    text: str
    survey: str
    question: str
    # Unique per answer: a listener that stores something keys it on this, so a redelivered
    # event never counts twice.
    response_key: str
    at: datetime


TextAnswerListener = Callable[[TextAnswer], Awaitable[None]]
