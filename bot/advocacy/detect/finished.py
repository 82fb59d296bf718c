"""Words that report a piece of work as finished or a problem as solved: the strongest sign of
a win, because a win is an outcome, not an opinion.

Completed aspect does the work here: past tense and participles of finishing verbs ("fixed",
"sent", "signed off"), states that mean finished ("board pack out", "migration done", "back
up", "works now"), and the terse verdicts people give an answer that solved their problem
("that did it", "worked first time"). Whether a hit survives negation, modality or a
complaint is for `stance` and `tone` to say, not for this lexicon.
"""

from __future__ import annotations

from bot.advocacy.detect.segments import words

_PARTICLE = r"(?:\s+(?:it|them|this|that|everything|all))?"
# "got stuck", "got confused": "got" + participle is a result only for a good participle.
_NOT_DONE = (
    r"stuck|confused|blocked|rejected|denied|ignored|lost|burned|frustrated|annoyed|tired"
    r"|bored|used|asked|told|charged|flagged|locked|logged"
)
DONE_WORDS = words(
    rf"(?:fixed|solved|resolved|shipped|sent(?:\s+(?:out|off|over|home))?|published|merged"
    rf"|closed|finished|completed|delivered|submitted|posted|launched|deployed|released"
    rf"|cleared|won|landed|nailed|sorted(?:\s+out)?|approved|signed(?:\s+off)?|filed|booked"
    rf"|reconciled|balanced|tied\s+out|unblocked|automated|rolled\s+out|passed|addressed"
    rf"|placed|raised|processed|paid|renewed|cancell?ed|negotiated|issued|invoiced|onboarded"
    rf"|hired|decided|presented|sold|caught|rescued|recovered|restored|rerouted|rebooked"
    rf"|averted|avoided|prevented|patched|corrected|repaired|settled|secured){_PARTICLE}",
    r"shared\s+(?:it\s+|them\s+)?with|carried\s+(?:me|us|the\s+team)|put\s+together|drew\s+up|whipped\s+up|knocked\s+out",
    r"churned\s+out|made\s+(?:a|the|our)\s+(?:call|decision)|decisions?\s+(?:was\s+|were\s+)?made",
    r"went\s+(?:live|out|in(?!\s+the\s+(?:bin|trash|rubbish))|through|smoothly|to)|(?:was|were|got|been)\s+accepted",
    # "got the report finished", "got it approved": a result the writer brought about.
    rf"got\s+(?:\w+\s+){{0,6}}?(?:done|working|sorted|sent|through|out|right|over\s+the\s+line"
    rf"|across\s+the\s+line|live|(?!(?:{_NOT_DONE})\b)\w+ed)",
    r"(?:hit|met|made|beat)\s+(?:the|our|my|a)\s+(?:\w+\s+)?(?:deadline|target|cutoff|sla)",
    r"(?:hit|reached|got\s+to)\s+(?:inbox\s+zero|zero\s+backlog|(?:our|my|the)\s+(?:goal|quota))",
)
# A state that means finished: "board pack out", "migration done", "deck ready", "back up".
STATE = words(
    # At a clause start too: "needed a summary for my boss, done in 2 mins".
    r"(?:(?<=\w\s)|^)(?:done|sorted|live|complete|ready)(?!\s+(?:by|with\s+it|to|for)\b)",
    r"(?:is|are|was|were|now|went|it's)\s+live|live\s+(?:on|in|since|by)",
    r"(?:is|are|was|were|'s|'re|now)\s+out\s+(?:to|with)\s+(?!lunch\b)\w+",
    r"had\s+(?:it|them|the\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:in\s+front\s+of|on\s+(?:his|her|their"
    r"|my|the\s+\w+'s)\s+desk|in\s+(?:his|her|their|the\s+\w+'s)\s+inbox)",
    r"(?:is|are)\s+in(?=\s*[,.!]|\s*$)",
    r"out\s+(?:the\s+door|on\s+time|early|today|tonight|this\s+(?:morning|afternoon|week)"
    r"|before|by\s+\w+|ahead|same\s+day|an?\s+(?:day|week)|\d)",
    r"back\s+up|up\s+and\s+running|back\s+on\s+track|in\s+prod(?:uction)?",
    # Something that runs again: "works now", "the nightly job's running again".
    r"(?:works?|working|runs?|running|flowing|loads?|loading|compiles?|balances?|passing"
    r"|passes|validates?|syncs?|syncing)\s+(?:fine\s+|perfectly\s+|properly\s+)?(?:again|now)",
    r"(?:is|are|went|turned)\s+(?:all\s+)?green|green\s+again",
)
# The verdicts a reply gives an answer that solved the problem.
SOLVED = words(
    r"^(?:it\s+|that\s+|this\s+)?worked|it\s+worked|did\s+the\s+(?:job|trick)",
    r"worked\s+(?:perfectly|first\s+(?:try|time|go)|a\s+treat|great|like\s+a\s+charm)",
    r"(?:that|this)\s+(?:did|was)\s+it|nailed\s+it|crisis\s+averted|problem\s+solved",
    # What was asked, then done, said by ellipsis: "asked it to fix the formula and it did".
    r"(?:asked|told|got)\s+(?:it|the\s+\w+)\s+to\s+\w+(?:\s+[\w'-]+){0,6}?\s+and\s+it\s+did\b",
)
