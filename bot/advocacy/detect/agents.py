"""Who did it: the assistant, the writer alone, or someone else.

A win needs the assistant in it. People name it ("the bot", "Copilot", "with its help"), point
at what it produced ("that formula", "the draft"), address it ("you saved me"), thank it, or
just use "it" as the subject of an outcome — in this product that "it" is the assistant. Some
replies leave it out entirely ("worked perfectly, customer replied"), answering the 👍 they
follow. Against that: "fixed it myself", "Priya from treasury sorted it", "googled it", "no
thanks to the bot", "gave up on it" — the work got done, without the assistant.
"""

from __future__ import annotations

import re
from enum import IntEnum

from bot.advocacy.detect.segments import words

_NAMES = (
    r"bot|chat\s?bot|assistant|ai|a\.i\.|copilot|co-pilot|chat\s?gpt|gpt[\w.-]*|claude|gemini"
    r"|llm|genai|gen\s+ai|the\s+model|the\s+tool|this\s+tool|this\s+thing|this\s+app"
)
_ARTEFACT = (
    r"answers?|repl(?:y|ies)|responses?|suggestions?|suggested\s+\w+|drafts?|summar(?:y|ies)"
    r"|scripts?|quer(?:y|ies)|formulas?|macros?|regex|snippets?|code|templates?|explanations?"
    r"|outputs?|breakdowns?|one-liner|sql|xlookup|vlookup|results?|yaml|rewrite|translation"
    r"|checklist|comparison|list"
)
# A relative clause naming an artefact the assistant made: a reference, not a new outcome.
ARTEFACT_CLAUSE = re.compile(
    rf"\b(?:the|that|this|a|an|those|these|its)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:it|the\s+(?:{_NAMES})"
    rf"|{_NAMES}|you)\s+(?:wrote|gave(?:\s+me|\s+us)?|made|generated|suggested|drafted|produced"
    rf"|created|proposed|recommended|came\s+up\s+with|spat\s+out|built)\b"
)
_NAMED = words(
    rf"(?:{_NAMES})(?:'s)?|with\s+its\s+help|thanks\s+to\s+(?:it|you|this|that)",
    rf"its\s+(?:{_ARTEFACT}|help)|(?:used|asked|prompted|got)\s+it|with\s+it",
    r"it\s+(?:just\s+|even\s+|also\s+|actually\s+|literally\s+|then\s+)?(?:worked|works|did"
    r"|does|nailed|helped|saved|found|got|gave|told|showed|wrote|made|caught|spotted|flagged"
    r"|explained|answered|suggested|pointed|knew|came|pulled|built|drafted|[a-z]{3,}ed)",
)
_POINTED = words(
    rf"(?:the|that|this|your|ur)\s+(?:suggested\s+)?(?:{_ARTEFACT})|you|your",
    r"thanks|thank\s+you|thank\s+u|thx|ty|tysm|tyvm|cheers|kudos",
    r"(?:answer|reply|response|suggestion)s?(?!\s+(?:from|by)\s+(?:my|a|our|the)\s)",
    # A reply that starts with the verdict leaves out its subject: the answer it rates.
    r"^(?:worked|works|did\s+the\s+(?:job|trick)|nailed\s+it|spot\s+on|bang\s+on|perfect"
    r"|exactly\s+what|that\s+(?:did|was)\s+it|this\s+(?:did|was)\s+it|legend|lifesaver"
    r"|helped|saved\s+(?:me|us))",
)
_THANKS_SIGN = re.compile(r"[🙏👍]")
# Asking for an artefact ("asked for a summary of the proposals") is asking the assistant.
_ASKED_FOR = re.compile(rf"\basked\s+(?:it\s+|the\s+\w+\s+)?for\s+(?:a|an|the)\s+(?:{_ARTEFACT})\b")
# "it" (or the assistant by name) as the subject of the outcome that follows; not "it was
# approved", where "it" is the work itself.
SUBJECT_BEFORE = re.compile(
    rf"\b(?:it|you|this|that|(?:the\s+)?(?:{_NAMES}))(?:\s+just|\s+even"
    rf"|\s+also|\s+actually|\s+literally|\s+then|\s+quickly|\s+instantly|\s+basically)?\s*$"
)
_OTHER_AGENT = re.compile(
    r"\b(?:myself|by\s+myself|on\s+(?:my|our)\s+own|ourselves|by\s+hand|manually"
    r"|old[- ]fashioned\s+way|old[- ]school|the\s+old\s+way|no\s+thanks\s+to|despite\s+(?:it"
    r"|the\s+\w+)|gave\s+up\s+(?:on|and)|ended\s+up\s+(?:doing|writing|fixing|building|asking"
    r"|calling|going|reading)|googl\w+|stack\s?overflow|ctrl[+-]f|cmd[+-]f"
    r"|(?:(?:a|my|our)\s+(?:colleague|coworker|co-worker|teammate|manager|boss|team\s+lead"
    r"|mentor|friend)|(?:the\s+)?(?:intern|vendor'?s?|supplier'?s?|consultant|contractor"
    r"|helpdesk|help\s+desk|support\s+team|it\s+team|legal|she|he))\s+(?:[\w-]+\s+){0,2}"
    r"(?:fixed|sorted|solved|answered|built|rewrote|found|walked|explained|did|handled"
    r"|resolved|wrote|figured|had\s+the\s+answer|showed)"
    r"|no\s+need\s+for\s+(?:the\s+)?(?:bot|ai|assistant|it|copilot|chatgpt)|by\s+phone"
    r"|(?<=,\s)not\s+(?:the\s+)?(?:bot|ai|assistant|copilot|chatgpt)"
    r"|nothing\s+to\s+do\s+with\s+(?:the\s+)?(?:bot|ai|assistant|it|copilot|chatgpt)"
    r"|not\s+(?:because\s+of|thanks\s+to|due\s+to)\s+(?:the\s+)?(?:ai|bot|assistant|it|copilot)"
    r"|(?:solved|fixed|figured|sorted|found|did)\s+(?:it|this|that|the\s+\w+)?\s*(?:out\s+)?by\s+"
    r"(?!following|using|applying|trying|asking\s+(?:it|the\s+(?:bot|assistant|ai)))\w+ing"
    r"|(?:asked|called|pinged|emailed|messaged)\s+(?:a\s+colleague|my\s+\w+|someone|a\s+human)"
    r"|(?:faster|better|quicker)\s+than\s+(?:asking\s+|using\s+)?(?:it|the\s+(?:bot|assistant"
    r"|ai)|copilot|chatgpt)|still\s+does\s+(?:this|it)\s+better|our\s+old\s+(?:macro|script"
    r"|template|process|tool|spreadsheet|way)|no\s+(?:ai|bot|assistant|copilot|chatgpt)\s+"
    r"(?:was\s+)?(?:involved|used|needed|help)|without\s+(?:using\s+|touching\s+|asking\s+"
    r"|opening\s+|any\s+help\s+from\s+|help\s+from\s+)?(?:it|the\s+(?:bot|assistant|ai|tool)"
    r"|any\s+ai|ai|copilot|chatgpt))\b"
)
_REFLEXIVE_BENEFIT = re.compile(r"\b(?:saved|spared|save|saves)\s+(?:myself|ourselves)\b")
# A name before "from <team>" is a person: "Priya from treasury sorted the FX issue".
_PERSON_FROM = re.compile(
    r"(?=[A-Z])\b(?!(?:The|This|That|Copilot|Claude|Gemini|Answer|Help|Feedback)\b)"
    r"[A-Z][a-z]{2,}\s+(?:from|in|on)\s+(?:the\s+)?[a-z]{3,}\s+(?:[a-z]+\s+)?(?:sorted|fixed|solved|answered"
    r"|did|built|wrote|rewrote|helped|walked|explained|found|handled|resolved|figured)\b"
    r"|\bwas\s+all\s+(?!(?:the|it|this|that|thanks)\b)[A-Z][a-z]{2,}\b"
    r"|(?:,|\band|\bthen|\bbut)\s+[A-Z][a-z]{2,}\s+(?:sorted|fixed|solved|answered|built|wrote"
    r"|rewrote|walked|explained|found|handled|resolved|figured)\b"
)


class Credit(IntEnum):
    NONE = 0
    IMPLIED = 1  # thanked, addressed, pointed at ("that formula"), or an elided subject
    NAMED = 2  # named, or "it" as the subject of the outcome


def credit_in(folded: str, extra_names: re.Pattern[str] | None) -> Credit:
    if _NAMED.search(folded) or (extra_names and extra_names.search(folded)):
        return Credit.NAMED
    if ARTEFACT_CLAUSE.search(folded):
        return Credit.NAMED  # "the copy it wrote": made by the assistant
    if _POINTED.search(folded.lstrip()) or _THANKS_SIGN.search(folded) or _ASKED_FOR.search(folded):
        return Credit.IMPLIED
    return Credit.NONE


def others_did_it(
    folded: str, original: str, outside: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Spans saying the work was done without the assistant; `outside` are spans
    (counterfactual clauses) where "by hand" is the road not taken and does not count."""
    spans = []
    for match in _OTHER_AGENT.finditer(folded):
        if any(start <= match.start() < end for start, end in outside):
            continue
        if _REFLEXIVE_BENEFIT.search(folded, max(0, match.start() - 10), match.end()):
            continue  # "saved myself a trip" is a benefit, not self-reliance
        spans.append(match.span())
    spans += [match.span() for match in _PERSON_FROM.finditer(original)]
    return spans


def blank(folded: str, spans: list[tuple[int, int]]) -> str:
    """The text with `spans` blanked out (same length), so "no AI involved" credits no AI."""
    for start, end in spans:
        folded = folded[:start] + " " * (end - start) + folded[end:]
    return folded
