"""The rule-based win detector: standard library only, no network, a fraction of a millisecond
per text. `judge_text` is the whole pipeline; `RuleClassifier` wears the `WinClassifier` face.

Pipeline: fold and cut into clauses → find outcome cues per clause → keep the ones that
happened (stance) and were not spoiled by a complaint in the same clause → read time saved
from realised clauses only → weigh credit, others, complaints, sarcasm and requests → verdict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.advocacy.detect import stance as stances
from bot.advocacy.detect.agents import ARTEFACT_CLAUSE, CLAIM_CLAUSE, SUPERLATIVE_CLAUSE, Credit
from bot.advocacy.detect.attribution import acted_by_assistant, attribute
from bot.advocacy.detect.durations import SavedSpan
from bot.advocacy.detect.others import blank
from bot.advocacy.detect.outcomes import DONE, NOT_ATTEMPTS, Hit, find_hits
from bot.advocacy.detect.sarcasm import is_sarcastic, praise_frames
from bot.advocacy.detect.savings import read_time_saved
from bot.advocacy.detect.scoring import Tally
from bot.advocacy.detect.segments import (
    Clause,
    fold,
    quoted_spans,
    sentence_span,
    split_clauses,
)
from bot.advocacy.detect.tone import UNVERIFIED, find_complaints, is_praise
from bot.advocacy.detect.verdict import Evidence, TimeSaved, WinContext, WinVerdict

_WRITER_SUBJECT = re.compile(r"\b(?:i|we)\s+(?:\w+\s+)?$")
MAX_CHARS = 4000  # a win is told in a few sentences; a pasted document is not read whole
# Realised-time words: "today", "before lunch", "on time", "first try", "in 10 minutes".
_ANCHOR = re.compile(
    r"\b(?:today|tonight|this\s+(?:morning|afternoon|week)|yesterday|on\s+time|first\s+(?:try"
    r"|time|go|round)|finally|same\s+day|before\s+(?:lunch|\d|the\s+\w+)|by\s+(?:\d|noon|lunch"
    r"|eod|end\s+of)|right\s+away|straight\s+away|in\s+(?:seconds|minutes|no\s+time)"
    r"|within\s+the\s+hour|just\s+now|in\s+(?:about\s+|like\s+|~)?\d+\s*(?:min|mins|minutes"
    r"|m|sec|secs|seconds|s))\b"
)


def names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """What a company calls its assistant ("Atlas", "AskHR"), matched as whole words."""
    words = sorted({name.strip().lower() for name in names if name.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + r")\b")


@dataclass
class _Reading:
    original: str
    folded: str
    clauses: list[Clause]
    tally: Tally
    realised: list[tuple[Hit, Clause]] = field(default_factory=list)
    failed_at: list[int] = field(default_factory=list)
    road_not_taken: list[Clause] = field(default_factory=list)  # "by hand" there is moot
    by_assistant: set[int] = field(default_factory=set)  # hits whose subject is the assistant
    complaints: list[int] = field(default_factory=list)
    cue_cache: dict[int, stances.ClauseCues] = field(default_factory=dict)

    def cues(self, clause: Clause) -> stances.ClauseCues:
        found = self.cue_cache.get(clause.start)
        if found is None:
            sentence = self.folded[slice(*sentence_span(self.folded, self.clauses, clause))]
            found = self.cue_cache[clause.start] = stances.ClauseCues.of(clause.text, sentence)
        return found

    def spoiled(self, clause: Clause) -> bool:
        return any(clause.start <= at < clause.end for at in self.complaints)


@dataclass(frozen=True, slots=True)
class RuleReading:
    """The verdict, plus what the rules found whichever way it went: the strongest realised
    outcome and the realised time saved. A model that overrules the rules borrows these."""

    verdict: WinVerdict
    evidence: Evidence | None
    time_saved: TimeSaved | None


def judge_text(
    text: str, context: WinContext = WinContext.UNKNOWN, names: re.Pattern[str] | None = None
) -> WinVerdict:
    """Does `text` report a real win with the assistant? Rules only; never raises."""
    return read_text(text, context, names).verdict


def read_text(
    text: str, context: WinContext = WinContext.UNKNOWN, names: re.Pattern[str] | None = None
) -> RuleReading:
    original = text[:MAX_CHARS]
    folded = fold(original)
    quoted = quoted_spans(folded)
    if quoted:
        # A quoted "did the assistant help?" is the question this text answers.
        if context is WinContext.UNKNOWN and any("help" in folded[a:b] for a, b in quoted):
            context = WinContext.HELPED
        folded = blank(folded, quoted)
    reading = _Reading(original, folded, split_clauses(folded), Tally(context))
    reading.complaints = find_complaints(folded, 0, len(folded))
    masked = [match.span() for match in ARTEFACT_CLAUSE.finditer(folded)]
    masked += [match.span() for match in SUPERLATIVE_CLAUSE.finditer(folded)]
    masked += [match.span() for match in CLAIM_CLAUSE.finditer(folded)]
    for clause in reading.clauses:
        _read_clause(reading, clause, masked)
    saved = read_time_saved(original, lambda offset: _happened(reading, offset))
    if saved:
        clause = next(c for c in reading.clauses if c.start <= saved.start < c.end)
        reading.realised.append((Hit("time", saved.start, saved.end, DONE), clause))
        reading.tally.time_saved = True
    return _weigh(reading, names, saved)


def _read_clause(reading: _Reading, clause: Clause, masked: list[tuple[int, int]]) -> None:
    tally = reading.tally
    if stances.CREDIT.search(clause.text):
        reading.realised.append((Hit("credit", clause.start, clause.end, DONE), clause))
        reading.road_not_taken.append(clause)
        reading.by_assistant.add(clause.start)
        return
    if stances.COUNTERFACTUAL.search(clause.text):
        reading.road_not_taken.append(clause)
    spoiled = reading.spoiled(clause)
    cues = reading.cues(clause)
    reading.failed_at += [clause.start + m.start() for m in stances.FAILURE.finditer(clause.text)]
    for hit in find_hits(reading.folded, clause.start, clause.end, masked):
        at, end = hit.start - clause.start, hit.end - clause.start
        stance = stances.stance_of(cues, at, end)
        if stance is stances.Stance.REALISED and not spoiled:
            reading.realised.append((hit, clause))
            if acted_by_assistant(clause.text[:at]):
                reading.by_assistant.add(hit.start)
            continue
        tally.stances.add("complaint in clause" if stance is stances.Stance.REALISED else stance)
        if stance is stances.Stance.NEGATED and hit.kind not in NOT_ATTEMPTS:
            reading.failed_at.append(hit.start)  # "nobody escalated" is no failure
        elif stance is stances.Stance.QUESTION:
            tally.request = True


def _happened(reading: _Reading, offset: int) -> bool:
    """Whether a duration at `offset` sits where an outcome would count as realised."""
    clause = next((c for c in reading.clauses if c.start <= offset < c.end), None)
    if clause is None or clause in reading.road_not_taken or reading.spoiled(clause):
        return False
    at = offset - clause.start
    stance = stances.stance_of(reading.cues(clause), at, at, verb=False)
    return stance is stances.Stance.REALISED


def _weigh(
    reading: _Reading, names: re.Pattern[str] | None, saved: SavedSpan | None
) -> RuleReading:
    tally, folded = reading.tally, reading.folded
    best = max(reading.realised, key=lambda item: (item[0].weight, -item[0].start), default=None)
    if best:
        tally.best = best[0].weight
        tally.kinds = {hit.kind for hit, _ in reading.realised}
        tally.anchored = _ANCHOR.search(folded) is not None
        last = max(hit.start for hit, _ in reading.realised)
        tally.failed = any(at > last for at in reading.failed_at)
    else:
        tally.failed = bool(reading.failed_at)
    tally.failed = tally.failed or stances.NEGATIVE_ANSWER.match(folded) is not None
    by_writer = best is not None and bool(
        _WRITER_SUBJECT.search(folded, best[1].start, best[0].start)
    )
    credited = attribute(
        folded,
        reading.original,
        road_not_taken=[(c.start, c.end) for c in reading.road_not_taken],
        best_by_assistant=best is not None and best[0].start in reading.by_assistant,
        any_by_assistant=bool(reading.by_assistant),
        names=names,
    )
    tally.credit, tally.others_did_it = credited.credit, credited.others_did_it
    # Someone else's work weighs less when the assistant did the main thing itself.
    tally.assistant_acted = best is not None and credited.assistant_acted
    complaints = reading.complaints
    first_win = min((hit.start for hit, _ in reading.realised), default=len(folded))
    tally.complaints_far = sum(1 for at in complaints if at < first_win)
    tally.complaints_near = len(complaints) - tally.complaints_far
    tally.sarcastic = is_sarcastic(folded, len(complaints)) or (
        # Praise around a bare action of the assistant's, with nothing finished or saved.
        best is not None
        and best[0].weight < DONE
        and best[0].start in reading.by_assistant
        and saved is None
        and praise_frames(folded)
    )
    tally.unverified = UNVERIFIED.search(folded) is not None
    tally.request = tally.request or stances.REQUEST.search(folded) is not None
    tally.praised = is_praise(folded)
    if (
        tally.credit is Credit.NONE
        and not tally.others_did_it
        and tally.complaints_far
        and best is not None
        and not by_writer
    ):
        # A concession before the outcome ("hallucinated one flag, but the script works")
        # judges something: with no one else named, the assistant the text answers about.
        # Not when the writer did the outcome: "it was wrong, but I caught it".
        tally.credit = Credit.IMPLIED
    probability = tally.probability()
    is_win = probability >= 0.5
    evidence = None
    if best:
        start, end = sentence_span(folded, reading.clauses, best[1])
        evidence = Evidence(start, end, reading.original[start:end])
    time_saved = saved.saved if saved else None
    verdict = WinVerdict(
        is_win=is_win,
        probability=round(probability, 4),
        evidence=evidence if is_win else None,
        time_saved=time_saved if is_win else None,
        reasons=tally.reasons(),
    )
    return RuleReading(verdict, evidence, time_saved)
