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

NAMES = (
    r"bot|chat\s?bot|as{1,2}is{0,2}t[ae]nt|ai|a\.i\.|copilot|co-pilot|chat\s?gpt|gpt[\w.-]*|claude|gemini"
    r"|llm|genai|gen\s+ai|the\s+model|the\s+tool|this\s+tool|this\s+thing|this\s+app"
)
_ARTEFACT = (
    r"answers?|repl(?:y|ies)|responses?|suggestions?|suggested\s+\w+|drafts?|summar(?:y|ies)"
    r"|scripts?|quer(?:y|ies)|formulas?|macros?|regex|snippets?|code|templates?|explanations?"
    r"|outputs?|breakdowns?|one-liner|sql|xlookup|vlookup|results?|yaml|rewrite|translation"
    r"|checklist|comparison|list"
)
# A reduced relative clause, "every line it gave me", "the bug it introduced", "the draft the
# bot wrote": a reference to something the assistant made, not a new outcome (and no failure
# either: "spent 2 hrs correcting the letter it drafted" reports the correcting). Time words are
# not artefacts: in "this morning it fixed my query" the fixing is the news.
_REFERENCE_HEAD = r"(?!(?:morning|afternoon|evening|week|month|day|time|year|quarter|weekend)\b)"
ARTEFACT_CLAUSE = re.compile(
    rf"\b(?:the|that|this|a|an|those|these|its|every|each|all|any|some|one)\s+(?:[\w-]+\s+){{0,2}}"
    rf"{_REFERENCE_HEAD}[\w-]+\s+(?:that\s+|which\s+)?(?:it|the\s+(?:{NAMES})|{NAMES}|you)"
    rf"(?:'d|\s+had)?\s+(?:[a-z]{{3,}}ed|wrote|gave|made|took|sent|told|came\s+up\s+with|spat"
    rf"\s+out|built|found|brought|did|put|drew\s+up|chose|picked|dug\s+up|spun\s+up)"
    rf"(?:\s+(?:me|us|up|out))?\b"
)
# What the assistant claims, or tells someone to do, is not an outcome: "the bot said the
# issue was fixed" (the customer may still be locked out), "it told me to restart the server".
CLAIM_CLAUSE = re.compile(
    rf"\b(?:it|the\s+(?:{NAMES})|{NAMES})\s+(?:said|says|claimed|claims|insisted|swore"
    rf"|assured\s+(?:me|us)|told\s+(?:me|us)\s+(?:to|that|(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+"
    rf"(?:had|has|was|were|is|are|would|will)))\b[^.!?;,]*?(?=\s+(?:but|and|so)\b|[.!?;,]|$)"
)
# An evaluative relative about the tool, "the best tool we've rolled out", judges it and
# reports nothing done ("the best CTR we've seen" is a result, and stays one).
SUPERLATIVE_CLAUSE = re.compile(
    r"\b(?:best|worst|only|first|most\s+\w+|least\s+\w+)\s+(?:[\w-]+\s+)?(?:tool|thing|feature"
    r"|app|bot|assistant|ai|product|investment|software|idea|purchase|addition|change|platform"
    r"|system|rollout)s?\s+(?:that\s+)?(?:i|we|you|they|it|[\w-]+\s+team)(?:'ve|\s+have|\s+has|'s"
    r"|'d|\s+had)?\s+(?:ever\s+)?"
    r"[a-z]+(?:\s+(?:out|up|in))?\b"
)
# The assistant as the instrument of someone's work: "she used the assistant to rebuild…".
INSTRUMENT = re.compile(
    rf"\b(?:used|using|with|via|through|thanks\s+to)\s+(?:the\s+|our\s+|my\s+)?(?:{NAMES})\b"
    rf"|\bwith\s+(?:its|your|the\s+(?:{NAMES})'s)\s+help|\bwith\s+(?:the\s+)?help\s+of\b"
)
_NAMED = words(
    rf"(?:{NAMES})(?:'s)?|with\s+its\s+help|thanks\s+to\s+(?:it|you|this|that)",
    rf"its\s+(?:{_ARTEFACT}|help)|(?:used|asked|prompted|got)\s+it|(?:with|through|via|into)\s+it",
    r"it\s+(?:just\s+|even\s+|also\s+|actually\s+|literally\s+|then\s+|has\s+|had\s+)?"
    r"(?:worked|works|did|cut|done|made|written|built|given|got"
    r"|does|nailed|helped|saved|found|got|gave|told|showed|wrote|made|caught|spotted|flagged"
    r"|explained|answered|suggested|pointed|knew|came|pulled|built|drafted|[a-z]{3,}ed)",
)
_POINTED = words(
    rf"(?:the|that|this|your|ur)\s+(?:suggested\s+|drafted\s+|generated\s+|proposed\s+)?"
    rf"(?:{_ARTEFACT})|you|your",
    r"thanks|thank\s+you|thank\s+u|thx|thnx|thnks|thks|thanx|ty|tysm|tyvm|ta|cheers|kudos",
    # A reply that opens with "yes" answers "did the assistant help?".
    r"^(?:yes|yep|yeah|yup|definitely|absolutely|massively|it\s+did|for\s+sure)\b",
    r"(?:answer|reply|response|suggestion)s?(?!\s+(?:from|by)\s+(?:my|a|our|the)\s)",
    # A reply that starts with the verdict leaves out its subject: the answer it rates.
    r"^(?:worked|works|did\s+the\s+(?:job|trick)|nailed\s+it|spot\s+on|bang\s+on|perfect"
    r"|exactly\s+what|that\s+(?:did|was)\s+it|this\s+(?:did|was)\s+it|legend|lifesaver"
    r"|helped|saved\s+(?:me|us))",
)
_THANKS_SIGN = re.compile(r"[🙏👍👌]")
# Asking for an artefact ("asked for a summary of the proposals") is asking the assistant.
_ASKED_FOR = re.compile(rf"\basked\s+(?:it\s+|the\s+\w+\s+)?for\s+(?:a|an|the)\s+(?:{_ARTEFACT})\b")
# "it" (or the assistant by name) as the subject of the outcome that follows; not "it was
# approved", where "it" is the work itself, nor "someone from IT sorted it" (an object).
# (Checked after "it" has matched, so the look-behinds cost nothing elsewhere.)
_NOT_AN_OBJECT = "".join(rf"(?<!\b{p}\sit)" for p in ("from", "in", "at", "with", "to", "on", "of"))
SUBJECT_BEFORE = re.compile(
    rf"\b(?:it{_NOT_AN_OBJECT}|you|this|that|(?:the\s+)?(?:{NAMES}))(?:\s+just|\s+even|\s+has|\s+had"
    rf"|\s+also|\s+actually|\s+literally|\s+then|\s+quickly|\s+instantly|\s+basically)?\s*$"
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
