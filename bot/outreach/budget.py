"""The fatigue budget: one allowance per person shared by everything Groundswell starts.

By default at most one survey and at most three bot-initiated messages (surveys included)
per seven days. Follow-up prompts, surveys, champion nudges and questions from the AI team
all draw on it, so a person who got a follow-up today is not also surveyed beyond it.
Replies to what a person asked for (a command's answer) and reminders of a survey they
already got do not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.records import Budget

WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class BudgetLimits:
    surveys: int = 1
    messages: int = 3


def over_budget(spent: dict[Budget, int], wanted: Budget, limits: BudgetLimits) -> bool:
    """Whether one more message of the `wanted` kind would break an allowance."""
    surveys = spent.get(Budget.SURVEY, 0)
    messages = surveys + spent.get(Budget.MESSAGE, 0)
    if wanted is Budget.SURVEY and surveys >= limits.surveys:
        return True
    return messages >= limits.messages
