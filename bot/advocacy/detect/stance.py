"""Whether an outcome the text names actually happened: negation, modality, counterfactuals,
questions and requests, each scoped to the clause that holds the outcome.

- Negation reaches back a few words ("didn't really fix", "never got sent", "wasn't able to
  finish") or forward to the object ("saved nothing"); "didn't have to" and "no need to" are
  work avoided, not failures, and "not only" negates nothing.
- Modality (could, will, planning to, if, once…) before an outcome makes it a plan or a
  capability; a conditional after it ("saves 10 min per ticket if the macros work") too.
- A counterfactual ("would have saved me", "if I'd known", "wish") before an outcome means it
  did not happen — except credit given through one: "couldn't have shipped it without the
  bot" says it *did* ship, and whom to thank.
- A question or a request is not a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.advocacy.detect.segments import words

_NEGATOR = (
    r"not|never|no|nothing|nobody|didn'?t|did\s+not|don'?t|do\s+not|doesn'?t|does\s+not"
    r"|wasn'?t|was\s+not|weren'?t|were\s+not|isn'?t|is\s+not|aren'?t|are\s+not|haven'?t"
    r"|have\s+not|hasn'?t|has\s+not|hadn'?t|couldn'?t|could\s+not|can'?t|cannot|won'?t"
    r"|wouldn'?t|would\s+not|failed\s+to|unable\s+to|nearly|almost|barely|hardly|neither|nor"
    r"|yet\s+to|without"
)
# Up to three words between the negator and the outcome, none of them a conjunction: "no
# errors and merged" negates the errors, not the merge.
_NEGATED_BEFORE = re.compile(
    rf"\b(?:{_NEGATOR})\b(?:\s+(?!and\b|so\b|then\b|but\b)[\w'-]+){{0,3}}\s*$"
)
_NOT_A_NEGATION = re.compile(
    r"\b(?:not\s+only|not\s+just|no\s+need|nothing\s+but|can'?t\s+believe|couldn'?t\s+believe"
    r"|no\s+longer\s+have|(?:didn'?t|don'?t|never)\s+(?:have|need|had)\s+to)\b"
)
_NEGATED_AFTER = re.compile(
    r"\s*(?:nothing|no\s+time|zero|none|anything|any\s+time|not\s+at\s+all|jack|squat)\b"
)
_MODAL = words(
    r"could|would(?!\s+(?:say|guess|estimate))|might|may|will|shall|should|can|gonna",
    r"going\s+to|plan(?:ning|s|ned)?\s+(?:to|on)|plan\s+is|hop(?:e|es|ing|efully)",
    # "just wanted to say it sorted my question" reports; "wanted to try it" plans.
    r"(?:wants?|wanted)\s+to(?!\s+(?:say|share|let|tell|thank|flag|mention|report|shout))",
    r"wanna|would\s+like|intend|expect(?:ing|s|ed)?|try(?:ing)?\s+to|let'?s\s+see",
    r"(?<!as\s)(?<!even\s)if|(?<!for\s)(?<!at\s)once|imagine|potentially|possibly|maybe|perhaps",
    r"in\s+theory|theoretically|eventually|someday|one\s+day|soon|tomorrow|promising",
    r"next\s+(?:week|month|time|quarter|year|sprint)|thinking\s+(?:about|of)|excited\s+to",
    r"looking\s+forward|can'?t\s+wait|seems?\s+(?:like|to)",
    # Contractions: "it'll save", "it'd save" — but "I'd say it saved" is a hedge, not a plan.
    r"(?<=')ll|(?<=')d(?!\s+(?:have|been|already|say|guess|estimate)\b)",
)
_CONDITION_AFTER = words(
    r"(?<!as\s)(?<!even\s)if|once\s+(?:it|we|everyone|they|the)",
    r"when\s+(?:it|we)\s+(?:can|could|gets?|learns?|knows?|supports?)",
)
COUNTERFACTUAL = words(
    r"(?:would|could|should|might|must)(?:'ve|\s+have|\s+of)|(?<=')d\s+(?:have|'ve)",
    r"if\s+(?:i|we|you|someone|they)\s+(?:had|'d)|if\s+i'd|if\s+only",
    # "I wish to inform you that…" is formal register, not a wish.
    r"wish(?:ed)?(?!\s+to\s+(?:inform|say|share|report|thank|let|mention|highlight|confirm"
    r"|update|note|acknowledge|express))",
    r"had\s+(?:i|we)\s+(?:known|asked|used|tried|had)",
)
_ASSISTANT = (
    r"(?:it|this|that|you|the\s+\w+|copilot|chatgpt|gpt|claude|gemini|ai|its\s+help|your\s+help)"
)
CREDIT = re.compile(
    rf"\b(?:couldn'?t|could\s+not|wouldn'?t|would\s+not|never\s+(?:would|could)|no\s+way"
    rf"(?:\s+(?:i|we|they)(?:'d|\s+would|\s+could)?)?)(?:'ve|\s+have)?\b.{{0,80}}?"
    rf"\bwithout\s+{_ASSISTANT}\b"
    rf"|\bwithout\s+{_ASSISTANT}(?:'s(?:\s+[\w-]+){{1,6}}?)?,?\s+(?:i|we|they)(?:'d|\s+would"
    rf"|\s+could)\b"
)
_INTERROGATIVE = re.compile(
    r"^(?:(?:can|could|does|do|did|will|would|is|are|has|have)\s+(?:it|you|we|i|this|anyone"
    r"|someone|they|our|the\s+(?!job\b|trick\b)\w+)|any\s+(?:chance|way)|how\s+(?:do|can|does)"
    r"|is\s+there|does\s+anyone|when\s+will|what\s+if)\b"
)
REQUEST = words(
    r"(?:please|pls|plz|pleeease)\b.{0,30}\b(?:add|make|support|let|give|allow|enable|include"
    r"|integrate|connect)",
    r"feature\s+request|would\s+(?:be|love)\b.{0,25}\bif|it\s+would\s+help\s+if",
    r"wish\s+(?:it|you|the\s+\w+)\s+(?:could|would|had|did)|need\s+(?:it|you|the\s+\w+)\s+to",
    r"can\s+(?:we|i)\s+(?:get|have)|any\s+(?:chance|way)|is\s+there\s+(?:a|any)\s+way",
    r"how\s+(?:do|can)\s+(?:i|we)|would\s+love\s+(?:to|it|this)|when\s+will\s+(?:it|you)",
    r"does\s+anyone\s+know",
)


# An outcome said not to have happened, named by its base verb: "didn't answer my question".
FAILURE = re.compile(
    r"\b(?:didn'?t|did\s+not|doesn'?t|does\s+not|couldn'?t|could\s+not|can'?t|cannot|won'?t"
    r"|wasn'?t\s+able\s+to|weren'?t\s+able\s+to|never|failed\s+to|unable\s+to)\s+(?:really\s+"
    r"|actually\s+|even\s+|quite\s+)?(?:answer|fix|help|work|solve|save|catch|find|get|finish"
    r"|pull|produce|understand|recogni[sz]e|handle|load|open|read|return|give|show|include"
    r"|mention|cover|pick\s+up|spot|flag|address|explain|speed|cut|reduce|match|compile|run"
    r"|deliver|use\s+(?:it|them|any|the|that|this)|do\s+(?:it|the|what|much|anything))\b"
    r"|\bnot\s+(?:usable|there\s+yet|ready|solved|fixed|resolved|answered|helpful|useful)\b"
    r"|\b(?:still\s+)?had\s+to\s+(?:redo|rewrite|re-?do|fix|correct|start\s+over|do\s+it\s+"
    r"(?:myself|manually|again|by\s+hand))\b"
    r"|\b(?:i|we)\s+(?:\w+\s+)?(?:redid|re-did|redone)\b"
)


# A reply that opens by answering "no": "no, ended up pairing with Tom", "not really – …".
NEGATIVE_ANSWER = re.compile(
    r"^\s*(?:no|nope|nah|not\s+really|not\s+much|not\s+this\s+time)\b"
    r"(?!\s+(?:more|need|longer|problem|worries|issues?|errors?|doubt|way)\b)\s*[,.!–—:-]"
)


class Stance(StrEnum):
    REALISED = "realised"
    NEGATED = "negated"
    HYPOTHETICAL = "hypothetical"
    COUNTERFACTUAL = "counterfactual"
    QUESTION = "question"


_INFINITIVE = re.compile(r"\bto\s+(?:be\s+)?$")
_REALISED_INFINITIVE = re.compile(
    r"\b(?:able|managed|got|helped\s+\w+|used\s+[\w\s]{1,30})\s+to\s+(?:be\s+)?$"
)
_HEDGES = frozenset({"maybe", "perhaps", "possibly", "potentially"})
_AMOUNT_AFTER = re.compile(
    r"\s+(?:about\s+|around\s+|like\s+|~)?(?:\d|an?\s|half|one|two|three|four|five|ten|twenty"
    r"|thirty|a\s+couple|a\s+few)"
)
NEGATION_REACH = 48  # characters before an outcome a negator can reach across (three words)


@dataclass(frozen=True, slots=True)
class ClauseCues:
    """Where the clause's modal, counterfactual and conditional words are, found once so each
    outcome in it only compares offsets."""

    text: str
    question: bool
    first_modal: int
    first_counterfactual: int
    conditions: tuple[int, ...]

    @classmethod
    def of(cls, clause: str, sentence: str) -> ClauseCues:
        modal = next((m for m in _MODAL.finditer(clause) if not _is_hedge(clause, m)), None)
        counterfactual = COUNTERFACTUAL.search(clause)
        return cls(
            text=clause,
            question=sentence.rstrip().endswith("?") or bool(_INTERROGATIVE.match(sentence)),
            first_modal=modal.start() if modal else len(clause) + 1,
            first_counterfactual=counterfactual.start() if counterfactual else len(clause) + 1,
            conditions=tuple(match.start() for match in _CONDITION_AFTER.finditer(clause)),
        )


def stance_of(cues: ClauseCues, at: int, end: int, *, verb: bool = True) -> Stance:
    """The stance of the outcome at clause[at:end]; `verb` is False for a duration, which an
    infinitive does not make hypothetical ("from 90 min to 15")."""
    if cues.question:
        return Stance.QUESTION
    if cues.first_counterfactual < at:
        return Stance.COUNTERFACTUAL
    before = cues.text[max(0, at - NEGATION_REACH) : at]
    if _is_negated(before, cues.text[end:]):
        return Stance.NEGATED
    if cues.first_modal < at or any(start >= end for start in cues.conditions):
        return Stance.HYPOTHETICAL
    if verb and _INFINITIVE.search(before) and not _REALISED_INFINITIVE.search(before):
        return Stance.HYPOTHETICAL  # an infinitive is an aim: "it took 4 tries to get one out"
    return Stance.REALISED


def _is_hedge(clause: str, modal: re.Match[str]) -> bool:
    """ "maybe 20 mins saved", "possibly an hour": a hedge on an amount, not on the event."""
    return modal.group() in _HEDGES and _AMOUNT_AFTER.match(clause, modal.end()) is not None


def _is_negated(before: str, after: str) -> bool:
    if _NEGATED_AFTER.match(after):
        return True
    found = _NEGATED_BEFORE.search(before)
    return found is not None and not _NOT_A_NEGATION.search(before, max(0, found.start() - 12))
