"""Whether a time saved recurs, and per what: a rate stays a rate.

"10 minutes per ticket" is 10, per ticket; "an hour a day" is 60, per day; "5 mins a ticket"
is a rate too. The unit may come after the duration ("per PR", "every week now"), before the
pair it belongs to ("research per account went from 40 min to 10"), or be implied by a
recurring task said in the present ("the weekly report now takes 10 min instead of an hour").
A rate is never multiplied out: how many tickets a month is the reader's business.
"""

from __future__ import annotations

import re

_RATE_AFTER = re.compile(
    r"\s*(?:(?P<adverb>daily|weekly|monthly)\b|(?:(?:(?:off|on|for|from|in|across)\s+)?"
    r"(?P<every>per|each|every|/)|(?P<a>an?))\s+(?:single\s+)?(?P<unit>[a-z][\w-]*)"
    r"(?:\s+(?P<unit2>[a-z][\w-]*))?)"
)
# A recurrence said later in the sentence: "half an hour saved on the pipeline email, every
# week now"; "10 minutes instead of an hour every sprint".
RECURS_LATER = re.compile(
    r"[^.!?;]{0,60}?\b(?:every|each|per)\s+(?P<unit>day|week|month|sprint|quarter|morning"
    r"|shift|year)\b"
)
_EACH = re.compile(r"\s*each\b")
_PER_BEFORE = re.compile(r"\b(?:per|each)\s+([a-z][\w-]*)\b(?![^.!?;]*[.!?;])")
# "the weekly ops report now takes 10 min instead of an hour": the saving recurs weekly.
_RECURRING = re.compile(r"\b(daily|weekly|monthly)\b|\bevery\s+(day|week|month)\b")
# Present tense, or a verb of lasting change ("cut my weekly reporting from 4h to 1").
_PRESENT = re.compile(
    r"\b(?:now|takes|these\s+days|nowadays|cut|reduced|shortened|brought\s+down)\b"
)
_EARLY = {"early", "earlier", "ahead", "sooner", "late", "later", "faster", "quicker"}
# "a bit", "a lot", "a huge relief": "a" before these names no unit of work.
_NOT_A_UNIT = {"bit", "lot", "few", "couple", "total", "good", "solid", "whole", "half", "while",
               "quarter", "chance", "huge", "big", "massive", "great", "nice"}  # fmt: skip
_TIME_UNITS = {"day", "week", "month", "morning", "shift", "sprint", "quarter", "year", "night"}
_STOP = {"on", "in", "for", "with", "and", "of", "to", "when", "by", "the", "a", "i", "we", "it",
         "so", "but", "now", "since", "from", "at", "or", "is", "was", "that", "which", "just",
         "if", "because", "as", "than", "then", "who", "once", "until", "instead", "rather",
         "vs", "versus", "compared", "not"}  # fmt: skip


def rate_after(folded: str, end: int) -> tuple[str | None, int]:
    """The unit of a rate right after a duration ending at `end`, and where the rate ends."""
    match = _RATE_AFTER.match(folded, end)
    if match is None:
        alone = _EACH.match(folded, end)  # "from 45 minutes to 10 each."
        return ("each", alone.end()) if alone else (None, 0)
    if match["adverb"]:
        return match["adverb"].removesuffix("ly").replace("dai", "day"), match.end()
    unit = _singular(match["unit"])
    if unit in _STOP:
        # "from 45 minutes to 10 each with": per one of whatever the sentence is about.
        return ("each", match.end("every")) if match["every"] == "each" else (None, 0)
    if match["a"] and (unit in _NOT_A_UNIT or match["unit2"] in _EARLY):
        return None, 0  # "a bit", "a day early": no rate; "5 mins a ticket", "an hour a day" are
    words = [unit]
    second = match["unit2"]
    if second and second not in _STOP and unit not in _TIME_UNITS:
        words.append(_singular(second))
    return " ".join(words), match.end("unit2") if len(words) == 2 else match.end("unit")


def rate_before(folded: str, first: int) -> str | None:
    """ "research per account went from 40 min to 10": the unit named before the pair."""
    window = folded[max(0, first - 50) : first]
    found = _PER_BEFORE.search(window)
    return found.group(1) if found else None


def recurrence(folded: str, first: int) -> str | None:
    """A recurring task said in the present around a before/after pair, as a unit."""
    window = folded[max(0, first - 60) : first + 80]
    match = _RECURRING.search(window)
    if match is None or not _PRESENT.search(window):
        return None  # "on the weekly deck" this once; "the weekly deck now takes" every week
    word = match.group(1) or match.group(2)
    return {"daily": "day", "weekly": "week", "monthly": "month"}.get(word, word)


# "handover notes take 5 minutes instead of 20", "each request takes 3 minutes less": a task
# told in the habitual present, in the plural or one by one, recurs; the time is per task.
_HABITUAL = re.compile(
    r"\b(?:(?:each|every)\s+(?:[\w-]+\s+){0,2}?(?P<one>[a-z][\w-]*)\s+(?:now\s+)?takes"
    r"|(?P<many>[a-z][\w-]*[^s\W])s\s+(?:now\s+)?take)\b(?![^.!?;]*[.!?;])"
)


def habitual(folded: str, first: int) -> str | None:
    """The task a duration is per when the sentence tells it as a habit, else None."""
    match = _HABITUAL.search(folded, max(0, first - 60), first)
    if match is None:
        return None
    unit = match["one"] or match["many"]
    return None if unit in _STOP else unit


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
