"""Words that report a piece of work as *done*: the core of a win.

A win is an outcome, not an opinion, so the rules look for completed aspect: past tense and
participles ("fixed", "sent", "drafted"), completion states ("board pack out", "migration
done", "back up"), answered questions ("unblocked", "now I know"), results ("customer
confirmed", "approved first round"), measured change ("30% faster"), work avoided ("didn't
have to ping legal") and credit in a counterfactual ("couldn't have shipped it without it").
Present-tense capability ("it can draft NDAs") and plans are deliberately absent: whether a
hit survives negation, modality or a complaint is for `stance` and `tone` to say.
Weights are log-odds: a finished, delivered thing counts more than a drafted one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DONE = 2.3  # delivered, fixed, closed: the work is finished
MADE = 1.7  # written, found, explained: a concrete piece of work, not yet said to be shipped
PAST = 1.2  # some other past tense: something happened, not said to be finished
USED = 0.9  # "used it to…", "it worked": it was put to work, outcome implied

_PARTICLE = r"(?:\s+(?:it|them|this|that|everything|all))?"
_DONE_VERBS = (
    r"fixed|solved|resolved|shipped|sent(?:\s+(?:out|off|over))?|published|merged|closed|finished"
    r"|completed|delivered|submitted|posted|launched|deployed|released|cleared|won|landed|nailed"
    r"|sorted(?:\s+out)?|approved|signed(?:\s+off)?|filed|booked|reconciled|balanced|tied\s+out"
    r"|unblocked|automated|rolled\s+out|passed|addressed|placed|raised|processed|paid|renewed"
    r"|cancell?ed|negotiated|issued|invoiced|onboarded|hired|decided|presented|sold|carried"
    r"\s+(?:me|us|the\s+team)|put\s+together|drew\s+up|whipped\s+up|knocked\s+out|churned\s+out"
    r"|made\s+(?:a|the|our)\s+"
    r"(?:call|decision)|decisions?\s+(?:was\s+|were\s+)?made|caught|rescued|recovered|restored|rerouted|rebooked"
    r"|went\s+(?:live|out|in|through|smoothly|to)|got\s+(?:\w+\s+){0,4}?(?:done|working|sorted"
    r"|fixed|approved|signed|through|out|over\s+the\s+line|across\s+the\s+line|unblocked|merged"
    r"|shipped|sent|published|live|posted|answered|balanced|cleared|(?!(?:stuck|confused|blocked"
    r"|rejected|denied|ignored|lost|burned|frustrated|annoyed|tired|bored|used)\b)\w+ed)"
    r"|(?:hit|met|made|beat)\s+(?:the|our|my|a)\s+(?:\w+\s+)?(?:deadline|target|cutoff|sla)"
)
_MADE_VERBS = (
    r"wrote|rewrote|drafted|redrafted|built|rebuilt|created|generated|produced|prepared"
    r"|summari[sz]ed|translated|locali[sz]ed|found|spotted|flagged|identified|detected|noticed"
    r"|explained|clarified|compared|pulled(?:\s+together)?|extracted|cleaned(?:\s+up)?"
    r"|classified|categori[sz]ed|consolidated|structured|restructured|refactored|migrated"
    r"|converted|reformatted|formatted|reviewed|triaged|analy[sz]ed|calculated|worked\s+out"
    r"|figured\s+out|debugged|diagnosed|tracked\s+down|narrowed\s+down|answered(?=\s+\w)|handled"
    r"|scheduled|organi[sz]ed|updated|set\s+up|configured|optimi[sz]ed|simplified|refreshed"
    r"|turned\s+(?:[\w-]+\s+){0,4}into|planned|mapped|compiled|outlined|proofread|edited"
    r"|polished|tidied(?:\s+up)?|matched|tagged|segmented|transcribed|suggested|recommended"
    r"|pointed\s+(?:out|(?:me|us)\s+(?:to|at|in)|to|at)|walked\s+(?:me|us|\w+)\s+through"
    r"|showed\s+(?:me|us)|told\s+(?:me|us)|taught\s+(?:me|us)"
    r"|let\s+(?:me|us|them|the\s+team)\s+\w+|(?:allowed|enabled)\s+(?:me|us|them)\s+to"
    r"|meant\s+(?:i|we)\s+could|(?:was|were)\s+able\s+to\s+\w+|managed\s+to\s+\w+"
    r"|could\s+finally\s+\w+|reduced|shortened|sped\s+up|streamlined|accelerated|untangled"
    r"|spun\s+up|stood\s+up"
    r"|(?:did|does)\s+(?:most\s+of\s+)?the\s+heavy\s+lifting|did\s+(?:the|all\s+the)\s+\w+"
)
_STATE = (
    r"(?<=\w\s)(?:done|sorted|live|complete|ready)\b(?!\s+(?:by|before|with\s+it|to|for))"
    r"|\b(?:is|are|was|were|now|went|it's)\s+live\b|\blive\s+(?:on|in|since|by)\b"
    r"|\b(?:is|are)\s+in(?=\s*[,.!]|\s*$)"
    r"|\bout\s+(?:the\s+door|on\s+time|early|today|tonight|this\s+(?:morning|afternoon|week)"
    r"|before|by\s+\w+|ahead|same\s+day|an?\s+(?:day|week)|\d)"
    r"|\b(?:back\s+up|up\s+and\s+running|(?:running|working|flowing)\s+(?:again|now)"
    r"|works\s+now|back\s+on\s+track|in\s+prod(?:uction)?\b)"
)
_UNBLOCKED = (
    r"\bunblocked\b|\bno\s+longer\s+(?:stuck|blocked)\b|\bmakes\s+sense\s+now\b"
    r"|\b(?:now|finally)\s+(?:i\s+|we\s+)?(?:know|understand|understood|get\s+it|got\s+it)\b"
    r"|\banswered\s+(?:my|our|the|a)\s+(?:\w+\s+){0,3}(?:question|q|query)\b"
    r"|\b(?:got|found|had)\s+(?:an|the|my|a\s+clear|a\s+straight|a\s+quick)\s+answer\b"
    r"|\b(?:question|q|query)\s+(?:was\s+)?answered\b"
    r"|\b(?:got|found|had|gave\s+me)\s+(?:[\w'-]+\s+){0,4}(?:i|we)\s+needed\b"
    r"|\bknew\s+exactly\b|\bgot\s+me\s+(?:through|unstuck|over)\b|\bcleared\s+(?:it\s+)?up\b"
)
_RESULT = (
    r"\b(?:customers?|client|they|cfo|vp|manager|partner|auditors?|boss|hiring\s+manager"
    r"|comms\s+lead|the\s+team)\s+(?:replied|confirmed|(?:was|were|is|are)\s+(?:happy|thrilled"
    r"|delighted|impressed)|loved\s+it|approved|accepted|signed|had\s+them|stayed)\b"
    r"|\b(?:got|received|had)\s+(?:the\s+|their\s+)?(?:sign-?off|approval|go-?ahead)\b"
    r"|\bapproved\s+(?:it\s+)?(?:first|with|same)\b|\bwent\s+smoothly\b"
    r"|\bsaid\s+(?:it|this|that|they)\s+(?:was|were|is|looked)\s+(?:great|perfect|the\s+best"
    r"|spot\s+on|exactly|really|super|excellent|brilliant|amazing)"
)
_METRIC = (
    r"\b\d+(?:\.\d+)?\s*(?:%|x)\s+(?:faster|quicker|more|fewer|less|higher|better|lower|the)\b"
    r"|\b(?:up|down)\s+from\s+\S+\s+to\b|\bbeat\s+(?:[\w-]+\s+){0,3}by\b"
    r"|\b(?:doubled|halved|tripled)\b|\bcut\s+(?:[\w-]+\s+){0,3}in\s+half\b"
    r"|\bfewer\s+(?:questions|tickets|errors|escalations|mistakes)\b|\bno\s+more\s+\w+ing\b"
    r"|\b(?:nobody|no\s+one)\s+(?:escalated|complained|had\s+to)\b"
    r"|\bhaven'?t\s+had\s+(?:a|any)\s+\w+\s+since\b|\b\d+x\s+the\b"
    r"|\b(?:best|highest|lowest|fastest|record)\s+(?:[\w-]+\s+){0,3}(?:we'?ve|i'?ve|ever|all\s+year"
    r"|this\s+year|to\s+date|so\s+far)\b"
)
_SAVED = (
    r"\bsaved\s+(?:me|us|the|our|my|him|her|them|a|an|\d|~|hours|days|so|loads|tons|heaps|lots"
    r"|time|ages|about|roughly|around|at|like|easily|over|half|some)\b"
    r"|\b(?:time|hours?|days?|minutes?|mins?)\s+saved\b|\bsaved\s+(?:the|my)\s+(?:day|bacon|skin)"
)
_AVOIDED = (
    r"\b(?:didn'?t|did\s+not|don'?t|never|no\s+longer|won'?t)\s+(?:have|need|had)\s+to\b"
    r"|\bno\s+need\s+to\b|\bwithout\s+having\s+to\b|\bdidn'?t\s+need\s+to\b"
    r"|\bsaved\s+(?:me|us|myself|ourselves)\s+(?:from\s+)?(?:having\s+to|a\s+trip|the\s+trouble)"
    r"|\binstead\s+of\s+(?:\w+ing)\b"
)
_USED = (
    r"\bused\s+(?:it|the\s+\w+|this|copilot|chatgpt|its)(?:\s+\w+){0,3}?\s+(?:to|for)\b"
    r"|^(?:it\s+|that\s+|this\s+)?(?:worked|works)\b|\bit\s+worked\b|\bworked\s+(?:perfectly"
    r"|first\s+(?:try|time)|a\s+treat|great|like\s+a\s+charm)\b|\bdid\s+the\s+(?:job|trick)\b"
    r"|\b(?:gave|handed)\s+(?:me|us)\b|\banswered(?=\s*[.!,]|\s*$)|\bnailed\s+it\b"
    r"|\bspot\s+on\b|\bbang\s+on\b|\bthat\s+(?:did|was)\s+it\b"
    r"|\bexactly\s+what\s+(?:i|we|they|the\s+\w+)\s+(?:needed|wanted|was\s+looking\s+for)\b"
)
# Any other past tense is weaker evidence ("untangled the nested IFs"), minus verbs of
# trying, asking and feeling, adjectives, and "-eed" words ("speed", "need").
_PAST = re.compile(r"\b[a-z]{3,}(?<!e)ed\b")
_NOT_AN_OUTCOME = frozenset(
    {
     "asked", "tried", "used", "wanted", "needed", "hoped", "expected", "wondered", "started",
     "seemed", "looked", "liked", "loved", "tested", "checked", "waited", "failed", "crashed",
     "stopped", "happened", "called", "talked", "mentioned", "played", "stayed", "appeared",
     "attempted", "requested", "wished", "noted", "assumed", "guessed", "pasted", "copied",
     "prompted", "typed", "clicked", "opened", "logged", "registered", "supposed", "based",
     "related", "interested", "excited", "confused", "annoyed", "frustrated", "tired", "bored",
     "worried", "surprised", "impressed", "amazed", "pleased", "disappointed", "concerned",
     "involved", "limited", "detailed", "advanced", "complicated", "dedicated", "experienced",
     "sophisticated", "outdated", "unexpected", "shared", "biased", "skilled", "talented",
     "hundred", "wicked", "naked", "invented", "hallucinated", "ignored", "missed", "skipped",
     "wasted", "lasted", "struggled", "stuck", "blocked", "rejected", "denied", "refused", "forced",
     "reminded", "warned", "claimed", "insisted", "pretended", "offered", "added", "repeated",
     "contradicted", "suggested", "signed", "spent", "lost", "cost", "worked", "escalated",
     "complained", "broke", "pointed", "walked", "turned",
    }
)
_HELPED = re.compile(
    r"\bhelped(?:\s+(?:me|us|him|her|them|[\w-]+\s+team|the\s+team|our\s+team|my\s+team))?"
    r"(?:\s+(?:a\s+lot|a\s+ton|loads|massively|heaps|hugely|so\s+much|big\s+time|greatly))?"
    r"\s+(?:to\s+)?(?!(?:a|so|lot|lots|loads|today|yesterday|again|out|i|thanks|thank|me|us"
    r"|heaps|more|much|tons?|too|as|and|but|though)\b)(?:with\s+)?[a-z]"
)

_ADJECTIVAL = re.compile(r"\b(?:the|a|an|this|that|your|its|our|my)\s+$")

CUES: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("done", re.compile(rf"\b(?:{_DONE_VERBS}){_PARTICLE}\b"), DONE),
    ("made", re.compile(rf"\b(?:{_MADE_VERBS})\b"), MADE),
    ("state", re.compile(_STATE), DONE),
    ("unblocked", re.compile(_UNBLOCKED), DONE),
    ("result", re.compile(_RESULT), DONE),
    ("metric", re.compile(_METRIC), MADE),
    ("saved", re.compile(_SAVED), DONE),
    ("avoided", re.compile(_AVOIDED), MADE),
    ("used", re.compile(_USED), USED),
    ("helped", _HELPED, MADE),
)


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
    hits = []
    for kind, pattern, weight in CUES:
        for match in pattern.finditer(piece):
            at = start + match.start()
            if any(m_start <= at < m_end for m_start, m_end in masked):
                continue
            if kind in ("done", "made") and _ADJECTIVAL.search(folded, max(0, at - 8), at):
                continue  # "the suggested query", "the fixed version": a description
            hits.append(Hit(kind, at, start + match.end(), weight))
    for match in _PAST.finditer(folded, start, end):
        if match.group() in _NOT_AN_OUTCOME or any(h.start <= match.start() < h.end for h in hits):
            continue
        if _ADJECTIVAL.search(folded, max(0, match.start() - 8), match.start()):
            continue
        hits.append(Hit("past", match.start(), match.end(), PAST))
    return hits
