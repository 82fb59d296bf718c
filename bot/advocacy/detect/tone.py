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

from bot.advocacy.detect.segments import words

# One alternative per line, all behind a single word boundary (one pass over the text).
_COMPLAINTS = (
    r"wrong|incorrect|inaccurate|hallucinat\w*|made[- ]up|makes?\s+(?:things|stuff)\s+up",
    r"invent(?:ed|s|ing)|fabricat\w*|outdated|out\s+of\s+date|useless|pointless|garbage",
    r"rubbish|nonsense|gibberish|junk|broken?|crash\w*|fail(?:ed|s|ing|ure)?|errors?",
    r"tim(?:ing|ed|es)\s+out|(?:doesn'?t|didn'?t|does\s+not|did\s+not|won'?t)\s+work",
    r"not\s+work\w*|slower|took\s+(?:way\s+)?longer|wast(?:ed|e|ing)|frustrat\w*|annoy\w*",
    r"confus\w*|generic|irrelevant|missed|skipped|ignor(?:ed|es|ing)|mix(?:ed|es|ing)?\s+up",
    r"double[- ]check\w*|fact[- ]check\w*|redo\w*|re-do\w*|correct(?:ing|ed)?\s+(?:it|everything)",
    r"had\s+to\s+(?:redo|rewrite|re-?do|fix|correct|check|double|start|read|manually|do\s+it"
    r"|go\s+back|step\s+in|verify)",
    r"no\s+help|not\s+helpful|unhelpful|no\s+use|made\s+no\s+difference|deprecated",
    r"still\s+(?:stuck|broken|waiting|open|failing|wrong|not|getting|doesn'?t|can'?t|haven'?t)",
    r"(?:doesn'?t|don'?t|didn'?t)\s+(?:understand|know|exist|add\s+up|reference|support|offer)",
    r"when\s+it\s+(?:wasn'?t|isn'?t|didn'?t)|(?:tone|format)\s+(?:is|was)\s+off|cost\s+(?:me|us)",
    r"lost\s+(?:an?|\d+|my|the|half)|gave\s+up|in\s+circles|worse|misleading|literal",
    r"keeps?\s+(?:timing|failing|suggesting|saying|giving|making|getting|forgetting|crashing)",
    r"not\s+(?:good|great|accurate|right|usable|reliable|really)|ugh|smh|fml|meh|nope",
    r"nothing\s+(?:useful|usable|helpful|new|relevant)|unusable|clunky|terrible|awful|horrible",
    r"sucks?|just\s+pointed|already\s+(?:read|knew|tried)|not\s+a\s+win|no\s+luck",
    r"what\s+a\s+joke|(?:\d+|several|many|multiple)\s+(?:tries|attempts|prompts|goes)",
    r"(?:so|too)\s+many\s+(?:edits|changes|fixes|corrections|mistakes)",
    r"(?:was|were|is|are)\s+(?:all\s+|way\s+)?off|off\s+by|off\s+the\s+mark|binned|scrapped",
    r"trashed|threw\s+(?:it|that|them)\s+(?:away|out)|(?:couldn'?t|can'?t)\s+use\s+(?:it|any|them)",
    r"double[- ]book\w*|introduced\s+(?:\w+\s+){0,2}(?:bugs?|errors?|issues?|problems?|ones)",
    r"(?:responded|answered|replied|loaded)\s+after|rabbit\s+hole|wild\s+goose\s+chase",
    # Everyday words for a bad result, whatever the task.
    r"mess(?:ed)?\s+up|screwed\s+up|botched|mangled|garbled|nonsensical|off[- ]topic",
    r"not\s+what\s+(?:i|we)\s+(?:asked|wanted|needed)|didn'?t\s+ask\s+for|embarrass\w*",
    r"made\s+(?:it|things|everything)\s+worse|vague|verbose|waffl\w*|repetitive|contradict\w*",
    r"repeated\s+itself|stuck\s+in\s+a\s+loop|going\s+in\s+loops|inconsistent|unreliable",
    r"(?:can'?t|don'?t|couldn'?t)\s+trust|corrupt\w*|overwr(?:ote|itten)|ruined",
    r"(?:do|did|doing|check|checked|checking|write|wrote|writing)\s+(?:everything|it|things"
    r"|the\s+\w+)\s+twice",
    r"needed\s+(?:so\s+much|a\s+lot\s+of|heavy|loads\s+of)\s+(?:work|editing|fixing|rework)",
    r"faster\s+(?:doing|writing|to\s+(?:do|write))\s+it\s+(?:myself|by\s+hand|manually)",
)
_COMPLAINT = re.compile(r"\b(?:" + "|".join(_COMPLAINTS) + r")\b")
# Words that undo the complaint right before it: "no errors", "trial and error", "we would've
# missed": the problem did not happen, or is the road not taken.
_UNDONE_BEFORE = {
    "error": re.compile(r"\b(?:no|zero|without|fewer|and)\s+$"),
    "errors": re.compile(r"\b(?:no|zero|without|fewer|and)\s+$"),
    "missed": re.compile(r"(?:would'?ve|'d\s+have|would\s+have|almost|nearly|otherwise)\s+$"),
}
# The outcome is not known yet: an answer nobody has checked is not a win yet.
UNVERIFIED = words(
    r"not\s+sure\s+(?:it|if|whether|that)|need\s+to\s+(?:check|verify|dig|test|validate)",
    r"(?:haven'?t|have\s+not|yet\s+to|didn'?t)\s+(?:checked|check|verified|verify|tested|test"
    r"|read|tried|looked)",
    r"will\s+(?:read|check|look\s+at|review)\s+(?:it\s+)?later|we'?ll\s+see",
    r"still\s+(?:evaluating|testing|checking|deciding)",
)
# The problem the assistant solved is named with complaint words: "fixed the failing build".
_REPAIR_BEFORE = re.compile(
    r"\b(?:fix(?:ed)?|correct(?:ed)?|caught|spotted|flagged|found|cleaned|debugged|removed"
    r"|noticed|identified|detected|pointed\s+out|figured\s+out|worked\s+out|explained|showed"
    r"|diagnosed|tracked\s+down|why|what\s+was)\b"
    r"(?:\s+(?!and\b|but\b|so\b|then\b)\S+){0,8}\s*$"
)
_SARCASM_MARKER = words(
    r"yeah,?\s+right|thanks\s+for\s+nothing|said\s+no\s*(?:one|body)|as\s+if|lol\s+no",
    r"oh,?\s+(?:great|good|wonderful|fantastic|brilliant|joy|perfect|nice|cool|lovely|super"
    r"|awesome)|just\s+what\s+i\s+needed|truly\s+(?:revolutionary|groundbreaking|amazing)",
    r"so\s+\w+\s+that\s+(?:i|we)\s+had\s+to|the\s+time\s+(?:i|we)\s+spent\s+\w+ing",
    # The reveal after the praise: "saved me so much time. by making me do it twice."
    r"(?<=[.…!]\s)by\s+(?:making|forcing|getting|having)\s+(?:me|us)",
    r"only\s+(?:took|cost)\s+(?:me\s+|us\s+)?(?:\d+|a\s+few|several|an?|my|the|our)",
)
# Marks that are not words: "/s", an eye-roll, "not!", scare quotes around "helped".
_SARCASM_SIGN = re.compile(
    r"(?:^|\s)/s\b|[🙄🙃😒😑🤦🤡]|\bnot!|(?:^|\s)['\"](?:fixed|helped|help|helpful|saved|solved"
    r"|smart|works?|answer|intelligent|assistant|useful)['\"]"
)
# Praise that opens a message ("great, …", "love how …", "amazing how …") and then complains.
_PRAISE_OPENER = re.compile(
    r"^(?:wow|great|brilliant|fantastic|amazing|awesome|perfect|nice|wonderful|lovely|super"
    r"|cool|10/10|love(?:\s+(?:how|that|when))?|really|sure|what\s+a|another\s+day)\b"
)
PRAISE = words(
    r"love|loving|loved|great|amazing|awesome|excellent|fantastic|brilliant|super|cool|nice",
    r"helpful|useful|handy|impressive|impressed|wow|game[- ]?changer|life\s?saver|time\s?saver",
    r"legend|magic|incredible|fab|gr8|10/10|smart|perfect|best|better|good",
)
_PRAISE_SIGN = re.compile(r"[🔥🙌❤😍🎉💯👏]")


def is_praise(folded: str) -> bool:
    return PRAISE.search(folded) is not None or _PRAISE_SIGN.search(folded) is not None


def find_complaints(folded: str, start: int, end: int) -> list[int]:
    """Offsets of complaint cues in folded[start:end] that are not the problem being solved."""
    found = []
    for match in _COMPLAINT.finditer(folded, start, end):
        undone = _UNDONE_BEFORE.get(match.group())
        if undone and undone.search(folded, max(0, match.start() - 14), match.start()):
            continue
        if _REPAIR_BEFORE.search(folded, max(start, match.start() - 70), match.start()):
            continue
        found.append(match.start())
    return found


def is_sarcastic(folded: str, complaints: int) -> bool:
    if _SARCASM_MARKER.search(folded) or _SARCASM_SIGN.search(folded):
        return True
    return complaints > 0 and _PRAISE_OPENER.match(folded.lstrip()) is not None
