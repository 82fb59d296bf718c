"""Finding the outcomes a text reports, and how much each one weighs.

The lexicons live by what they hold: `finished` (work finished, problem solved), `produced`
(a piece of work made, a step made possible, any other past tense) and `effects` (a question
answered, a result, a measured change, time saved, work avoided, the assistant put to use).
Here they become hits with a weight in log-odds: a finished, delivered thing counts more than
a drafted one, and a drafted one more than some past event. A hit is only a candidate:
`stance` decides whether it happened, `tone` whether a complaint spoils it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.advocacy.detect import effects, finished, produced

DONE = 2.3  # delivered, fixed, closed: the work is finished
MADE = 1.7  # written, found, explained: a concrete piece of work, not yet said to be shipped
PAST = 1.2  # some other past tense: something happened, not said to be finished
USED = 0.9  # "used it to…", "spot on": it was put to work, outcome implied

CUES: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("done", finished.DONE_WORDS, DONE),
    ("state", finished.STATE, DONE),
    ("solved", finished.SOLVED, DONE),
    ("made", produced.MADE_WORDS, MADE),
    ("enabled", produced.ENABLED, MADE),
    ("unblocked", effects.UNBLOCKED, DONE),
    ("result", effects.RESULT, DONE),
    ("metric", effects.METRIC, MADE),
    ("saved", effects.SAVED, DONE),
    ("avoided", effects.AVOIDED, MADE),
    ("used", effects.USED_FOR, MADE),
    ("used", effects.USED, USED),
    ("helped", effects.HELPED, MADE),
)
# Any cue at all, and where the first one starts: one scan instead of thirteen for a clause
# with none (most clauses of a complaint), and the thirteen start there when there is one.
# Exact: an alternation matches at a position exactly when one of its branches does, and no
# pattern uses a numbered group reference that joining them would shift.
_ANY_CUE = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern, _ in CUES))

# Kinds that name no action of their own, so a negation before them is no failed attempt:
# "nobody escalated" is a good metric, "never used it for that" no failure.
NOT_ATTEMPTS = frozenset({"past", "metric", "used"})

# "the suggested query" describes; "that fixed it" reports (so "that"/"this" are not here).
_ADJECTIVAL = re.compile(r"\b(?:the|a|an|your|its|our|my)\s+$")
# "the drafts are really polished": a participle graded by a degree word is an adjective.
_GRADED = re.compile(
    r"\b(?:is|are|was|were|'s|'re|looks?|looked|seems?|seemed)(?:\s+(?:really|very|so|quite"
    r"|pretty|super|well|nicely|beautifully|incredibly|extremely)){1,3}\s+$"
)
_DESCRIBING = frozenset({"done", "made"})


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str
    start: int
    end: int
    weight: float


def find_hits(folded: str, start: int, end: int, masked: list[tuple[int, int]]) -> list[Hit]:
    """Outcome cues inside folded[start:end], skipping masked spans (an artefact named by a
    relative clause, "the macro it wrote", is a reference, not an outcome)."""
    piece = folded[start:end]
    hits: list[Hit] = []
    first = _ANY_CUE.search(piece)
    cues, begin = (CUES, first.start()) if first is not None else ((), 0)
    for kind, pattern, weight in cues:
        for match in pattern.finditer(piece, begin):
            at = start + match.start()
            if _masked(at, masked):
                continue
            if kind in _DESCRIBING and _describes(folded, at):
                continue  # "the suggested query", "the fixed version": a description
            hits.append(Hit(kind, at, start + match.end(), weight))
    for match in produced.PAST_TENSE.finditer(folded, start, end):
        at = match.start()
        if match.group() in produced.NOT_AN_OUTCOME or _masked(at, masked):
            continue
        if any(h.start <= at < h.end for h in hits):
            continue
        if _describes(folded, at):
            continue
        hits.append(Hit("past", at, match.end(), PAST))
    return hits


def _describes(folded: str, at: int) -> bool:
    return bool(
        _ADJECTIVAL.search(folded, max(0, at - 8), at)
        or _GRADED.search(folded, max(0, at - 30), at)
    )


def _masked(at: int, masked: list[tuple[int, int]]) -> bool:
    return any(m_start <= at < m_end for m_start, m_end in masked)
