"""Who else did it: the work got done, but not by the assistant.

Three ways a text takes the credit away, each a piece of sentence structure rather than a list
of stories:
- the assistant is denied: a negation scoped over its name ("not the bot", "didn't need the
  AI", "no AI involved", "before I even asked the bot") or a state that rules it out ("the
  bot was no help", "our assistant was down");
- someone or something else is the agent of the solving verb: a role ("the ward clerk sorted
  it", "our paralegal caught it"), a name or acronym typed with a capital ("Priya built",
  "L2 fixed", "the new WMS sorted"), "they"/"someone", a passive agent ("solved by the
  vendor's support line") or an instrument that is another tool ("with Zapier");
- self-reliance and other routes: "by hand", "myself", "ended up calling", "googled it".
Credit given *through* a counterfactual ("couldn't have done it without the bot") is the
assistant's, so those spans are skipped by the caller.
"""

from __future__ import annotations

import re

from bot.advocacy.detect.agents import NAMES

# The verbs of solving a problem; approving, liking or signing are results, not solutions.
_SOLVED = (
    r"(?:fixed|sorted|solved|resolved|answered|found|spotted|caught|built|wrote(?!\s+back)|rewrote|did"
    r"|handled|figured|worked\s+out|helped|walked|explained|showed|delivered|knew|saved"
    r"|stepped\s+in|took\s+care|pointed|told|cleared|automated|reconciled|drafted|made"
    r"|had\s+the\s+answer|came\s+through|got\s+(?:it|this|that|us|me)\b"
    r"|got\s+(?:[\w'-]+\s+){1,3}(?:fixed|sorted|done|working|resolved|back))"
)
_ROLE = (
    r"colleague|co-?worker|teammate|manager|boss|supervisor|mentor|friend|intern|vendor"
    r"|supplier|consultant|contractor|agency|clerk|technician|engineer|developer|analyst"
    r"|admin|paralegal|lawyer|solicitor|counsel|accountant|auditor|recruiter|provider"
    r"|specialist|expert|helpdesk|help\s*desk|service\s*desk|support\s+(?:team|line|desk|rep)"
    r"|secretary|receptionist|coordinator|officer|partner|tutor|teacher|librarian|agent"
    r"|department|dept|legal|finance|payroll|procurement|facilities|compliance|security"
    r"|nurse|doctor|gp|pharmacist|therapist|clinician|surgeon|physician|mechanic|electrician"
    r"|plumber|technician|maintenance|porter|caretaker|janitor|cleaner|driver|dispatcher"
    r"|planner|buyer|broker|banker|adviser|advisor|trainer|coach|volunteer|designer|architect"
    r"|surveyor|editor|writer|translator|interpreter|reviewer|approver|colleagues|staff|ops"
)
_ADVERB = r"(?:\s+(?:just|then|finally|eventually|quickly|already|actually|kindly|also))?"
_BY_ROLE = re.compile(
    rf"(?<!than\s)\b(?:(?:the|my|our|a|an|their|his|her|one\s+of\s+(?:our|the|my))\s+)"
    rf"(?:[\w'-]+\s+){{0,2}}?(?:{_ROLE})s?{_ADVERB}\s+{_SOLVED}"
    # A bare role opening the message or a clause: "facilities got the aircon fixed".
    rf"|(?:^|[.!?,;]\s*|\band\s+|\bthen\s+|\bso\s+)(?:[\w-]+\s+)?(?:{_ROLE})s?{_ADVERB}\s+{_SOLVED}"
    rf"|(?:^|[,;]\s*|\band\s+|\bthen\s+|\bso\s+)(?:they|he|she|someone|somebody|a\s+human"
    rf"|a\s+real\s+person){_ADVERB}\s+{_SOLVED}"
    rf"|\b{_SOLVED}(?:\s+\w+){{0,3}}?,?\s+(?:but\s+)?by\s+(?:the|a|an|my|our|their)\s+"
    rf"(?:[\w'-]+\s+){{0,2}}(?:{_ROLE})"
)
# Names and acronyms need the letter case of the original text.
_CAPITALISED_AGENT = re.compile(
    rf"\b([A-Z][\w-]*)(?:\s+(?:from|in|on)\s+(?:the\s+)?[A-Za-z]{{2,}}(?:\s+[a-z]+)?)?"
    rf"(?i:{_ADVERB}\s+{_SOLVED})\b"
)
# A thing named in capitals ("the RFP helped us decide") is no agent; a team is ("L2 fixed
# it", "IT sorted my laptop") when the verb needs someone to do it.
_PERSON_VERB = re.compile(
    r"(?i:\s+(?:fixed|sorted|solved|resolved|answered|handled|stepped\s+in|took\s+care|walked"
    r"|explained|told|showed))\b"
)
_PROPER_BEFORE = re.compile(r"\b([A-Z][a-z]+)\s+$")
_OBJECT_AFTER = re.compile(r"\s+(?:the|a|an|my|our|your|me|us|it|this|that|them|him|her|\d)\b")
# Credit handed to a person or another tool: "thanks to the new Gong playlists", "nice one Tom".
_CREDIT_TO = re.compile(
    r"\b(?i:(?:thanks\s+to|because\s+of|due\s+to|courtesy\s+of|all\s+down\s+to|credit\s+to"
    r"|shout-?out\s+to|kudos\s+to|props\s+to|nice\s+one|well\s+done|great\s+(?:work|job)"
    r"|teamwork\s+(?:by|from)|was\s+all)\s+(?:(?:the|our|my|a|new|old)\s+)*)([A-Z][\w-]+)"
    # Another tool as the instrument of the solving verb: "automated the matching with Zapier".
    rf"|(?i:{_SOLVED}(?:\s+[\w'-]+){{0,5}}?\s+(?:with|using|via|through)\s+(?:the\s+)?"
    r"(?:new\s+)?)([A-Z][\w-]+)"
    # Another tool credited with the change: "the new ERP workflows made a big difference".
    r"|\b([A-Z][\w-]+)(?:\s+[\w-]+){0,2}\s+(?i:made\s+(?:a|the|all\s+the)\s+(?:\w+\s+)?difference"
    r"|did\s+the\s+(?:trick|job)|(?:was|were)\s+(?:a\s+)?(?:game[- ]changers?|lifesavers?))"
)
_NOT_AN_AGENT = frozenset(
    {
        "i", "it", "its", "this", "that", "these", "those", "we", "you", "they", "he", "she",
        "the", "my", "our", "your", "their", "his", "her", "then", "so", "and", "but", "also",
        "just", "finally", "thanks", "thank", "yes", "yeah", "yep", "no", "not", "ok", "okay",
        "today", "yesterday", "it's", "copilot", "chatgpt", "gpt", "claude", "gemini", "ai",
        "bot", "assistant", "when", "once", "after", "before", "now", "what", "who", "why", "how",
        "where", "which", "did", "does", "do", "has", "have", "had", "is", "was", "were"
    }
)  # fmt: skip
_DENIED = re.compile(
    rf"\b(?:not|no|without|nothing\s+to\s+do\s+with|no\s+thanks\s+to|no\s+need\s+for"
    rf"|(?:didn'?t|did\s+not|don'?t|never)\s+(?:need|use|ask|open|touch|involve)"
    rf"|before\s+(?:i|we)\s+(?:even\s+)?(?:asked|opened|tried|checked|used))"
    rf"(?:\s+(?:even|because\s+of|thanks\s+to|due\s+to|using|asking|opening|touching"
    rf"|consulting|involving|any|help\s+from))*"
    rf"\s+(?:(?:the|our|my|any|a)\s+)?(?:{NAMES})\b(?!\s+(?:before|until|till|much|often))"
    rf"|\b(?:{NAMES})(?:'s|\s+(?:was|is|were|has\s+been))\s+(?:down|offline|out|unavailable"
    rf"|useless|no\s+(?:help|use)|not\s+(?:needed|involved|used|helpful|any|much|available"
    rf"|working|required))\b|\b(?:{NAMES})\s+(?:wasn'?t|isn'?t|weren'?t)\s+(?:needed|involved"
    rf"|used|any|much|helpful|available|working|required)\b"
    rf"|\bno\s+(?:{NAMES})\s+(?:was\s+)?(?:needed|involved|used|required|help)"
    rf"|\b(?:{NAMES})\s+(?:had|has)\s+nothing\s+to\s+do\s+with"
)
_SELF_OR_OTHER_ROUTE = re.compile(
    r"\b(?:myself|by\s+myself|on\s+(?:my|our)\s+own|ourselves|by\s+hand|manually"
    r"|old[- ]fashioned\s+way|old[- ]school|the\s+old\s+way|despite\s+(?:it|the\s+\w+)"
    r"|gave\s+up\s+(?:on|and)|ended\s+up\s+(?!saving|being|getting|helping|working|making)\w+ing"
    r"|googl\w+|stack\s?overflow|ctrl[+-]f|cmd[+-]f"
    r"|our\s+old\s+(?:macro|script|template|process|tool|spreadsheet|way)"
    r"|(?:asked|called|pinged|emailed|messaged|rang|phoned)\s+(?:a\s+colleague|my\s+\w+"
    r"|someone|a\s+human|the\s+\w+\s+(?:team|desk|line))"
    r"|(?:faster|better|quicker)\s+than\s+(?:asking\s+|using\s+)?(?:it|the\s+(?:bot|assistant"
    r"|ai)|copilot|chatgpt)"
    r"|(?:solv|fix|figur|sort|found|find|did|do|got|get|manag)\w*\s+(?:[\w'-]+\s+){0,4}?by\s+"
    r"(?!following|using|applying|trying|asking\s+(?:it|the\s+(?:bot|assistant|ai)))\w+ing)\b"
)
_REFLEXIVE_BENEFIT = re.compile(r"\b(?:saved|spared|save|saves)\s+(?:myself|ourselves)\b")


def assistant_denied(folded: str) -> bool:
    """Whether the text rules the assistant out: then naming it as a tool credits nothing."""
    return _DENIED.search(folded) is not None


def others_did_it(
    folded: str, original: str, outside: list[tuple[int, int]], names: re.Pattern[str] | None
) -> list[tuple[int, int]]:
    """Spans saying the work was done without the assistant; `outside` are spans
    (counterfactual clauses) where "by hand" is the road not taken and does not count."""
    spans = [m.span() for m in _DENIED.finditer(folded)]
    for match in _SELF_OR_OTHER_ROUTE.finditer(folded):
        if not _REFLEXIVE_BENEFIT.search(folded, max(0, match.start() - 10), match.end()):
            spans.append(match.span())  # "saved myself a trip" is a benefit, not self-reliance
    spans += [m.span() for m in _BY_ROLE.finditer(folded)]
    spans += _named_agents(original, names)
    return [s for s in spans if not any(start <= s[0] < end for start, end in outside)]


# Both scans below need a capital letter: every way they name an agent is `[A-Z]`, outside
# their case-insensitive groups. Most chat is lower case, and the scans cost ~10 µs a text.
_CAPITAL = re.compile(r"[A-Z]")


def _named_agents(original: str, names: re.Pattern[str] | None) -> list[tuple[int, int]]:
    if _CAPITAL.search(original) is None:
        return []
    return scan_named_agents(original, names)


def scan_named_agents(original: str, names: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """People and other tools named as doing the work ("Priya built a pivot", "thanks to
    Zapier"), by a full scan: `_named_agents` skips it when it cannot find any."""
    found = []
    for match in _CAPITALISED_AGENT.finditer(original):
        if not _is_other_name(match.group(1), names):
            continue
        # The verb must be active, with its object after it ("Priya built a pivot"): at a
        # sentence start any word is capitalised, and "Q3 drafted in 15 min" names no one.
        if not _OBJECT_AFTER.match(original, match.end()):
            continue
        word = match.group(1)
        before = _PROPER_BEFORE.search(original, 0, match.start())  # "Power BI", "Google Sheets"
        named = before is not None and _is_other_name(before.group(1), names)
        if word.isupper() and not named and not _PERSON_VERB.match(original, match.end(1)):
            continue
        found.append(match.span())
    for match in _CREDIT_TO.finditer(original):
        if _is_other_name(match.group(1) or match.group(2) or match.group(3), names):
            found.append(match.span())
    return found


def _is_other_name(word: str, names: re.Pattern[str] | None) -> bool:
    lowered = word.lower()
    if lowered in _NOT_AN_AGENT or (names and names.fullmatch(lowered)):
        return False
    return re.fullmatch(NAMES, lowered) is None


def blank(folded: str, spans: list[tuple[int, int]]) -> str:
    """The text with `spans` blanked out (same length), so "no AI involved" credits no AI."""
    for start, end in spans:
        folded = folded[:start] + " " * (end - start) + folded[end:]
    return folded
