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

from bot.advocacy.detect.segments import words

DONE = 2.3  # delivered, fixed, closed: the work is finished
MADE = 1.7  # written, found, explained: a concrete piece of work, not yet said to be shipped
PAST = 1.2  # some other past tense: something happened, not said to be finished
USED = 0.9  # "used it to…", "it worked": it was put to work, outcome implied

_PARTICLE = r"(?:\s+(?:it|them|this|that|everything|all))?"
_NOT_DONE = (
    r"stuck|confused|blocked|rejected|denied|ignored|lost|burned|frustrated|annoyed|tired|"
    r"bored|used"
)
_DONE = words(
    rf"(?:fixed|solved|resolved|shipped|sent(?:\s+(?:out|off|over))?|published|merged|closed"
    rf"|finished|completed|delivered|submitted|posted|launched|deployed|released|cleared|won"
    rf"|landed|nailed|sorted(?:\s+out)?|approved|signed(?:\s+off)?|filed|booked|reconciled"
    rf"|balanced|tied\s+out|unblocked|automated|rolled\s+out|passed|addressed|placed|raised"
    rf"|processed|paid|renewed|cancell?ed|negotiated|issued|invoiced|onboarded|hired|decided"
    rf"|presented|sold|caught|rescued|recovered|restored|rerouted|rebooked){_PARTICLE}",
    r"carried\s+(?:me|us|the\s+team)|put\s+together|drew\s+up|whipped\s+up|knocked\s+out",
    r"churned\s+out|made\s+(?:a|the|our)\s+(?:call|decision)|decisions?\s+(?:was\s+|were\s+)?made",
    r"went\s+(?:live|out|in|through|smoothly|to)",
    # "got the report finished", "got it approved" — not "got stuck" or "got confused".
    rf"got\s+(?:\w+\s+){{0,6}}?(?:done|working|sorted|sent|through|out|right|over\s+the\s+line"
    rf"|across\s+the\s+line|live|(?!(?:{_NOT_DONE})\b)\w+ed)",
    r"(?:hit|met|made|beat)\s+(?:the|our|my|a)\s+(?:\w+\s+)?(?:deadline|target|cutoff|sla)",
    r"(?:hit|reached|got\s+to)\s+(?:inbox\s+zero|zero\s+backlog|(?:our|my|the)\s+(?:goal|quota))",
)
_MADE = words(
    r"wrote|rewrote|drafted|redrafted|built|rebuilt|created|generated|produced|prepared",
    r"summari[sz]ed|translated|locali[sz]ed|found|spotted|flagged|identified|detected|noticed",
    r"explained|clarified|compared|pulled(?:\s+together)?|extracted|cleaned(?:\s+up)?",
    r"classified|categori[sz]ed|consolidated|structured|restructured|refactored|migrated",
    r"converted|reformatted|formatted|reviewed|triaged|analy[sz]ed|calculated|worked\s+out",
    r"figured\s+out|debugged|diagnosed|tracked\s+down|narrowed\s+down|answered(?=\s+\w)|handled",
    r"scheduled|organi[sz]ed|updated|set\s+up|configured|optimi[sz]ed|simplified|refreshed",
    r"turned\s+(?:[\w-]+\s+){0,4}into|planned|mapped|compiled|outlined|proofread|edited",
    r"polished|tidied(?:\s+up)?|matched|tagged|segmented|transcribed|suggested|recommended",
    r"reduced|shortened|sped\s+up|streamlined|accelerated|untangled|spun\s+up|stood\s+up",
    r"pointed\s+(?:out|(?:me|us)\s+(?:to|at|in)|to|at)|walked\s+(?:me|us|\w+)\s+through",
    r"showed\s+(?:me|us)|told\s+(?:me|us)|taught\s+(?:me|us)",
    # Enabling: the assistant made the writer's own step possible.
    r"let\s+(?:me|us|them|the\s+team)\s+\w+|(?:allowed|enabled)\s+(?:me|us|them)\s+to",
    r"meant\s+(?:i|we)\s+could|(?:was|were)\s+able\s+to\s+\w+|managed\s+to\s+\w+",
    r"could\s+finally\s+\w+|(?:did|does)\s+(?:most\s+of\s+)?the\s+heavy\s+lifting",
    r"did\s+(?:half|most|all|the\s+bulk)\s+(?:of\s+)?the\s+(?:work|job|lifting)",
    r"did\s+(?:the|all\s+the)\s+\w+",
)
_STATE = words(
    # "board pack out", "migration done", "deck ready": a state that means finished.
    r"(?<=\w\s)(?:done|sorted|live|complete|ready)(?!\s+(?:by|before|with\s+it|to|for)\b)",
    r"(?:is|are|was|were|now|went|it's)\s+live|live\s+(?:on|in|since|by)",
    r"had\s+(?:it|them|the\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:in\s+front\s+of|on\s+(?:his|her|their|my)\s+desk"
    r"|in\s+(?:his|her|their)\s+inbox)",
    r"(?:is|are)\s+in(?=\s*[,.!]|\s*$)",
    r"out\s+(?:the\s+door|on\s+time|early|today|tonight|this\s+(?:morning|afternoon|week)"
    r"|before|by\s+\w+|ahead|same\s+day|an?\s+(?:day|week)|\d)",
    r"back\s+up|up\s+and\s+running|(?:running|working|flowing)\s+(?:again|now)|works\s+now",
    r"back\s+on\s+track|in\s+prod(?:uction)?|(?:is|are|went|turned)\s+(?:all\s+)?green",
    r"green\s+again|passing\s+(?:again|now)",
)
_UNBLOCKED = words(
    r"unblocked|no\s+longer\s+(?:stuck|blocked)|makes\s+sense\s+now",
    r"(?:now|finally)\s+(?:i\s+|we\s+)?(?:know|understand|understood|get\s+it|got\s+it)",
    r"answered\s+(?:my|our|the|a)\s+(?:\w+\s+){0,3}(?:question|q|query)",
    r"(?:got|found|had)\s+(?:an?|the|my)\s+(?:[\w-]+\s+)?answer",
    r"(?:question|q|query)\s+(?:was\s+)?answered",
    r"(?:got|found|had|gave\s+me)\s+(?:[\w'-]+\s+){0,4}(?:i|we)\s+needed",
    r"knew\s+exactly|got\s+me\s+(?:through|unstuck|over|there)|cleared\s+(?:it\s+)?up",
)
_RESULT = words(
    r"(?:customers?|client|they|cfo|vp|manager|partner|auditors?|boss|hiring\s+manager"
    r"|comms\s+lead|the\s+team)\s+(?:replied|confirmed|(?:was|were|is|are)\s+(?:happy|thrilled"
    r"|delighted|impressed)|loved\s+it|approved|accepted|signed|had\s+them|stayed)",
    r"(?:got|received|had)\s+(?:the\s+|their\s+)?(?:sign-?off|approval|go-?ahead)",
    r"approved\s+(?:it\s+)?(?:first|with|same)|went\s+smoothly",
    r"said\s+(?:it|this|that|they)\s+(?:was|were|is|looked)\s+(?:great|perfect|the\s+best"
    r"|spot\s+on|exactly|really|super|excellent|brilliant|amazing)",
)
_METRIC = words(
    r"\d+(?:\.\d+)?\s*(?:%|x)\s+(?:faster|quicker|more|fewer|less|higher|better|lower|the)",
    r"(?:took|brought|got|went|cut|reduced)\s+(?:[\w-]+\s+){0,4}?from\s+\S+\s+to",
    r"(?:up|down)\s+from\s+\S+\s+to|beat\s+(?:[\w-]+\s+){0,3}by|doubled|halved|tripled",
    r"cut\s+(?:[\w-]+\s+){0,3}in\s+half|no\s+more\s+\w+ing|\d+x\s+the",
    r"fewer\s+(?:questions|tickets|errors|escalations|mistakes)",
    r"(?:nobody|no\s+one)\s+(?:escalated|complained|had\s+to)",
    r"haven'?t\s+had\s+(?:a|any)\s+\w+\s+since",
    r"(?:best|highest|lowest|fastest|record)\s+(?:[\w-]+\s+){0,3}(?:we'?ve|i'?ve|ever"
    r"|all\s+year|this\s+year|to\s+date|so\s+far)",
)
# "saved a draft to my documents" is a file being saved, not time.
_FILE = r"(?:\w+\s+)?(?:draft|file|copy|version|document|doc|spreadsheet|workbook|note|backup|pdf)"
_SAVED = words(
    rf"saved\s+(?!(?:a|an|the|my|it|this|that)\s+{_FILE}\b)(?:me|us|the|our|my|him|her|them|a"
    r"|an|\d|~|hours|days|so|loads|tons|heaps|lots|time|ages|about|roughly|around|at|like|easily"
    r"|over|half|some)",
    r"(?:time|hours?|days?|minutes?|mins?)\s+saved|saved\s+(?:the|my)\s+(?:day|bacon|skin)",
)
_AVOIDED = words(
    r"(?:didn'?t|did\s+not|don'?t|never|no\s+longer|won'?t)\s+(?:have|need|had)\s+to",
    r"no\s+need\s+to|without\s+having\s+to|didn'?t\s+need\s+to|instead\s+of\s+\w+ing",
    r"saved\s+(?:me|us|myself|ourselves)\s+(?:from\s+)?(?:having\s+to|a\s+trip|the\s+trouble)",
)
_USED = words(
    r"used\s+(?:it|the\s+\w+|this|copilot|chatgpt|its)(?:\s+\w+){0,3}?\s+(?:to|for)"
    r"(?!\s+(?:the\s+first\s+time|a\s+(?:bit|while|test|demo|trial)|fun|testing|now)\b)",
    r"^(?:it\s+|that\s+|this\s+)?(?:worked|works)|it\s+worked",
    r"worked\s+(?:perfectly|first\s+(?:try|time)|a\s+treat|great|like\s+a\s+charm)",
    r"did\s+the\s+(?:job|trick)|(?:gave|handed)\s+(?:me|us)|answered(?=\s*[.!,]|\s*$)",
    r"nailed\s+it|spot\s+on|bang\s+on|that\s+(?:did|was)\s+it",
    r"exactly\s+what\s+(?:i|we|they|the\s+\w+)\s+(?:needed|wanted|was\s+looking\s+for)",
)
# Any other past tense is weaker evidence ("untangled the nested IFs"), minus verbs of
# trying, asking and feeling, adjectives, and "-eed" words ("speed", "need").
_PAST = re.compile(r"\b[a-z]{3,}(?<!e)ed\b")
_NOT_AN_OUTCOME = frozenset(
    {
        "asked",
        "tried",
        "used",
        "wanted",
        "needed",
        "hoped",
        "expected",
        "wondered",
        "started",
        "seemed",
        "looked",
        "liked",
        "loved",
        "tested",
        "checked",
        "waited",
        "failed",
        "crashed",
        "stopped",
        "happened",
        "called",
        "talked",
        "mentioned",
        "played",
        "stayed",
        "appeared",
        "attempted",
        "requested",
        "wished",
        "noted",
        "assumed",
        "guessed",
        "pasted",
        "copied",
        "prompted",
        "typed",
        "clicked",
        "opened",
        "logged",
        "registered",
        "supposed",
        "based",
        "related",
        "interested",
        "excited",
        "confused",
        "annoyed",
        "frustrated",
        "tired",
        "bored",
        "worried",
        "surprised",
        "impressed",
        "amazed",
        "pleased",
        "disappointed",
        "concerned",
        "involved",
        "limited",
        "detailed",
        "advanced",
        "complicated",
        "dedicated",
        "experienced",
        "sophisticated",
        "outdated",
        "unexpected",
        "shared",
        "biased",
        "skilled",
        "talented",
        "hundred",
        "wicked",
        "naked",
        "invented",
        "hallucinated",
        "ignored",
        "missed",
        "skipped",
        "wasted",
        "lasted",
        "struggled",
        "stuck",
        "blocked",
        "rejected",
        "denied",
        "refused",
        "forced",
        "reminded",
        "warned",
        "claimed",
        "insisted",
        "pretended",
        "offered",
        "added",
        "repeated",
        "contradicted",
        "suggested",
        "signed",
        "spent",
        "lost",
        "cost",
        "worked",
        "escalated",
        "complained",
        "broke",
        "pointed",
        "walked",
        "turned",
        "saved",
    }
)
_HELPED = re.compile(
    r"\bhelped(?:\s+(?:me|us|him|her|them|[\w-]+\s+team|the\s+team|our\s+team|my\s+team))?"
    r"(?:\s+(?:a\s+lot|a\s+ton|loads|massively|heaps|hugely|so\s+much|big\s+time|greatly))?"
    r"\s+(?:to\s+)?(?!(?:a|so|lot|lots|loads|today|yesterday|again|out|i|thanks|thank|me|us"
    r"|heaps|more|much|tons?|too|as|and|but|though)\b)(?:with\s+)?[a-z]"
)

# "the suggested query" describes; "that fixed it" reports (so "that"/"this" are not here).
_ADJECTIVAL = re.compile(r"\b(?:the|a|an|your|its|our|my)\s+$")

CUES: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("done", _DONE, DONE),
    ("made", _MADE, MADE),
    ("state", _STATE, DONE),
    ("unblocked", _UNBLOCKED, DONE),
    ("result", _RESULT, DONE),
    ("metric", _METRIC, MADE),
    ("saved", _SAVED, DONE),
    ("avoided", _AVOIDED, MADE),
    ("used", _USED, USED),
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
