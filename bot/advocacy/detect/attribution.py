"""Whose win it is: the assistant's, nobody's in particular, or someone else's.

`agents` finds how the assistant is named or pointed at; `others` finds someone or something
else doing the work. Here the two are weighed for one text: the credit the assistant gets,
whether others did it, and whether the assistant *acted* — as the subject of the outcome ("it
caught a duplicate payment") or as the instrument of a person's work ("she used the assistant
to rebuild the checklist"). A person credited for work done with the assistant is a team
win; a person credited while the assistant only "just wrote the title", or was ruled out
("our assistant was down"), is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.advocacy.detect.agents import INSTRUMENT, SUBJECT_BEFORE, Credit, credit_in
from bot.advocacy.detect.others import assistant_denied, blank, others_did_it

_MINIMISED = re.compile(r"\b(?:just|only|merely)\s*$")
_ASSISTANT_SUBJECT = re.compile(r"\b(?:it|the\s+\w+|copilot|chatgpt|gpt|claude|gemini|ai)\b")


@dataclass(frozen=True, slots=True)
class Attribution:
    credit: Credit
    others_did_it: bool
    assistant_acted: bool


def acted_by_assistant(clause_before_hit: str) -> bool:
    """Whether the words right before an outcome make the assistant its subject ("it fixed",
    "the bot has cut"); "the bot just wrote the title" minimises what it did, so it is not."""
    subject = SUBJECT_BEFORE.search(clause_before_hit)
    return (
        subject is not None
        and _ASSISTANT_SUBJECT.search(subject.group()) is not None
        and _MINIMISED.search(subject.group()) is None
    )


def attribute(
    folded: str,
    original: str,
    *,
    road_not_taken: list[tuple[int, int]],
    best_by_assistant: bool,
    any_by_assistant: bool,
    names: re.Pattern[str] | None,
) -> Attribution:
    """The credit for the text's outcome; `road_not_taken` are counterfactual spans, where
    "by hand" is the alternative avoided and says nothing about who did the work."""
    others = others_did_it(folded, original, road_not_taken, names)
    credit = credit_in(blank(folded, others), names)
    if any_by_assistant:
        credit = Credit.NAMED  # "it caught a duplicate payment": it is the assistant
    instrument = INSTRUMENT.search(folded) is not None and not assistant_denied(folded)
    return Attribution(credit, bool(others), best_by_assistant or instrument)
