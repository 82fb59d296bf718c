"""Complaints, sarcasm and praise: the tone around an outcome.

A complaint in the same clause as an outcome spoils it ("summarised the *wrong* contract");
one elsewhere weighs by where it sits relative to "but". A complaint word that names the
problem the assistant solved is not a complaint ("caught the wrong pallet count", "figured out
why the retries were failing"), so a repair verb shortly before it disarms it.
Sarcasm is praise wrapped around a complaint, or an explicit marker (/s, 🙄, "yeah right",
"thanks for nothing", scare quotes around "helped"). Praise alone is not a win: it has no
outcome, and `scoring` reports it as such.
"""

from __future__ import annotations

import re

_COMPLAINT = re.compile(
    r"\bwrong\b|\bincorrect\b|\binaccurate\b|hallucinat\w*|\bmade[- ]up\b|\bmakes?\s+(?:things"
    r"|stuff)\s+up\b|\binvent(?:ed|s|ing)\b|\bfabricat\w*|\boutdated\b|\bout\s+of\s+date\b"
    r"|\buseless\b|\bpointless\b|\bgarbage\b|\brubbish\b|\bnonsense\b|\bgibberish\b|\bjunk\b"
    r"|\bbroken?\b|\bcrash\w*|\bfail(?:ed|s|ing|ure)?\b|(?<!no\s)(?<!zero\s)(?<!without\s)(?<!and\s)"
    r"(?<!fewer\s)\berrors?\b|\btim(?:ing|ed|es)\s+out\b|\b(?:doesn'?t|didn'?t|does\s+not"
    r"|did\s+not|won'?t)\s+work\b|\bnot\s+work\w*|\bslower\b|\btook\s+(?:way\s+)?longer\b"
    r"|\bwast(?:ed|e|ing)\b|\bfrustrat\w*|\bannoy\w*|\bconfus\w*|\bgeneric\b|\birrelevant\b"
    r"|(?<!would've\s)(?<!'d\shave\s)(?<!almost\s)(?<!nearly\s)(?<!otherwise\s)\bmissed\b"
    r"|\bskipped\b|\bignor(?:ed|es|ing)\b|\bmix(?:ed|es|ing)?\s+up\b|double[- ]check\w*"
    r"|fact[- ]check\w*|\bhad\s+to\s+(?:redo|rewrite|re-?do|fix|correct|check|double|start"
    r"|read|manually|do\s+it|go\s+back|step\s+in|verify)|\bredo\w*|\bre-do\w*|\bcorrect(?:ing"
    r"|ed)?\s+(?:it|everything|the)\b|\bno\s+help\b|\bnot\s+helpful\b|\bunhelpful\b|\bno\s+use\b"
    r"|\bmade\s+no\s+difference\b|\bstill\s+(?:stuck|broken|waiting|open|failing|wrong|not"
    r"|getting|doesn'?t|can'?t|haven'?t)\b|\bdeprecated\b|\b(?:doesn'?t|don'?t|didn'?t)\s+"
    r"(?:understand|know|exist|add\s+up|reference|support|offer)\b|\bwhen\s+it\s+(?:wasn'?t"
    r"|isn'?t|didn'?t)\b|\b(?:tone|format)\s+(?:is|was)\s+off\b|\bcost\s+(?:me|us)\b"
    r"|\blost\s+(?:an?|\d+|my|the|half)\b|\bgave\s+up\b|\bin\s+circles\b|\bkeeps?\s+(?:timing"
    r"|failing|suggesting|saying|giving|making|getting|forgetting|crashing)\b|\bworse\b"
    r"|\bnot\s+(?:good|great|accurate|right|usable|reliable)\b|\bugh\b|\bsmh\b|\bfml\b|\bmeh\b"
    r"|\bnothing\s+(?:useful|usable|helpful|new|relevant)\b|\bnope\b|\bunusable\b|\bclunky\b|\bterrible\b|\bawful\b|\bhorrible\b|\bsucks?\b"
    r"|\bmisleading\b|\bliteral\b|\bjust\s+pointed\b"
    r"|\balready\s+(?:read|knew|tried)\b|\bnot\s+a\s+win\b|\bno\s+luck\b|\bwhat\s+a\s+joke\b"
    r"|\b(?:\d+|several|many|multiple)\s+(?:tries|attempts|prompts|goes)\b|\bnot\s+really\b"
)
# The outcome is not known yet: an answer nobody has checked is not a win yet.
UNVERIFIED = re.compile(
    r"\bnot\s+sure\s+(?:it|if|whether|that)\b|\b(?:haven'?t|have\s+not|yet\s+to|didn'?t)\s+"
    r"(?:checked|check|verified|verify|tested|test|read|tried|looked)\b|\bneed\s+to\s+(?:check"
    r"|verify|dig|test|validate)\b|\bwill\s+(?:read|check|look\s+at|review)\s+(?:it\s+)?later\b"
    r"|\bstill\s+(?:evaluating|testing|checking|deciding)\b|\bwe'?ll\s+see\b"
)
# The problem the assistant solved is named with complaint words: "fixed the failing build".
_REPAIR_BEFORE = re.compile(
    r"\b(?:fix(?:ed)?|correct(?:ed)?|caught|spotted|flagged|found|cleaned|debugged|resolved"
    r"|solved|sorted|removed|replaced|updated|noticed|identified|detected|cleared|pointed\s+out"
    r"|figured\s+out|worked\s+out|explained|showed|why|what\s+was|before|instead\s+of)\b"
    r"(?:\s+\S+){0,8}\s*$"
)
_SARCASM_MARKER = re.compile(
    r"(?:^|\s)/s\b|\byeah,?\s+right\b|\bthanks\s+for\s+nothing\b|\bsaid\s+no\s*(?:one|body)\b"
    r"|\bas\s+if\b|\bnot!|\blol\s+no\b|[🙄🙃😒😑🤦🤡]|\boh,?\s+(?:great|good|wonderful|fantastic"
    r"|brilliant|joy|perfect|nice|cool|lovely|super|awesome)\b|\bjust\s+what\s+i\s+needed\b"
    r"|(?:^|\s)['\"](?:fixed|helped|help|helpful|saved|solved|smart|works?|answer|intelligent"
    r"|assistant|useful)['\"]|\btruly\s+(?:revolutionary|groundbreaking|amazing)\b"
    r"|\bso\s+\w+\s+that\s+(?:i|we)\s+had\s+to\b|\bonly\s+(?:took|cost)\s+(?:me\s+|us\s+)?"
    r"(?:\d+|a\s+few|several|an?|my|the|our)\b|\bthe\s+time\s+(?:i|we)\s+spent\s+\w+ing\b"
)
# Praise that opens a message ("great, …", "love how …", "amazing how …") and then complains.
_PRAISE_OPENER = re.compile(
    r"^(?:wow|great|brilliant|fantastic|amazing|awesome|perfect|nice|wonderful|lovely|super"
    r"|cool|10/10|love(?:\s+(?:how|that|when))?|really|sure|what\s+a|another\s+day)\b"
)
PRAISE = re.compile(
    r"\b(?:love|loving|loved|great|amazing|awesome|excellent|fantastic|brilliant|super|cool"
    r"|nice|helpful|useful|handy|impressive|impressed|wow|game[- ]?changer|life\s?saver"
    r"|time\s?saver|legend|magic|incredible|fab|gr8|10/10|smart|perfect|best|better|good)\b"
    r"|[🔥🙌❤😍🎉💯👏]"
)


def find_complaints(folded: str, start: int, end: int) -> list[int]:
    """Offsets of complaint cues in folded[start:end] that are not the problem being solved."""
    found = []
    for match in _COMPLAINT.finditer(folded, start, end):
        if _REPAIR_BEFORE.search(folded, max(start, match.start() - 70), match.start()):
            continue
        found.append(match.start())
    return found


def is_sarcastic(folded: str, complaints: int) -> bool:
    if _SARCASM_MARKER.search(folded):
        return True
    return complaints > 0 and _PRAISE_OPENER.match(folded.lstrip()) is not None
