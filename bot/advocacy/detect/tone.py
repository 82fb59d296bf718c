"""Complaints and praise: the tone around an outcome (sarcasm has its own module).

A complaint in the same clause as an outcome spoils it ("summarised the *wrong* contract");
one elsewhere weighs by where it sits relative to "but". A complaint word that names the
problem the assistant solved is not a complaint ("caught the wrong pallet count", "figured out
why the retries were failing"), so a repair verb shortly before it disarms it; nor is one
whose count went down ("complaints about missed appointments dropped"). Praise alone is not
a win: it has no outcome, and `scoring` reports it as such.
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
    r"still\s+(?:stuck|broken|waiting|open|failing|wrong|not|locked|down|missing|unresolved"
    r"|unanswered|pending|blocked|getting|doesn'?t|can'?t|haven'?t"
    r"|had\s+to|have\s+to|need(?:ed)?\s+to)",
    r"(?:doesn'?t|don'?t|didn'?t)\s+(?:understand|know|exist|add\s+up|reference|support|offer)",
    r"when\s+it\s+(?:wasn'?t|isn'?t|didn'?t)|(?:tone|format)\s+(?:is|was)\s+off|cost\s+(?:me|us)",
    r"lost\s+(?:an?|\d+|my|the|half)|gave\s+up|in\s+circles|worse|misleading",
    r"(?:keeps?|kept)\s+(?:timing|failing|suggesting|saying|giving|making|getting|forgetting|crashing)",
    r"not\s+(?:good|great|accurate|right|usable|reliable|really)|ugh|smh|fml|meh|nope",
    r"nothing\s+(?:useful|usable|helpful|new|relevant)|unusable|clunky|terrible|awful|horrible",
    r"sucks?|(?:just|only)\s+(?:pointed|linked|sent|referred|redirected)\s+(?:me|us)|already\s+(?:read|knew|tried)|not\s+a\s+win|no\s+luck",
    r"what\s+a\s+joke|(?:\d+|several|many|multiple)\s+(?:tries|attempts|prompts|goes)",
    r"(?:so|too)\s+many\s+(?:edits|changes|fixes|corrections|mistakes)",
    r"(?:was|were|is|are)\s+(?:[a-z]+\s+)?off\b(?!\s+(?:to|for|on)\b)|off\s+by|off\s+the\s+mark|binned|scrapped",
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
    # Excess and poor quality, whatever is being judged: "too formal", "soooo slow", "buggy".
    r"(?:way\s+|far\s+|much\s+)?too\s+(?!(?:much|many)\s+(?:time|hours)\b)[a-z]{3,}",
    r"s+o+\s+slow|slow(?:er|ly)?|sluggish|laggy|buggy|glitchy|flaky|awkward|robotic|bland",
    r"shallow|superficial|wordy|long-winded|unclear|worst|lack(?:s|ing)",
    # Said of the answer, not of the problem it solved ("the answer to the bad review").
    r"(?:is|are|was|were|'s|'re|so|too|really|pretty|very|quite)\s+(?:bad|poor|weak)",
    r"partial(?:ly)?|(?<!in\s)half\s+the\s+time|hit\s+(?:and|or)\s+miss",
    # The outcome undone later: "until I found the errors"; discarded: "went in the bin";
    # contradicted: "the customer says otherwise".
    r"until\s+(?:i|we|they|someone)\s+(?:found|noticed|realised|realized|saw|checked|spotted"
    r"|discovered)|(?:went|goes|go|ended\s+up)\s+in(?:to)?\s+the\s+(?:bin|trash|rubbish)",
    r"says\s+otherwise|said\s+otherwise|(?:wasn'?t|isn'?t|hadn'?t|hasn'?t)\s+(?:true|the\s+case)",
    # A correction of the outcome just told: "it answered, just not the question I asked".
    r"just\s+not|but\s+not\s+(?:the|what|for|in|on|my|our)\b(?!\s+(?:usual|normal|typical))",
    # Inconsistency: "three different answers to the same question".
    r"(?:\d+|two|three|four|several|many|multiple)\s+different\s+(?:answers|responses|results"
    r"|numbers|figures|totals|versions|dates|amounts)",
    # Done, but too late to count: "the report shipped late", "went out a day late".
    r"(?:shipped|went\s+out|delivered|sent|submitted|filed|landed|arrived|finished|done)"
    r"\s+(?:\w+\s+){0,2}late\b|missed\s+the\s+(?:deadline|cut-?off|window)",
    # A correction of what it said: "that's not how our approval matrix works".
    r"(?:that'?s|this\s+is|it'?s)\s+not\s+(?:how|what|right|true|correct|the\s+case)",
)
# The assistant as the subject of a negated verb: "it can't read scans", "the bot won't
# answer". Litotes are praise ("it didn't take long", "wasn't hard", "couldn't be easier").
_ASSISTANT_NEGATED = re.compile(
    r"\b(?:it|the\s+(?:bot|assistant|ai|tool|model)|copilot|chatgpt)\s+(?:still\s+|just\s+"
    r"|really\s+|even\s+)?(?:doesn'?t|can'?t|cannot|won'?t|couldn'?t|didn'?t|isn'?t|wasn'?t"
    r"|never|does\s+not|did\s+not|could\s+not|is\s+not|was\s+not)\b(?!\s+(?:just|only"
    r"|take\s+long|hard|difficult|bad|disappoint|hesitate|mind|miss\s+a\s+beat|be\s+(?:happier"
    r"|easier|better|simpler|quicker|faster)))"
)
_COMPLAINT = re.compile(r"\b(?:" + "|".join(_COMPLAINTS) + r")\b")
# Words that undo the complaint right before it: "no errors", "trial and error", "we would've
# missed": the problem did not happen, or is the road not taken.
_NOT_BEFORE = re.compile(r"\b(?:not|wasn'?t|isn'?t|never|no|nothing|none)\s+(?:\w+\s+)?$")
_UNDONE_BEFORE = {
    "bad": _NOT_BEFORE,
    "poor": _NOT_BEFORE,
    "slow": _NOT_BEFORE,
    "error": re.compile(r"\b(?:no|zero|without|fewer|and)\s+$"),
    "errors": re.compile(r"\b(?:no|zero|without|fewer|and)\s+$"),
    "missed": re.compile(r"(?:would'?ve|'d\s+have|would\s+have|almost|nearly|otherwise)\s+$"),
}
# The outcome is not known yet: an answer nobody has checked is not a win yet.
UNVERIFIED = words(
    r"not\s+sure\s+(?:it|if|whether|that)|need\s+to\s+(?:check|verify|dig|test|validate)",
    r"(?:haven'?t|have\s+not|yet\s+to|didn'?t)\s+(?:(?:had\s+(?:the\s+)?(?:time|a\s+chance)"
    r"|got\s+round|gotten\s+around)\s+to\s+)?(?:checked|check|verified|verify|tested|test"
    r"|read|tried|looked|review|reviewed)",
    r"will\s+(?:read|check|look\s+at|review)\s+(?:it\s+)?later|we'?ll\s+see",
    r"still\s+(?:evaluating|testing|checking|deciding)",
)
_REDUCED_AFTER = re.compile(
    r"(?:\s+[\w'-]+){0,3}?\s+(?:have\s+|has\s+)?(?:dropped|fell|went\s+down|(?:are|is|were"
    r"|was)\s+(?:way\s+)?down|decreased|halved|disappeared|stopped)\b"
)
# The problem the assistant solved is named with complaint words: "fixed the failing build".
_REPAIR_BEFORE = re.compile(
    r"\b(?:fix(?:ed)?|correct(?:ed)?|caught|spotted|flagged|found|cleaned|debugged|removed"
    r"|noticed|identified|detected|pointed\s+out|figured\s+out|worked\s+out|explained|showed"
    r"|diagnosed|tracked\s+down|why|what\s+was)\b"
    r"(?:\s+(?!and\b|but\b|so\b|then\b)[^\s.!?;]+[,:]?){0,8}\s*$"
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
        if _REDUCED_AFTER.match(folded, match.end()):
            continue  # "complaints about missed appointments dropped": the problem went away
        found.append(match.start())
    found += [match.start() for match in _ASSISTANT_NEGATED.finditer(folded, start, end)]
    return sorted(found)
